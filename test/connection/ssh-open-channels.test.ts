// A connection asks for its SFTP session and its shell together, as it connects, not each at its first use.
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SshConnection } from '../../src/connection/ssh.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const { Server, utils } = ssh2;
let server: InstanceType<typeof Server>;
let port = 0;
/** What the server was asked for, per connection, and a wait for the nth request. */
const asked: string[][] = [];
let onAsk: (() => void) | undefined;
const dir = makeTempDir('cp-open-channels-');
writeFileSync(join(dir, 'id_ed25519'), utils.generateKeyPairSync('ed25519').private, { mode: 0o600 });

beforeAll(async () => {
  server = new Server({ hostKeys: [utils.generateKeyPairSync('ed25519').private] }, (client) => {
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
