// `carbon-play sandbox pack --product das --dir TMP` through the CLI entry: the zip lands in TMP/packs with DAS's layout.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const dir = makeTempDir('sandbox-pack-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Entry names of a zip, read from its directory without inflating anything. */
function listZip(path: string): string[] {
  const names: string[] = [];
  unzipSync(readFileSync(path), { filter: (f) => (names.push(f.name), false) });
  return names;
}

/** Runs `carbon-play sandbox ARGS` through runCli; the sandbox command reports on the console, captured here. */
async function sandbox(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (out += `${a.join(' ')}\n`));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (err += `${a.join(' ')}\n`));
  try {
    const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (err += s), isTTY: false };
    return { code: await runCli(['sandbox', ...args], io), out, err };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('carbon-play sandbox pack', () => {
  it('--product das --dir TMP writes TMP/packs/wso2das-3.2.0.zip laid out like DAS', async () => {
    const { code, out, err } = await sandbox(['pack', '--product', 'das', '--dir', dir]);
    const zip = join(dir, 'packs', 'wso2das-3.2.0.zip');
    expect([code, out, err]).toEqual([0, `product pack: ${zip}\n`, '']);
    const names = listZip(zip);
    expect(names.every((n) => n.startsWith('wso2das-3.2.0/'))).toBe(true);
    const inside = names.map((n) => n.slice('wso2das-3.2.0/'.length));
    expect(inside).toEqual(expect.arrayContaining([
      'bin/wso2server.sh', 'bin/version.txt', 'dbscripts/mysql.sql',
      'repository/conf/carbon.xml', 'repository/conf/axis2/axis2.xml', 'repository/conf/registry.xml', 'repository/conf/user-mgt.xml',
      'repository/conf/datasources/master-datasources.xml', 'repository/conf/tomcat/catalina-server.xml',
      'repository/conf/event-processor.xml', 'repository/conf/analytics/spark/spark-defaults.conf', 'repository/conf/datasources/analytics-datasources.xml',
      'repository/components/lib/', 'repository/deployment/server/', 'repository/logs/', 'standin/server/main.js', 'standin/node_modules/mysql2/package.json',
    ]));
    // DAS is a Carbon 4.4 layout: no EI top-level conf/ or lib/, no integrator.sh.
    expect(inside.filter((n) => n.startsWith('conf/') || n.startsWith('lib/') || n === 'bin/integrator.sh')).toEqual([]);
  });

  it('an invalid product name is a usage error (exit 5) and writes no pack', async () => {
    const { code, err } = await sandbox(['pack', '--product', 'Bad Name', '--dir', join(dir, 'bad')]);
    expect([code, err]).toEqual([5, "ERROR: product name must be lower-case letters, digits and dashes, got 'Bad Name'\n"]);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });
});
