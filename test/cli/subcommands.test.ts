import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), isTTY: false });
  return { code, out, err };
}

describe('subcommands', () => {
  const dir = makeTempDir('cp-sub-');
  const inv = join(dir, 'hosts.ini');
  writeFileSync(inv, '[web]\nn1 port_offset=1\n');

  it('inventory --list hands its options to the inventory command', async () => {
    const r = await run(['inventory', '-i', inv, '--list']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ _meta: { hostvars: { n1: { port_offset: 1 } } }, web: { hosts: ['n1'] } });
  });

  it.each([
    [['inventory', '-i', inv, '--bogus'], 5, /--bogus/],
    [['check'], 5, /-i\/--inventory/],
  ])('%j → %i', async (argv, code, msg) => {
    const r = await run(argv);
    expect(r.err).toMatch(msg);
    expect(r.code).toBe(code);
  });
});
