// `sandbox pack --from` / `sandbox up --pack-from` at the command line: packs named after the distribution; bad input
// is one ERROR line with exit 5 and nothing created (no sandbox folder, no pack).
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runSandboxCommand } from '../../src/cli/sandbox-command.js';
import { assembleDistribution, hasFixtures } from '../carbon/fixture-dist.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const work = makeTempDir('cp-pack-from-cli-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((l: unknown) => void out.push(String(l)));
  const error = vi.spyOn(console, 'error').mockImplementation((l: unknown) => void err.push(String(l)));
  try {
    return { code: await runSandboxCommand(args), out: out.join('\n'), err };
  } finally { log.mockRestore(); error.mockRestore(); }
}

describe('sandbox pack --from / up --pack-from', () => {
  const garbage = join(work, 'wso2as-5.3.0.zip');
  writeFileSync(garbage, 'PK but not really');
  it.each([
    { args: ['up', '--pack-from', garbage], error: /^ERROR: --pack-from: cannot read .*wso2as-5\.3\.0\.zip as a zip/ },
    { args: ['up', '--pack-from', join(work, 'missing')], error: /^ERROR: --pack-from: .*missing: no such file or folder/ },
    { args: ['pack', '--from', garbage], error: /^ERROR: --pack-from: cannot read/ },
    { args: ['pack'], error: /^ERROR: sandbox pack: expected exactly one of --product NAME or --from PATH$/ },
  ])('$args.0 $args.1: one line, exit 5, nothing created', async ({ args, error }) => {
    const dir = join(work, `sbx-${args.join('-').replace(/\W/g, '')}`);
    const r = await run([...args, '--dir', dir]);
    expect(r.code).toBe(5);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(error);
    expect(existsSync(dir)).toBe(false);
  });

  it.skipIf(!hasFixtures)('pack --from a folder named wso2ei-6.6.0 writes packs/wso2ei-6.6.0.zip', async () => {
    const from = assembleDistribution('ei', { form: 'folder', dir: join(work, 'dist'), version: '6.6.0' });
    const dir = join(work, 'sbx-ok');
    const r = await run(['pack', '--from', from, '--dir', dir]);
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.out).toBe(`product pack: ${join(dir, 'packs', 'wso2ei-6.6.0.zip')}`);
    expect(existsSync(join(dir, 'packs', 'wso2ei-6.6.0.zip'))).toBe(true);
  });
});
