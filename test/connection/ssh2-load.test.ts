// Which ssh2 a run loads: the bundle's ssh2.cjs when it is there, else the client and key parser from node_modules.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { requireSsh2 } from '../../src/connection/ssh2-load.js';
import { generateKeyPair } from '../helpers/ssh-keys.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const notFound = (spec: string) => Object.assign(new Error(`Cannot find module '${spec}'`), { code: 'MODULE_NOT_FOUND' });
const fakeClient = class {};
const fakeParse = () => undefined;

/** A require that serves `files` and fails as Node's does for anything else; `asked` records every specifier. */
function fakeRequire(files: Record<string, unknown>, asked: string[]): NodeJS.Require {
  return ((spec: string) => {
    asked.push(spec);
    if (spec in files) {
      const f = files[spec];
      if (f instanceof Error) throw f;
      return f;
    }
    throw notFound(spec);
  }) as NodeJS.Require;
}

describe('requireSsh2', () => {
  it('takes the bundled file when it is there, and nothing from node_modules', () => {
    const asked: string[] = [];
    const s = requireSsh2(fakeRequire({ './ssh2.cjs': { Client: fakeClient, parseKey: fakeParse } }, asked));
    expect([s.Client, s.utils.parseKey, asked]).toEqual([fakeClient, fakeParse, ['./ssh2.cjs']]);
  });

  it('falls back to the client and key parser in node_modules when there is no bundled file', () => {
    const asked: string[] = [];
    const s = requireSsh2(fakeRequire({ 'ssh2/lib/client.js': fakeClient, 'ssh2/lib/protocol/keyParser.js': { parseKey: fakeParse } }, asked));
    expect([s.Client, s.utils.parseKey, asked]).toEqual([fakeClient, fakeParse, ['./ssh2.cjs', 'ssh2/lib/client.js', 'ssh2/lib/protocol/keyParser.js']]);
  });

  it.each([
    ['an error inside the bundled file', new Error('boom')],
    ['a module the bundled file itself cannot find', notFound('ssh2/lib/protocol/crypto/poly1305.js')],
  ])('%s is thrown, not covered up by the fallback', (_name, error) => {
    expect(() => requireSsh2(fakeRequire({ './ssh2.cjs': error, 'ssh2/lib/client.js': fakeClient }, []))).toThrow(error.message);
  });

  it('from the sources (no bundle beside them): the real ssh2 in node_modules', () => {
    const s = requireSsh2(createRequire(join(import.meta.dirname, '../../src/connection/ssh2-load.ts')));
    expect([s.Client, typeof s.utils.parseKey]).toEqual([createRequire(import.meta.url)('ssh2/lib/client.js'), 'function']);
  });
});

// The built bin, as users run it: its run connects with the bundle's ssh2.cjs, and loads none of ssh2's own files.
const root = join(import.meta.dirname, '../..');
const bundle = join(root, 'dist/bundle/main.cjs');
const compiled = join(root, 'dist/src/cli/main.js');
const fresh = existsSync(bundle) && existsSync(compiled) && statSync(bundle).mtimeMs >= statSync(compiled).mtimeMs;

describe.skipIf(!fresh)('the bundled bin (npm run build)', () => {
  it('connects and runs commands with dist/bundle/ssh2.cjs, requiring none of the JavaScript in node_modules/ssh2, padding from a pool', async () => {
    const { Server, utils } = ssh2;
    const server = new Server({ hostKeys: [generateKeyPair('ed25519').private] }, (client) => {
      client.on('authentication', (ctx) => ctx.accept());
      client.on('session', (accept) => {
        const session = accept();
        session.on('sftp', (_a, reject) => reject());
        session.on('exec', (acceptExec) => {
          const stream = acceptExec();
          stream.exit(0);
          stream.end();
        });
      });
      client.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const dir = makeTempDir('cp-bin-ssh2-');
      writeFileSync(join(dir, 'id_ed25519'), generateKeyPair('ed25519').private, { mode: 0o600 });
      const port = (server.address() as AddressInfo).port;
      writeFileSync(join(dir, 'inv'), `h1 ansible_host=127.0.0.1 ansible_port=${port} ansible_user=u ansible_ssh_private_key_file=${join(dir, 'id_ed25519')} ansible_ssh_common_args='-o StrictHostKeyChecking=no'\n`);
      writeFileSync(join(dir, 'site.yml'), `- hosts: all\n  gather_facts: false\n  tasks:\n${'    - ping:\n'.repeat(10)}`);
      // The files loaded, and how often randomFillSync was called (counted from before ssh2.cjs takes it).
      const record = [
        "const crypto = require('node:crypto'); const fill = crypto.randomFillSync; let calls = 0;",
        'crypto.randomFillSync = function (...a) { calls++; return fill.apply(this, a); };',
        `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'loaded'))}, [calls, ...Object.keys(require.cache)].join('\\n')));`,
      ];
      writeFileSync(join(dir, 'record.cjs'), record.join('\n'));
      const env = { ...process.env, CARBON_PLAY_SSH_NO_SHELL: '1' };
      const r = await promisify(execFile)(process.execPath, ['--require', join(dir, 'record.cjs'), join(root, 'dist/src/cli/bin.cjs'), 'site.yml', '-i', 'inv'], { cwd: dir, env });
      expect(r.stdout).toMatch(/h1 +: ok=10 +changed=0 +unreachable=0 +failed=0/);
      const [calls, ...loaded] = readFileSync(join(dir, 'loaded'), 'utf8').split('\n');
      // Ten commands are ~60 packets, each padded: the padding comes from a pool (scripts/ssh2-padding.mjs).
      expect(Number(calls)).toBeLessThan(10);
      expect(loaded).toContain(join(root, 'dist/bundle/ssh2.cjs'));
      // Its native crypto binding still comes from there (scripts/bundle.mjs).
      expect(loaded.filter((f) => /[\\/]node_modules[\\/]ssh2[\\/].*\.js$/.test(f))).toEqual([]);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
