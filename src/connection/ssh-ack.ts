// An SSH_MSG_IGNORE sent back when the server's messages get no answer from us, so that its next reply is not held up.
import type { Client } from 'ssh2';

const SSH_MSG_IGNORE = 2;

interface PacketWriter {
  allocStart: number;
  alloc(length: number): Buffer;
  finalize(packet: Buffer): Buffer;
}

interface Proto {
  _kexinit?: unknown;
  _packetRW?: { write?: Partial<PacketWriter> };
  _cipher?: { encrypt?: (packet: Buffer) => void };
  _handlers?: Record<string, unknown>;
}

/** Protocols that sent an IGNORE in this turn of the event loop: one carries the ACK for everything read in it. */
const sentThisTurn = new WeakSet<object>();

/**
 * sshd keeps Nagle's algorithm on for sessions without a terminal, and Linux delays the ACK of a segment that gets
 * no answer by up to 40 ms. When the server sends a message we do not answer (its yes to the ssh-userauth service
 * after an early login request, the host-key announcement and DEBUG lines after a key login, a banner) and then the
 * reply we wait for, that reply waits in the server's kernel for our delayed ACK: 40 ms of a connect, twice, on
 * this project's machine (ssh2's debug log). An IGNORE, which every implementation accepts at any time after the
 * key exchange (RFC 4253, 11.2), takes the ACK at once. Not during a key exchange (strict KEX allows nothing else
 * there); anything without ssh2's packet writer and cipher is left alone. Returns whether one was sent.
 */
export function ackNow(protocol: unknown): boolean {
  const proto = protocol as Proto | undefined;
  if (!proto || typeof proto !== 'object' || sentThisTurn.has(proto) || proto._kexinit !== undefined) return false;
  const w = proto._packetRW?.write;
  const encrypt = proto._cipher?.encrypt;
  if (typeof w?.alloc !== 'function' || typeof w.finalize !== 'function' || typeof w.allocStart !== 'number' || typeof encrypt !== 'function') return false;
  const at = w.allocStart;
  const packet = w.alloc(5);
  packet[at] = SSH_MSG_IGNORE;
  // An empty string: the message's only field.
  packet.writeUInt32BE(0, at + 1);
  encrypt.call(proto._cipher, w.finalize(packet));
  sentThisTurn.add(proto);
  setImmediate(() => sentThisTurn.delete(proto));
  return true;
}

/** DEBUG and USERAUTH_BANNER messages, which ssh2 never answers, are answered with an IGNORE (see ackNow). */
export function ackUnanswered(client: Client): void {
  const proto = (client as unknown as { _protocol?: Proto })._protocol;
  const handlers = proto?._handlers;
  if (!handlers || typeof handlers !== 'object') return;
  for (const name of ['DEBUG', 'USERAUTH_BANNER']) {
    const original = handlers[name];
    if (original !== undefined && typeof original !== 'function') continue;
    handlers[name] = (p: unknown, ...args: unknown[]) => {
      ackNow(p);
      (original as ((p: unknown, ...args: unknown[]) => void) | undefined)?.(p, ...args);
    };
  }
}
