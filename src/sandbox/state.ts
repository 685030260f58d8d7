// The sandbox's record of what it made (namespaces, links, pids), so `down` can undo it even after a crash.
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { SandboxLayout } from './layout.js';

export interface SandboxHostState {
  name: string;
  index: number;
  ip: string;
  netns: string;
  veth: string;
  groups: string[];
  db: boolean;
  lb: boolean;
  /** Processes the sandbox started for this host (sshd, mariadbd). */
  pids: number[];
}

export interface SandboxState {
  dir: string;
  subnet: string;
  bridge: string;
  bridgeIp: string;
  /** Inventory the sandbox rehearses (`--like`), if any. */
  like?: string;
  hosts: SandboxHostState[];
  dbAdmin?: { user: string; password: string };
}

export async function readState(layout: SandboxLayout): Promise<SandboxState | null> {
  try {
    return JSON.parse(await readFile(layout.stateFile, 'utf8')) as SandboxState;
  } catch {
    return null;
  }
}

/** Written before and after each step of `up`, so a crash leaves a record `down` can follow. */
let saves = 0;

export async function saveState(layout: SandboxLayout, state: SandboxState): Promise<void> {
  // A name per save: hosts start in parallel and each records its pids.
  const tmp = `${layout.stateFile}.${process.pid}.${++saves}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, layout.stateFile);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
