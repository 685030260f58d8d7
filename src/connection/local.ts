// TEMPORARY placeholder: the core-modules work replaces this with the real local connection.
import type { Duplex } from 'node:stream';
import type { Command, Connection, FileStat, HostConnectionVars, RunOptions, RunResult, WriteOptions, WriteResult } from './types.js';

export class LocalConnection implements Connection {
  constructor(readonly host: string, _vars: HostConnectionVars) {}
  async connect(): Promise<void> {}
  async close(): Promise<void> {}
  async run(_c: Command, _o?: RunOptions): Promise<RunResult> { throw new Error('not written yet'); }
  async readFile(_p: string): Promise<Buffer | null> { throw new Error('not written yet'); }
  async writeFile(_p: string, _d: Buffer, _o?: WriteOptions): Promise<WriteResult> { throw new Error('not written yet'); }
  async stat(_p: string): Promise<FileStat | null> { throw new Error('not written yet'); }
  async forwardOut(_h: string, _p: number): Promise<Duplex> { throw new Error('not written yet'); }
}
