// Test-only connection over the local filesystem (readFile/writeFile/stat), and a ModuleContext around it.
import { mkdir, readFile, rename, stat as lstat, writeFile, copyFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { Connection, FileStat, WriteOptions, WriteResult } from '../../src/connection/types.js';
import type { ModuleContext } from '../../src/modules/types.js';

export interface FsConnection extends Connection {
  /** How many reads and writes went through, to check "one round trip each way". */
  counts: { reads: number; writes: number };
}

export function createFsConnection(host = 'localhost'): FsConnection {
  const counts = { reads: 0, writes: 0 };
  const unsupported = async (): Promise<never> => {
    throw new Error('not supported by the test fs connection');
  };
  return {
    host,
    counts,
    async connect() {},
    async close() {},
    run: unsupported,
    forwardOut: unsupported,
    async readFile(path: string): Promise<Buffer | null> {
      counts.reads++;
      try {
        return await readFile(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async writeFile(path: string, data: Buffer, opts?: WriteOptions): Promise<WriteResult> {
      counts.writes++;
      await mkdir(dirname(path), { recursive: true });
      let backupPath: string | undefined;
      if (opts?.backup) {
        backupPath = `${path}.${process.pid}.${Date.now()}~`;
        await copyFile(path, backupPath);
      }
      const tmp = join(dirname(path), `.${basename(path)}.tmp${process.pid}`);
      await writeFile(tmp, data);
      await rename(tmp, path);
      return { backupPath };
    },
    async stat(path: string): Promise<FileStat | null> {
      try {
        const s = await lstat(path);
        return { type: s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other', mode: s.mode & 0o7777, uid: s.uid, gid: s.gid, size: s.size, mtimeMs: s.mtimeMs };
      } catch {
        return null;
      }
    },
  };
}

export function createTestContext(conn: Connection, opts: { check?: boolean; diff?: boolean } = {}): ModuleContext {
  return {
    host: conn.host,
    conn,
    connectionFor: () => conn,
    vars: {},
    check: opts.check ?? false,
    diff: opts.diff ?? true,
    findFile: () => {
      throw new Error('findFile is not available in tests');
    },
    render: (t) => t,
    signal: new AbortController().signal,
  };
}
