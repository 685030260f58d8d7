// Reads a file's current state (stat, bytes, sha256) for modules that compare wanted with present content.
import { createHash } from 'node:crypto';
import type { BecomeOptions, Connection, FileStat } from '../connection/types.js';

export interface FileState {
  path: string;
  stat: FileStat | null;
  /** null when missing or not a regular file. */
  content: Buffer | null;
  sha256?: string;
}

export function hashBytes(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The checksum Ansible reports (copy, template, fetch `checksum`; stat's default algorithm): sha1 unless asked otherwise. */
export function ansibleChecksum(data: Buffer, algorithm = 'sha1'): string {
  return createHash(algorithm).update(data).digest('hex');
}

/** Stat and bytes of `path`; a stat the caller already has (`known`, null for missing) is not asked for again. */
export async function readFileState(conn: Connection, path: string, become?: BecomeOptions, known?: FileStat | null): Promise<FileState> {
  if (known === undefined && conn.statAndRead) {
    const { stat, content } = await conn.statAndRead(path, { become });
    return { path, stat, content, sha256: content ? hashBytes(content) : undefined };
  }
  const stat = known !== undefined ? known : await conn.stat(path, { become });
  if (!stat || stat.type !== 'file') return { path, stat, content: null };
  const content = await conn.readFile(path, { become });
  return { path, stat, content, sha256: content ? hashBytes(content) : undefined };
}

/** Text for a diff: null when the bytes are binary (a NUL byte), as Ansible does. */
export function textForDiff(data: Buffer | null): string | null {
  if (!data) return '';
  return data.includes(0) ? null : data.toString('utf8');
}
