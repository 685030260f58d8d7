// Test-only connection factory running commands and file I/O on this machine (stands in while src/connection/local.ts is a placeholder).
import { execFile } from 'node:child_process';
import { readFile, writeFile, lstat } from 'node:fs/promises';
import type { Connection, ConnectionFactory } from '../../src/connection/types.js';

function createLocal(host: string): Connection {
  return {
    host,
    async connect() {},
    async close() {},
    run(command, opts = {}) {
      const argv = 'argv' in command ? command.argv : ['sh', '-c', command.shell];
      return new Promise((resolve) => {
        const child = execFile(argv[0], argv.slice(1), { cwd: opts.cwd, env: { ...process.env, ...opts.env } }, (err, stdout, stderr) => {
          const rc = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolve({ rc, stdout: String(stdout), stderr: String(stderr) });
        });
        if (opts.stdin !== undefined) child.stdin?.end(opts.stdin);
      });
    },
    async readFile(path) {
      try {
        return await readFile(path);
      } catch {
        return null;
      }
    },
    async writeFile(path, data) {
      await writeFile(path, data);
      return {};
    },
    async stat(path) {
      try {
        const s = await lstat(path);
        return { type: s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other', mode: s.mode & 0o7777, uid: s.uid, gid: s.gid, size: s.size, mtimeMs: s.mtimeMs };
      } catch {
        return null;
      }
    },
    async forwardOut() {
      throw new Error('not supported in runner tests');
    },
  };
}

export function createLocalFactory(): ConnectionFactory & { used: string[] } {
  const cache = new Map<string, Connection>();
  const used: string[] = [];
  return {
    used,
    get(host) {
      used.push(host);
      let c = cache.get(host);
      if (!c) cache.set(host, (c = createLocal(host)));
      return c;
    },
    async closeAll() {
      cache.clear();
    },
  };
}
