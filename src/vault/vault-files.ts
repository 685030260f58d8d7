// The vault subcommand's file work: atomic writes, the editor round trip, and reading what the user gives.
import { spawnSync } from 'node:child_process';
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { CarbonPlayError } from '../core/errors.js';
import { splitShellWords } from '../core/shell-words.js';

/** Replaces `file` all at once (temp file beside it, fsync, rename); an existing file keeps its mode, a new one is 0600. */
export function writeFileAtomic(file: string, data: Buffer | string): void {
  let mode = 0o600;
  try {
    mode = statSync(file).mode & 0o7777;
  } catch {
    /* a new file */
  }
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

export function readInputFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CarbonPlayError('options', `${file}: expected a readable file, got ${code === 'ENOENT' ? 'nothing there' : code ?? (err as Error).message}`);
  }
}

/**
 * Lets the user edit `content` in $EDITOR (as Ansible, `vi` when unset) in a private temporary file, which is
 * overwritten and removed afterwards; returns what was saved.
 */
export function editInEditor(content: Buffer, nameHint: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'carbon-play-vault-'));
  const file = join(dir, basename(nameHint) || 'vault');
  try {
    writeFileSync(file, content, { mode: 0o600 });
    const [cmd, ...args] = splitShellWords(env.EDITOR || 'vi');
    const r = spawnSync(cmd!, [...args, file], { stdio: 'inherit' });
    if (r.error) throw new CarbonPlayError('options', `$EDITOR: cannot run '${cmd}': ${r.error.message}`);
    if (r.status !== 0) throw new CarbonPlayError('options', `$EDITOR: '${cmd}' exited with ${r.status ?? r.signal}; nothing was saved`);
    return readFileSync(file);
  } finally {
    // The plaintext does not stay in /tmp: overwritten before it is removed.
    try {
      writeFileSync(file, Buffer.alloc(statSync(file).size));
    } catch {
      /* already gone */
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Everything on stdin, as bytes. */
export async function readStdin(input: NodeJS.ReadableStream = process.stdin): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** `NAME: !vault |` and the envelope indented by 10, as ansible-vault encrypt_string prints it. */
export function formatVaultString(envelope: string, name?: string): string {
  const lines = envelope.trimEnd().split('\n').map((l) => ' '.repeat(10) + l);
  return [`${name ? `${name}: ` : ''}!vault |`, ...lines].join('\n');
}
