// The key login in one step: the server gets the signed request first (no unsigned "may I use this key?" query),
// the signature is valid for each key type, and a refused key still falls through to the next method. The login
// request leaves before the server's yes to the ssh-userauth service, except with an RSA key.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ssh2, { type ParsedKey } from 'ssh2';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { endClient, openClient } from '../../src/connection/ssh-connect.js';
import { resolveSshSettings } from '../../src/connection/ssh-settings.js';
import { askLoginEarly, signFirst } from '../../src/connection/ssh-sign-first.js';
import { generateKeyPair } from '../helpers/ssh-keys.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const { Server, utils } = ssh2;
const dir = makeTempDir('cp-sign-first-');
type KeyKind = 'ed25519' | 'rsa' | 'ecdsa';
const keys: Record<KeyKind, string> = { ed25519: '', rsa: '', ecdsa: '' };
for (const [kind, opts] of [['ed25519', {}], ['rsa', { bits: 2048 }], ['ecdsa', { bits: 256 }]] as const) {
  keys[kind] = join(dir, `id_${kind}`);
  writeFileSync(keys[kind], generateKeyPair(kind, opts).private, { mode: 0o600 });
}
/** The one key the server accepts (the others are refused, as a key missing from authorized_keys is). */
let accepted: KeyKind[] = [];
/** Each login attempt the server saw: method, and for a key whether it came signed and the signature held. */
const seen: string[] = [];
let server: InstanceType<typeof Server>;
let port = 0;

function publicBlobOf(kind: KeyKind): Buffer {
  const parsed = utils.parseKey(readFileSync(keys[kind])) as ParsedKey;
  return parsed.getPublicSSH();
}

beforeAll(async () => {
  server = new Server({ hostKeys: [generateKeyPair('ed25519').private] }, (client) => {
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password') {
        seen.push('password');
        return ctx.password === 'right' ? ctx.accept() : ctx.reject(['publickey', 'password']);
      }
      if (ctx.method !== 'publickey') {
        seen.push(ctx.method);
        return ctx.reject(['publickey', 'password']);
      }
      const allowed = accepted.some((k) => publicBlobOf(k).equals(ctx.key.data));
      if (!ctx.signature) {
        seen.push('publickey query');
        return allowed ? ctx.accept() : ctx.reject(['publickey', 'password']);
      }
      const key = utils.parseKey(ctx.key.data) as ParsedKey;
      const valid = key.verify(ctx.blob!, ctx.signature, ctx.hashAlgo);
      seen.push(`publickey signed${valid === true ? '' : ' (bad signature)'}`);
      return allowed && valid === true ? ctx.accept() : ctx.reject(['publickey', 'password']);
    });
    client.on('ready', () => undefined);
    client.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function login(vars: Record<string, unknown>): Promise<string> {
  const s = resolveSshSettings('h', { ansible_host: '127.0.0.1', ansible_port: port, ansible_user: 'u', ...vars }, { hostKeyChecking: false });
  try {
    await endClient(await openClient(s, { connectAttempts: 1 }));
    return 'logged in';
  } catch (e) {
    return (e as Error).message.replace(/^.*: /, '');
  }
}

test.each<[string, KeyKind, KeyKind[], Record<string, unknown>, string, string[]]>([
  ['an ed25519 key', 'ed25519', ['ed25519'], {}, 'logged in', ['publickey signed']],
  ['an RSA key (rsa-sha2-256)', 'rsa', ['rsa'], {}, 'logged in', ['publickey signed']],
  ['an ECDSA key', 'ecdsa', ['ecdsa'], {}, 'logged in', ['publickey signed']],
  // After a refused key, the next method is tried (here the last one, 'none'), as with ssh2's query.
  ['a refused key', 'ed25519', [], {}, 'authentication failed (the server refused every key and password offered)', ['publickey signed', 'none']],
  ['a wrong password, then the key', 'ed25519', ['ed25519'], { ansible_password: 'wrong' }, 'logged in', ['password', 'publickey signed']],
])('%s', async (_name, kind, allow, extra, outcome, attempts) => {
  accepted = allow;
  seen.length = 0;
  expect(await login({ ansible_ssh_private_key_file: keys[kind], ...extra })).toBe(outcome);
  expect(seen).toEqual(attempts);
});

test('leaves a client without the expected protocol object alone', () => {
  const key = utils.parseKey(readFileSync(keys.ed25519)) as ParsedKey;
  const odd = { _protocol: { authPK: 'not a function' } };
  expect(() => signFirst(odd as never, key)).not.toThrow();
  expect(odd._protocol.authPK).toBe('not a function');
  expect(() => signFirst({} as never, key)).not.toThrow();
  const noHandlers = { _protocol: { service: () => undefined } };
  askLoginEarly(noHandlers as never);
  expect(Object.keys(noHandlers._protocol)).toEqual(['service']);
  expect(() => askLoginEarly({} as never)).not.toThrow();
});

// ssh2's inbound message table (SERVICE_ACCEPT is message 6) and its protocol class, to see what the client did when.
const requireSsh2 = createRequire(import.meta.url);
const inbound = requireSsh2('ssh2/lib/protocol/handlers.js') as Array<((self: unknown, payload: Buffer) => void) | undefined>;
const { prototype: protocol } = requireSsh2('ssh2/lib/protocol/Protocol.js') as { prototype: { authPK: (...args: unknown[]) => void } };

test.each<[KeyKind, string[]]>([
  ['ed25519', ['login sent', 'service accepted']],
  ['ecdsa', ['login sent', 'service accepted']],
  // Its signature algorithm is chosen from the server's EXT_INFO, which comes with the yes.
  ['rsa', ['service accepted', 'login sent']],
])('the login request with an %s key, and the service yes: %j', async (kind, order) => {
  accepted = [kind];
  const seenOrder: string[] = [];
  const serviceAccept = inbound[6]!;
  const authPK = protocol.authPK;
  inbound[6] = (self, payload) => {
    seenOrder.push('service accepted');
    serviceAccept(self, payload);
  };
  protocol.authPK = function (this: unknown, ...args: unknown[]) {
    seenOrder.push('login sent');
    return authPK.apply(this, args);
  };
  try {
    expect(await login({ ansible_ssh_private_key_file: keys[kind] })).toBe('logged in');
  } finally {
    inbound[6] = serviceAccept;
    protocol.authPK = authPK;
  }
  expect(seenOrder).toEqual(order);
});
