// A direct connection's TCP socket, opened before ssh2 is loaded: sshd accepts and starts its session meanwhile.
import { connect, type Socket } from 'node:net';

export interface EarlySocket {
  /** The socket for ssh2 when it is still good (connecting or connected); undefined when it failed. Once only. */
  take(): Socket | undefined;
  /** Lets go of a socket nobody took. */
  drop(): void;
}

/**
 * Loading ssh2 and parsing the key cost the controller ~60 ms of CPU; the server's accept, fork and banner take
 * about as long. Started first, the two overlap. A socket that failed is not handed on: ssh2 then connects as
 * usual and reports the reason itself (refused, no route, timeout), so errors read as before.
 */
export function connectEarly(host: string, port: number): EarlySocket {
  let sock: Socket | undefined = connect({ host, port, noDelay: true });
  let failed = false;
  // Until ssh2 takes it, an error is only noted (ssh2 adds its own listener when it does).
  sock.on('error', () => {
    failed = true;
  });
  return {
    take() {
      const s = sock;
      sock = undefined;
      if (!s || failed || s.destroyed) {
        s?.destroy();
        return undefined;
      }
      return s;
    },
    drop() {
      sock?.destroy();
      sock = undefined;
    },
  };
}
