// The handshake's order: the key is offered first (no 'none' attempt, a round trip and sshd's work, before it; password
// and agent keep ssh2's order), and Nagle is off before the login, not after.
import { writeFileSync } from 'node:fs';
import { Socket, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { endClient, openClient } from '../../src/connection/ssh-connect.js';
import { resolveSshSettings } from '../../src/connection/ssh-settings.js';
import { generateKeyPair } from '../helpers/ssh-keys.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const { Server, utils } = ssh2;
let server: InstanceType<typeof Server>;
let port = 0;
const attempts: string[][] = [];
const order: string[] = [];
const dir = makeTempDir('cp-auth-order-');
const clientKey = generateKeyPair('ed25519');
writeFileSync(join(dir, 'id_ed25519'), clientKey.private, { mode: 0o600 });

beforeAll(async () => {
  server = new Server({ hostKeys: [generateKeyPair('ed25519').private] }, (client) => {
    const seen: string[] = [];
    attempts.push(seen);
    client.on('authentication', (ctx) => {
      seen.push(ctx.method);
      order.push('server: login');
      if (ctx.method === 'publickey' || (ctx.method === 'password' && ctx.password === 'right')) ctx.accept();
      else ctx.reject(['publickey', 'password']);
    });
    client.on('ready', () => undefined);
    client.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

// publickey is asked twice (may I use this key, then the signature), so the list is read as distinct methods in order.
test.each([
  ['a key', { ansible_ssh_private_key_file: join(dir, 'id_ed25519') }, ['publickey']],
  ['a wrong password and a key', { ansible_password: 'wrong', ansible_ssh_private_key_file: join(dir, 'id_ed25519') }, ['password', 'publickey']],
  ['the right password and a key', { ansible_password: 'right', ansible_ssh_private_key_file: join(dir, 'id_ed25519') }, ['password']],
])('%s: the server sees %j', async (_name, vars, methods) => {
  const s = resolveSshSettings('h', { ansible_host: '127.0.0.1', ansible_port: port, ansible_user: 'u', ...vars }, { hostKeyChecking: false });
  const before = attempts.length;
  const client = await openClient(s, { connectAttempts: 1 });
  await endClient(client);
  expect([...new Set(attempts[before])]).toEqual(methods);
});

// NEWKEYS and the ssh-userauth request leave as two small writes: with Nagle on, the second waited for the server's
// delayed ACK (~40 ms of every connect on the sandbox hosts).
test('turns Nagle off before the login starts', async () => {
  const s = resolveSshSettings('h', { ansible_host: '127.0.0.1', ansible_port: port, ansible_user: 'u', ansible_ssh_private_key_file: join(dir, 'id_ed25519') }, { hostKeyChecking: false });
  const setNoDelay = Socket.prototype.setNoDelay;
  const spy = vi.spyOn(Socket.prototype, 'setNoDelay').mockImplementation(function (this: Socket, on?: boolean) {
    if (on !== false) order.push('client: no delay');
    return setNoDelay.call(this, on);
  });
  order.length = 0;
  try {
    await endClient(await openClient(s, { connectAttempts: 1 }));
  } finally {
    spy.mockRestore();
  }
  expect(order[0]).toBe('client: no delay');
  expect(order).toContain('server: login');
});
