// Keys for the sandbox: one client key (authorized on every host) and one host key per host.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { mustRun } from './exec.js';

export async function createKey(path: string, comment: string): Promise<string> {
  if (!existsSync(path)) await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
  return (await readFile(`${path}.pub`, 'utf8')).trim();
}

/** known_hosts lines for each host's address, so host-key checking stays on against the sandbox. */
export async function writeKnownHosts(path: string, entries: Array<{ ip: string; publicKey: string }>): Promise<void> {
  const lines = entries.map((e) => {
    const [type, blob] = e.publicKey.split(/\s+/);
    return `${e.ip} ${type} ${blob}`;
  });
  await writeFile(path, lines.join('\n') + '\n', { mode: 0o644 });
}
