// ansible-playbook's options with commander; every value validated here, before anything is loaded.
import { Command, InvalidArgumentError, Option } from 'commander';
import { readVersion } from './version.js';
import { addVaultOptions, normalizeVaultAliases, type VaultCliOptions } from './vault-options.js';

export interface PlaybookCliOptions extends VaultCliOptions {
  playbooks: string[];
  inventory: string[];
  limit?: string;
  tags: string[];
  skipTags: string[];
  check: boolean;
  diff: boolean;
  extraVars: string[];
  forks: number;
  listHosts: boolean;
  listTasks: boolean;
  listTags: boolean;
  syntaxCheck: boolean;
  startAtTask?: string;
  verbose: number;
  json: boolean;
  timeout?: number;
  acceptNewHostKeys: boolean;
  /** -k: ask for the SSH login password once, for hosts whose inventory gives none. */
  askPass: boolean;
  /** Ask for the passphrase of encrypted private keys once (no Ansible equivalent: ssh asks there). */
  askKeyPassphrase: boolean;
  /** -K: ask for the become (sudo/su) password once, for hosts whose inventory gives none. */
  askBecomePass: boolean;
  /** -f was given (else the config's forks apply). */
  forksGiven?: boolean;
  /** -c, -u, -b, --become-user, --become-method, --private-key, --ssh-common-args: defaults under the inventory's variables. */
  connection?: 'ssh' | 'local';
  user?: string;
  become: boolean;
  becomeUser?: string;
  becomeMethod?: 'sudo' | 'su';
  privateKey?: string;
  sshCommonArgs?: string;
  /** Accepted for ansible-playbook's sake: carbon-play keeps no fact cache. */
  flushCache: boolean;
  /** Ask before each task: (N)o/(y)es/(c)ontinue. */
  step: boolean;
}

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];
const collectList = (v: string, prev: string[]) => [...prev, ...v.split(',').map((t) => t.trim()).filter(Boolean)];

function positiveInt(name: string) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError(`${name}: expected a whole number >= 1, got '${v}'`);
    return Number(v);
  };
}

/** The main program; commander throws (exitOverride) instead of exiting, and writes through io. */
export function createProgram(io: CliIo): Command {
  const p = new Command('carbon-play');
  p.usage('[options] PLAYBOOK...  |  inventory ...  |  sandbox ...')
    .description('Run Ansible-style playbooks against WSO2 Carbon clusters.')
    .argument('[playbooks...]', 'playbook files')
    .version(readVersion(), '--version', 'print the version')
    .option('-i, --inventory <path>', 'inventory file or directory (repeatable)', collect, [])
    .option('-l, --limit <pattern>', 'further limit hosts to a pattern')
    .option('-t, --tags <tags>', 'only run tasks tagged with these (comma-separated, repeatable)', collectList, [])
    .option('--skip-tags <tags>', 'skip tasks tagged with these (comma-separated, repeatable)', collectList, [])
    .option('-C, --check', 'report what would change, change nothing', false)
    .option('-D, --diff', 'show diffs of changed files', false)
    .option('-e, --extra-vars <vars>', 'k=v pairs, JSON, or @file.yml (repeatable)', collect, [])
    .addOption(new Option('-f, --forks <n>', 'hosts worked on at once').default(10).argParser(positiveInt('--forks')))
    .option('--list-hosts', 'list the hosts each play would run on', false)
    .option('--list-tasks', 'list the tasks each play would run', false)
    .option('--list-tags', 'list the tags of each play', false)
    .option('--syntax-check', 'load and validate, run nothing', false)
    .option('--start-at-task <name>', 'start at the task with this name')
    .option('-v, --verbose', 'more output (-vvv for the most)', (_v: string, prev: number) => prev + 1, 0)
    .option('--json', 'one JSON event per line on stdout', false)
    .addOption(new Option('-T, --timeout <seconds>', 'connection timeout').argParser(positiveInt('--timeout')))
    .addOption(new Option('-c, --connection <type>', 'connection type for hosts whose inventory sets none').choices(['ssh', 'local']))
    .option('-u, --user <name>', 'remote user for hosts whose inventory sets none')
    .option('-b, --become', 'run tasks with become (sudo) unless a play or task says otherwise', false)
    .option('--become-user <user>', 'user to become (default root)')
    .addOption(new Option('--become-method <method>', 'how to become the user').choices(['sudo', 'su']))
    .option('--private-key <file>', 'SSH private key for hosts whose inventory sets none')
    .option('--ssh-common-args <args>', 'extra ssh options (-o Name=value, -J jump) for every host')
    .option('--flush-cache', 'accepted; carbon-play keeps no fact cache', false)
    .option('--step', 'ask before each task: (N)o/(y)es/(c)ontinue', false)
    .option('--accept-new-host-keys', 'record unknown SSH host keys (accept-new)', false)
    .option('-k, --ask-pass', 'ask for the SSH login password (used where the inventory sets none)', false)
    .option('--ask-key-passphrase', 'ask for the passphrase of encrypted SSH private keys', false)
    .option('-K, --ask-become-pass', 'ask for the become (sudo/su) password (used where the inventory sets none)', false);
  addVaultOptions(p)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError(false)
    .allowExcessArguments(true);
  return p;
}

/** ansible-playbook's second spellings, rewritten to the one commander knows. */
const ALIASES: Record<string, string> = { '--key-file': '--private-key', '--inventory-file': '--inventory', '--remote-user': '--user' };

function normalizeAliases(argv: string[]): string[] {
  return argv.map((a) => {
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    return a.startsWith('--') && ALIASES[name] ? ALIASES[name] + (eq < 0 ? '' : a.slice(eq)) : a;
  });
}

/** Parsed options, or a commander error (caller maps it to an exit code). */
export function parsePlaybookOptions(argv: string[], io: CliIo): PlaybookCliOptions {
  const p = createProgram(io);
  p.parse(normalizeAliases(normalizeVaultAliases(argv)), { from: 'user' });
  const o = p.opts<Omit<PlaybookCliOptions, 'playbooks'>>();
  return { ...o, forksGiven: p.getOptionValueSource('forks') === 'cli', playbooks: p.processedArgs[0] as string[] };
}
