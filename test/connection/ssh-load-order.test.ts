// The hosts of a task start their TCP connections before ssh2 is loaded (~40 ms), every host, not only the first.
import { writeFileSync } from 'node:fs';
import Module from 'node:module';
import { Socket, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { SshConnection } from '../../src/connection/ssh.js';
import { generateKeyPair } from '../helpers/ssh-keys.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const { Server, utils } = ssh2;
let server: InstanceType<typeof Server>;
let port = 0;
const dir = makeTempDir('cp-load-order-');
writeFileSync(join(dir, 'id_ed25519'), generateKeyPair('ed25519').private, { mode: 0o600 });

beforeAll(async () => {
  server = new Server({ hostKeys: [generateKeyPair('ed25519').private] }, (client) => {
    client.on('authentication', (ctx) => ctx.accept());
    client.on('session', (accept) => accept().on('sftp', (acceptSftp) => acceptSftp()));
    client.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

test('three hosts asked for in one turn: three TCP connects, then the ssh2 load', async () => {
  const order: string[] = [];
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = loader._load;
  loader._load = function (this: unknown, request: string, ...rest: unknown[]) {
    if (request === 'ssh2/lib/client.js') order.push('ssh2 load');
    return load.call(this, request, ...rest);
  };
  const connect = Socket.prototype.connect;
  const spy = vi.spyOn(Socket.prototype, 'connect').mockImplementation(function (this: Socket, ...args: unknown[]) {
    order.push('tcp connect');
    return (connect as (...a: unknown[]) => Socket).apply(this, args);
  } as typeof connect);
  const vars = { ansible_host: '127.0.0.1', ansible_port: port, ansible_user: 'u', ansible_ssh_private_key_file: join(dir, 'id_ed25519'), ansible_ssh_common_args: '-o StrictHostKeyChecking=no' };
  const conns = ['h1', 'h2', 'h3'].map((h) => new SshConnection(h, vars, { shell: false, connectAttempts: 1, warn: () => undefined }));
  try {
    await Promise.all(conns.map((c) => c.connect()));
  } finally {
    spy.mockRestore();
    loader._load = load;
    await Promise.all(conns.map((c) => c.close()));
  }
  expect(order).toEqual(['tcp connect', 'tcp connect', 'tcp connect', 'ssh2 load']);
});
