// `carbon-play sandbox up|down|status|pack`: the user-facing rehearsal environment.
import { Command, CommanderError } from 'commander';
import { join } from 'node:path';
import { CarbonPlayError, ErrorList, ExitCode, exitCodeFor } from '../core/errors.js';
import { sandboxUp } from '../sandbox/up.js';
import { ensurePackages, sandboxPackages } from '../sandbox/packages.js';
import { sandboxDown } from '../sandbox/down.js';
import { formatSandboxStatus, readSandboxStatus } from '../sandbox/status.js';
import { planHosts, planHostsLike } from '../sandbox/plan.js';
import { loadPackProduct, loadPreparePackFrom } from '../sandbox/pack.js';
import type { Inventory } from '../inventory/types.js';
import { addVaultOptions, normalizeVaultAliases, setUpVault, type VaultCliOptions } from './vault-options.js';

const DEFAULT_DIR = '.sandbox';

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new CarbonPlayError('options', `--hosts: expected a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

async function loadLike(path: string, vault: VaultCliOptions): Promise<Inventory> {
  // Imported lazily: only --like needs the inventory loader, and start-up stays lean.
  const { loadInventory } = await import('../inventory/load-inventory.js');
  const { readConfigFile } = await import('./config-file.js');
  // A vaulted inventory (group_vars/all/vault.yml) opens with the same passwords as a run's.
  await setUpVault(vault, readConfigFile());
  return loadInventory([path]);
}

async function pack(product: string, dir: string, required: boolean): Promise<void> {
  const packProduct = await loadPackProduct();
  if (!packProduct) {
    if (required) throw new CarbonPlayError('options', 'sandbox pack: the product packer (sandbox/carbon/pack.ts) is not available in this build');
    return;
  }
  const zip = await packProduct({ product, outDir: join(dir, 'packs') });
  console.log(`product pack: ${zip}`);
}

/** Checks every --pack-from distribution before anything is created; the packs are written once the sandbox is up. */
async function prepareFrom(paths: string[]): Promise<{ write(outDir: string): Promise<string> }[]> {
  if (paths.length === 0) return [];
  const prepare = await loadPreparePackFrom();
  if (!prepare) throw new CarbonPlayError('options', '--pack-from: the distribution packer (sandbox/carbon/pack-from.ts) is not available in this build');
  return paths.map((p) => prepare(p));
}

const collect = (value: string, previous: string[]) => [...previous, value];

function buildProgram(setCode: (c: number) => void): Command {
  const program = new Command('carbon-play sandbox').exitOverride().showHelpAfterError();
  addVaultOptions(program.command('up').description('create sandbox hosts (network namespaces running sshd) and write an inventory'))
    .option('--hosts <n>', 'number of Carbon hosts (node1..nodeN)', parseCount, 3)
    .option('--db', 'add a host running MariaDB (group dbservers)', false)
    .option('--lb', 'add a host with nginx (group lb)', false)
    .option('--like <inventory>', 'one sandbox host per host of this inventory, same names')
    .option('--dir <dir>', 'where the sandbox keeps its files', DEFAULT_DIR)
    .option('--subnet <cidr>', 'private subnet for the hosts', '10.200.0.0/24')
    .option('--product <name>', 'product to pack for the hosts (as, greg, das, ei)', 'as')
    .option('--pack-from <path>', 'build the pack from a real WSO2 distribution (zip or unpacked folder); repeatable', collect, [])
    .option('--no-pack', 'do not build the product pack')
    .action(async (o: VaultCliOptions & { hosts: number; db: boolean; lb: boolean; like?: string; dir: string; subnet: string; product: string; pack: boolean; packFrom: string[] }) => {
      const fromDists = await prepareFrom(o.packFrom);
      const hosts = o.like ? planHostsLike(await loadLike(o.like, o)) : planHosts({ hosts: o.hosts, db: o.db, lb: o.lb });
      // Before anything is created: a missing sshd or mariadbd would otherwise fail half-way as "command not found".
      // Only what `up` runs for these hosts; the roles' and tests' packages are scripts/setup.sh's.
      await ensurePackages(sandboxPackages(hosts), { log: (l) => console.log(l) });
      const { layout } = await sandboxUp({ dir: o.dir, hosts, subnet: o.subnet, like: o.like, log: (l) => console.log(l) });
      for (const d of fromDists) console.log(`product pack: ${await d.write(join(layout.dir, 'packs'))}`);
      if (o.pack && fromDists.length === 0) await pack(o.product, layout.dir, false);
      console.log(`inventory:   ${layout.inventory}`);
      console.log(`known_hosts: ${layout.knownHosts}`);
    });
  program.command('down').description('stop every sandbox process and remove its namespaces, links and files')
    .option('--dir <dir>', 'the sandbox directory', DEFAULT_DIR)
    .action(async (o: { dir: string }) => {
      const r = await sandboxDown(o.dir);
      console.log(`sandbox down: ${r.namespaces} host(s) removed`);
    });
  program.command('status').description('list sandbox hosts and their processes')
    .option('--dir <dir>', 'the sandbox directory', DEFAULT_DIR)
    .action(async (o: { dir: string }) => {
      const s = await readSandboxStatus(o.dir);
      console.log(formatSandboxStatus(s));
      if (!s) setCode(1);
    });
  program.command('pack').description('build the product pack the sandbox hosts install')
    .option('--product <name>', 'product name (the stand-in pack built from the project\'s templates)')
    .option('--from <path>', 'a real WSO2 distribution (zip or unpacked folder) to build the pack from')
    .option('--dir <dir>', 'the sandbox directory', DEFAULT_DIR)
    .action(async (o: { product?: string; from?: string; dir: string }) => {
      if ((o.product === undefined) === (o.from === undefined)) throw new CarbonPlayError('options', 'sandbox pack: expected exactly one of --product NAME or --from PATH');
      if (o.from !== undefined) {
        const [d] = await prepareFrom([o.from]);
        console.log(`product pack: ${await d.write(join(o.dir, 'packs'))}`);
      } else await pack(o.product as string, o.dir, true);
    });
  return program;
}

export async function runSandboxCommand(argv: string[]): Promise<number> {
  let code: number = ExitCode.ok;
  const program = buildProgram((c) => { code = c; });
  try {
    await program.parseAsync(normalizeVaultAliases(argv), { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? ExitCode.ok : ExitCode.badOptions;
    // An inventory (--like) with errors: each one on its line, nothing created.
    if (e instanceof ErrorList) {
      for (const x of e.errors) console.error(`ERROR: ${x.format()}`);
      return ExitCode.parseError;
    }
    if (e instanceof CarbonPlayError) {
      console.error(`ERROR: ${e.format()}`);
      return exitCodeFor(e.kind);
    }
    console.error(`ERROR: ${(e as Error).message}`);
    return ExitCode.unexpected;
  }
}
