// Runs modules through executeModule over a real LocalConnection, with a temp dir holding files/ and templates/.
import { mkdirSync, readFileSync, statSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LocalConnection } from '../../src/connection/local.js';
import { executeModule } from '../../src/modules/execute.js';
import { findModule } from '../../src/modules/index.js';
import type { ModuleContext, ModuleResult } from '../../src/modules/types.js';
import { renderFile } from '../../src/template/index.js';
import { makeTempDir } from './temp-dir.js';

export interface Harness {
  dir: string;
  /** Absolute path inside the temp dir. */
  p(name: string): string;
  write(name: string, content: string | Buffer): string;
  read(name: string): string;
  exists(name: string): boolean;
  mtime(name: string): number;
  run(module: string, args: Record<string, unknown>, opts?: { check?: boolean; vars?: Record<string, unknown>; verbosity?: number }): Promise<ModuleResult>;
  cleanup(): void;
}

export function createHarness(): Harness {
  const dir = makeTempDir('carbon-play-mod-');
  for (const d of ['files', 'templates', 'vars', 'host']) mkdirSync(join(dir, d));
  const conn = new LocalConnection('localhost', {});
  const p = (name: string) => (name.startsWith('/') ? name : join(dir, 'host', name));
  return {
    dir,
    p,
    write(name, content) {
      writeFileSync(p(name), content);
      return p(name);
    },
    read: (name) => readFileSync(p(name), 'utf8'),
    exists: (name) => existsSync(p(name)),
    mtime: (name) => statSync(p(name)).mtimeMs,
    run(module, args, opts = {}) {
      const def = findModule(module);
      if (!def) throw new Error(`no module ${module}`);
      const vars = opts.vars ?? {};
      const ctx: ModuleContext = {
        host: 'localhost',
        conn,
        connectionFor: () => conn,
        vars,
        check: opts.check ?? false,
        verbosity: opts.verbosity,
        // The harness's callers read every result, as a registered task's are read.
        resultSeen: true,
        diff: true,
        findFile(kind, name) {
          const f = join(dir, kind, name);
          if (!existsSync(f)) throw new Error(`${kind}/${name} not found`);
          return f;
        },
        render: (text, file, extra) => renderFile(text, vars, file, extra),
        signal: new AbortController().signal,
      };
      return executeModule(def, args, ctx);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
