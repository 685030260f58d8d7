// A connection asks for its SFTP session and its shell as it connects, not each at its first use; the shell once the
// SFTP session is up, so the process sshd starts for it does not slow the session most first tasks wait for.
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { SshConnection } from '../../src/connection/ssh.js';
import { generateKeyPair } from '../helpers/ssh-keys.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const { Server, utils } = ssh2;
let server: InstanceType<typeof Server>;
let port = 0;
/** What the server was asked for, per connection, and a wait for the nth request. */
const asked: string[][] = [];
let onAsk: (() => void) | undefined;
const dir = makeTempDir('cp-open-channels-');
writeFileSync(join(dir, 'id_ed25519'), generateKeyPair('ed25519').private, { mode: 0o600 });

beforeAll(async () => {
  server = new Server({ hostKeys: [generateKeyPair('ed25519').private] }, (client) => {
    const mine: string[] = [];
    asked.push(mine);
    const note = (what: string) => {
      mine.push(what);
      onAsk?.();
    };
    client.on('authentication', (ctx) => ctx.accept());
    client.on('session', (accept) => {
      const session = accept();
      session.on('exec', (acceptExec, _reject, info) => {
        note(`exec ${info.command}`);
        acceptExec();
      });
      session.on('sftp', (acceptSftp) => {
        note('sftp');
        acceptSftp();
      });
    });
    client.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

test.each([
  ['with the shell', true, ['exec exec sh', 'sftp']],
  ['with the shell turned off', false, ['sftp']],
])('%s: connecting alone asks for %j', async (_name, shell, expected) => {
  const vars = { ansible_host: '127.0.0.1', ansible_port: port, ansible_user: 'u', ansible_ssh_private_key_file: join(dir, 'id_ed25519'), ansible_ssh_common_args: '-o StrictHostKeyChecking=no' };
  const conn = new SshConnection('h', vars, { shell, connectAttempts: 1, warn: () => undefined });
  const at = asked.length;
  await conn.connect();
  // Nothing else is sent: wait until the server has seen as many requests as expected (the test's timeout otherwise).
  await new Promise<void>((resolve) => {
    onAsk = () => asked[at]!.length >= expected.length && resolve();
    onAsk();
  });
  await conn.close();
  expect([...asked[at]!].sort()).toEqual(expected);
});

test('asks for the shell once the SFTP session is up', async () => {
  const Client = ssh2.Client.prototype;
  const order: string[] = [];
  const { sftp, exec } = Client;
  const sftpSpy = vi.spyOn(Client, 'sftp').mockImplementation(function (this: ssh2.Client, cb: Parameters<typeof sftp>[0]) {
    order.push('sftp asked');
    return sftp.call(this, (err, session) => {
      order.push('sftp up');
      cb(err, session);
    });
  });
  const execSpy = vi.spyOn(Client, 'exec').mockImplementation(function (this: ssh2.Client, ...args: unknown[]) {
    order.push(`exec ${String(args[0])}`);
    return (exec as (...a: unknown[]) => ssh2.Client).apply(this, args);
  } as typeof exec);
  const vars = { ansible_host: '127.0.0.1', ansible_port: port, ansible_user: 'u', ansible_ssh_private_key_file: join(dir, 'id_ed25519'), ansible_ssh_common_args: '-o StrictHostKeyChecking=no' };
  const conn = new SshConnection('h', vars, { connectAttempts: 1, warn: () => undefined });
  const at = asked.length;
  try {
    await conn.connect();
    // Until the server has seen both (the test's timeout otherwise).
    await new Promise<void>((resolve) => {
      onAsk = () => asked[at]!.length >= 2 && resolve();
      onAsk();
    });
  } finally {
    sftpSpy.mockRestore();
    execSpy.mockRestore();
    await conn.close();
  }
  expect(order).toEqual(['sftp asked', 'sftp up', 'exec exec sh']);
});
