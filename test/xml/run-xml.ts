// Test helper: runs the xml module (read → plan → apply) on a copy of a fixture, over the test fs connection.
import { copyFileSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { executeModule } from '../../src/modules/execute.js';
import type { ModuleResult } from '../../src/modules/types.js';
import { xml } from '../../src/modules/xml.js';
import { createFsConnection, createTestContext } from '../helpers/fs-connection.js';
import { makeTempDir } from '../helpers/temp-dir.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'xml');

/** Copies a fixture to a temp dir (removed when the test ends) and returns its path. */
export function copyFixture(name: string, from = FIXTURES): string {
  const dir = makeTempDir('xml-test-');
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const dest = join(dir, name.split('/').pop()!);
  copyFileSync(join(from, name), dest);
  return dest;
}

export interface XmlRun {
  result: ModuleResult;
  before: Buffer;
  after: Buffer;
  mtimeChanged: boolean;
  reads: number;
  writes: number;
}

export async function runXml(args: Record<string, unknown>, opts: { check?: boolean } = {}): Promise<XmlRun> {
  const path = String(args.path);
  const before = readFileSync(path);
  const mtime = statSync(path).mtimeMs;
  const conn = createFsConnection();
  const result = await executeModule(xml, args, createTestContext(conn, { check: opts.check, diff: true }));
  return { result, before, after: readFileSync(path), mtimeChanged: statSync(path).mtimeMs !== mtime, reads: conn.counts.reads, writes: conn.counts.writes };
}
