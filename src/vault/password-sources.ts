// Where vault passwords come from: --vault-id LABEL@SOURCE, --vault-password-file, --ask-vault-pass, and the config.
import { execFile } from 'node:child_process';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { CarbonPlayError } from '../core/errors.js';
import type { VaultSecret } from './keyring.js';

export interface VaultSourceOptions {
  /** `--vault-id` values: `LABEL@SOURCE` or `SOURCE` (label `default`); SOURCE is a file, a script or `prompt`. */
  vaultIds?: string[];
  /** `--vault-password-file` values, then the configured one (ANSIBLE_VAULT_PASSWORD_FILE, vault_password_file). */
  passwordFiles?: string[];
  /** `--ask-vault-pass`. */
  askVaultPass?: boolean;
  /** With no other source, ask anyway (the vault subcommand does; playbooks do not). */
  promptWhenNone?: boolean;
  /** Ask twice and compare (a new password: create, encrypt, rekey's new one). */
  confirm?: boolean;
}

export interface VaultSourceDeps {
  cwd?: string;
  /** Asks for a secret on the terminal without echo; `option` names the flag in errors. */
  ask: (prompt: string, option: string) => Promise<string>;
}

interface VaultIdSpec {
  id: string;
  source: string;
}

const PROMPT = 'prompt';
const ASK_VAULT_PASS = 'prompt_ask_vault_pass';

/** Ansible's build_vault_ids: the --vault-id values, the password files as `default@FILE`, then a prompt when asked. */
export function buildVaultIdSpecs(o: VaultSourceOptions): VaultIdSpec[] {
  const specs = (o.vaultIds ?? []).map(parseVaultId);
  for (const file of o.passwordFiles ?? []) specs.push({ id: 'default', source: file });
  if (o.askVaultPass || (specs.length === 0 && o.promptWhenNone)) specs.push({ id: 'default', source: ASK_VAULT_PASS });
  return specs;
}

export function parseVaultId(value: string): VaultIdSpec {
  const at = value.indexOf('@');
  if (at < 0) return { id: 'default', source: value };
  const id = value.slice(0, at);
  const source = value.slice(at + 1);
  if (id === '' || source === '') throw new CarbonPlayError('options', `--vault-id: expected LABEL@SOURCE, got '${value}'`);
  return { id, source };
}

/** Reads every password, in order (earlier ones are tried first). Errors never contain a password. */
export async function loadVaultSecrets(o: VaultSourceOptions, deps: VaultSourceDeps): Promise<VaultSecret[]> {
  const out: VaultSecret[] = [];
  for (const spec of buildVaultIdSpecs(o)) out.push({ id: spec.id, password: await readSecret(spec, o.confirm ?? false, deps) });
  return out;
}

async function readSecret(spec: VaultIdSpec, confirm: boolean, deps: VaultSourceDeps): Promise<Buffer> {
  if (spec.source === PROMPT || spec.source === ASK_VAULT_PASS) {
    const option = spec.source === PROMPT ? '--vault-id' : '--ask-vault-pass';
    const label = spec.source === PROMPT ? ` (${spec.id})` : '';
    const first = (await deps.ask(`${confirm ? 'New ' : ''}Vault password${label}: `, option)).trim();
    if (confirm && (await deps.ask(`Confirm ${confirm ? 'New ' : ''}Vault password${label}: `, option)).trim() !== first) {
      throw new CarbonPlayError('options', `${option}: the two passwords typed do not match`);
    }
    return nonEmpty(Buffer.from(first, 'utf8'), `${option}: expected a vault password, got an empty one`);
  }
  const path = resolve(deps.cwd ?? process.cwd(), spec.source);
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new CarbonPlayError('options', `vault password file ${spec.source}: not found`);
  }
  if (!st.isFile()) throw new CarbonPlayError('options', `vault password file ${spec.source}: expected a file, got a directory or device`);
  if (isExecutable(path)) return nonEmpty(trimNewlines(await runScript(path, spec)), `vault password script ${spec.source}: expected a password on stdout, got nothing`);
  // Ansible strips surrounding whitespace from a password file, then line ends.
  const bytes = trimNewlines(Buffer.from(readFileSync(path).toString('latin1').trim(), 'latin1'));
  return nonEmpty(bytes, `vault password file ${spec.source}: expected a password, got an empty file`);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A script named `*-client` (any extension) is asked for one vault id, with `--vault-id LABEL`. */
function runScript(path: string, spec: VaultIdSpec): Promise<Buffer> {
  const isClient = basename(path, extname(path)).endsWith('-client');
  const args = isClient ? ['--vault-id', spec.id] : [];
  return new Promise((done, fail) => {
    execFile(path, args, { encoding: 'buffer', maxBuffer: 1 << 20 }, (err, stdout) => {
      if (err) {
        const code = (err as { code?: unknown }).code;
        // stderr is not quoted: a script may echo what it was given.
        fail(new CarbonPlayError('options', `vault password script ${spec.source}: expected exit 0, got ${typeof code === 'number' ? `exit ${code}` : String(code ?? err.message)}${isClient && code === 2 ? ` (no secret for vault id '${spec.id}')` : ''}`));
      } else done(stdout);
    });
  });
}

function trimNewlines(b: Buffer): Buffer {
  let start = 0;
  let end = b.length;
  while (start < end && (b[start] === 0x0a || b[start] === 0x0d)) start++;
  while (end > start && (b[end - 1] === 0x0a || b[end - 1] === 0x0d)) end--;
  return b.subarray(start, end);
}

function nonEmpty(b: Buffer, message: string): Buffer {
  if (b.length === 0) throw new CarbonPlayError('options', message);
  return b;
}
