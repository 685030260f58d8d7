// Messages the client never answers get an SSH_MSG_IGNORE back (its TCP segment carries the ACK the server's next
// reply would otherwise wait for): the early service yes, DEBUG lines and the host-key announcement after login.
// An in-process ssh2 server logs what it receives; the test reads that log, never the clock.
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { ackNow } from '../../src/connection/ssh-ack.js';
import { endClient, openClient } from '../../src/connection/ssh-connect.js';
import { resolveSshSettings } from '../../src/connection/ssh-settings.js';
import { generateKeyPair } from '../helpers/ssh-keys.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const { Server } = ssh2;
const dir = makeTempDir('cp-ssh-ack-');
const keys = { ed25519: join(dir, 'id_ed25519'), rsa: join(dir, 'id_rsa') };
writeFileSync(keys.ed25519, generateKeyPair('ed25519').private, { mode: 0o600 });
writeFileSync(keys.rsa, generateKeyPair('rsa', { bits: 2048 }).private, { mode: 0o600 });

/** The server's protocol log of the current connection, and what it sends before its login yes and after it. */
let log: string[] = [];
let beforeLogin: Buffer[] = [];
let afterLogin: Buffer[] = [];
let server: InstanceType<typeof Server>;
let port = 0;

/** A payload as OpenSSH's sshd sends it, through the server connection's own packet writer (as ssh2's ping does). */
function sendRaw(proto: { _packetRW: { write: { allocStart: number; alloc(n: number): Buffer; finalize(b: Buffer): Buffer } }; _cipher: { encrypt(b: Buffer): void } }, payload: Buffer): void {
  const w = proto._packetRW.write;
  const packet = w.alloc(payload.length);
  packet.set(payload, w.allocStart);
  proto._cipher.encrypt(w.finalize(packet));
}

const str = (s: string) => {
  const b = Buffer.alloc(4 + Buffer.byteLength(s));
  b.writeUInt32BE(Buffer.byteLength(s));
  b.write(s, 4);
  return b;
};
/** SSH_MSG_DEBUG (4): always_display, message, language. */
const debugMessage = (text: string) => Buffer.concat([Buffer.from([4, 0]), str(text), str('')]);
/** SSH_MSG_USERAUTH_BANNER (53): message, language. */
const banner = Buffer.concat([Buffer.from([53]), str('Authorized use only\n'), str('')]);
/** SSH_MSG_GLOBAL_REQUEST (80) hostkeys-00@openssh.com, want_reply false, one (made-up) key blob. */
const hostKeys = Buffer.concat([Buffer.from([80]), str('hostkeys-00@openssh.com'), Buffer.from([0]), str('key blob')]);

beforeAll(async () => {
  server = new Server({ hostKeys: [generateKeyPair('ed25519').private], debug: (line: string) => log.push(line.replace(/^\[[\d.]+\] /, '')) }, (client) => {
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
      for (const payload of beforeLogin) sendRaw((client as unknown as { _protocol: Parameters<typeof sendRaw>[0] })._protocol, payload);
      ctx.accept();
    });
    client.on('ready', () => {
      const proto = (client as unknown as { _protocol: Parameters<typeof sendRaw>[0] })._protocol;
      for (const payload of afterLogin) sendRaw(proto, payload);
    });
    client.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function login(key: string, sent: Buffer[], sentBefore: Buffer[]): Promise<string[]> {
  log = [];
  afterLogin = sent;
  beforeLogin = sentBefore;
  const s = resolveSshSettings('h', { ansible_host: '127.0.0.1', ansible_port: port, ansible_user: 'u', ansible_ssh_private_key_file: key }, { hostKeyChecking: false });
  const client = await openClient(s, { connectAttempts: 1 });
  try {
    // The client's IGNOREs for what came after the login are in the log once a request sent after them is answered.
    await new Promise<void>((resolve, reject) => client.exec('true', (e, ch) => (e ? resolve() : (ch.on('close', () => resolve()), ch.on('error', reject), ch.close()))));
  } finally {
    await endClient(client);
  }
  return log.filter((l) => /SERVICE_ACCEPT|USERAUTH_SUCCESS|Received IGNORE|Received CHANNEL_OPEN|CHANNEL_OPEN \(/.test(l)).map((l) => l.replace(/^(Inbound|Outbound): (Received |Sending )?/, '').replace(/ \(.*$/, ''));
}

// The server's log has the IGNORE somewhere after what it answers (when it arrives depends on the scheduler).
test.each<[string, keyof typeof keys, Buffer[], Buffer[], string | null]>([
  // The login request went before the service's yes: the yes gets an IGNORE; nothing after the login needs one.
  ['an early login request (ed25519 key)', 'ed25519', [], [], 'SERVICE_ACCEPT'],
  // An RSA key waits for the yes, and its login request answers it: no IGNORE at all.
  ['a login that waited for the service (RSA key)', 'rsa', [], [], null],
  // OpenSSH after a key login: DEBUG lines and the host-key announcement.
  ['DEBUG lines and the host-key announcement after the login', 'rsa', [debugMessage('key options: pty'), debugMessage('key options: x11'), hostKeys], [], 'USERAUTH_SUCCESS'],
  // A banner (sshd's Banner), sent just before the login's yes.
  ['a banner before the login\'s yes', 'rsa', [], [banner], 'USERAUTH_SUCCESS'],
])('%s', async (_name, key, sent, sentBefore, answered) => {
  const seen = await login(keys[key], sent, sentBefore);
  expect(seen.filter((l) => l !== 'IGNORE')).toEqual(['SERVICE_ACCEPT', 'USERAUTH_SUCCESS', 'CHANNEL_OPEN']);
  const ignores = seen.flatMap((l, i) => (l === 'IGNORE' ? [i] : []));
  if (!answered) return expect(ignores).toEqual([]);
  // One per turn of the client's event loop: one when the messages are read together, at most one each otherwise.
  expect(ignores.length).toBeGreaterThanOrEqual(1);
  expect(ignores.length).toBeLessThanOrEqual(Math.max(1, sent.length + sentBefore.length));
  for (const i of ignores) expect(i).toBeGreaterThan(seen.indexOf(answered));
});

test('sends nothing through what is not an ssh2 protocol object, nor during a key exchange', () => {
  expect(ackNow(undefined)).toBe(false);
  expect(ackNow({})).toBe(false);
  const encrypt = vi.fn();
  const writer = { allocStart: 5, alloc: (n: number) => Buffer.alloc(5 + n), finalize: (b: Buffer) => b };
  expect(ackNow({ _kexinit: {}, _packetRW: { write: writer }, _cipher: { encrypt } })).toBe(false);
  expect(encrypt).not.toHaveBeenCalled();
  const proto = { _packetRW: { write: writer }, _cipher: { encrypt } };
  expect(ackNow(proto)).toBe(true);
  // One per turn of the event loop.
  expect(ackNow(proto)).toBe(false);
  expect(encrypt).toHaveBeenCalledTimes(1);
  expect([...(encrypt.mock.calls[0]![0] as Buffer).subarray(5)]).toEqual([2, 0, 0, 0, 0]);
});
