// SFTP reads against a fake session: short READ answers, EOF, and what a read costs in requests and round trips.
// A stat and read sent together (sftpStatAndRead): what it costs, and what it does with what is not a regular file.
import { EventEmitter } from 'node:events';
import type { SFTPWrapper } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { sftpReadFile, sftpStatAndRead, trackSession, type SftpCounters } from '../../src/connection/ssh-sftp.js';

type Cb = (err: Error | undefined, ...rest: unknown[]) => void;

/** A fake SFTP session serving one file; every READ is answered with at most `maxAnswer` bytes. */
function fakeSftp(file: Buffer, opts: { maxAnswer: number; readLen: number; size?: number }): SFTPWrapper & { sent: string[] } {
  const sent: string[] = [];
  const answer = (cb: Cb, ...rest: unknown[]) => setImmediate(() => cb(undefined, ...rest));
  const fake = Object.assign(new EventEmitter(), {
    sent,
    _maxReadLen: opts.readLen,
    open: (_path: string, _flags: string, cb: Cb) => { sent.push('open'); answer(cb, Buffer.from('h')); },
    fstat: (_h: Buffer, cb: Cb) => { sent.push('fstat'); answer(cb, { size: opts.size ?? file.length }); },
    read: (_h: Buffer, buf: Buffer, off: number, len: number, pos: number, cb: Cb) => {
      sent.push(`read@${pos}`);
      const n = file.copy(buf, off, pos, Math.min(file.length, pos + Math.min(len, opts.maxAnswer)));
      // ssh2 answers an EOF status with 0 bytes.
      answer(cb, n, buf, pos);
    },
    close: (_h: Buffer, cb: Cb) => { sent.push('close'); answer(cb); },
  });
  return fake as unknown as SFTPWrapper & { sent: string[] };
}

const data = Buffer.from(Array.from({ length: 100 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(''));

describe('sftpReadFile', () => {
  it('reads on until the size when the server answers READs short', async () => {
    const sftp = fakeSftp(data, { maxAnswer: 10, readLen: 64 });
    trackSession(sftp);
    expect((await sftpReadFile(sftp, '/f'))?.toString()).toBe(data.toString());
  });

  it('stops at an EOF status when the file shrank after the fstat', async () => {
    const sftp = fakeSftp(data.subarray(0, 30), { maxAnswer: 10, readLen: 64, size: 100 });
    trackSession(sftp);
    expect((await sftpReadFile(sftp, '/f'))?.toString()).toBe(data.subarray(0, 30).toString());
  });

  it('reads a file whose size says 0 (/proc) until a short read', async () => {
    const sftp = fakeSftp(data, { maxAnswer: 64, readLen: 64, size: 0 });
    trackSession(sftp);
    expect((await sftpReadFile(sftp, '/proc/x'))?.toString()).toBe(data.toString());
  });

  it('sends the fstat with the first READ: a file within one READ costs two round trips', async () => {
    const counters: SftpCounters = { requests: 0, roundTrips: 0 };
    const sftp = fakeSftp(data, { maxAnswer: 128, readLen: 128 });
    trackSession(sftp, counters);
    expect((await sftpReadFile(sftp, '/f'))?.length).toBe(100);
    expect(sftp.sent).toEqual(['open', 'read@0', 'fstat']);
    expect(counters).toEqual({ requests: 3, roundTrips: 2 });
  });

  it("closes a read's handle with the session's next request, not on its own", async () => {
    const counters: SftpCounters = { requests: 0, roundTrips: 0 };
    const sftp = fakeSftp(data, { maxAnswer: 128, readLen: 128 });
    trackSession(sftp, counters);
    await sftpReadFile(sftp, '/f');
    await sftpReadFile(sftp, '/f');
    expect(sftp.sent).toEqual(['open', 'read@0', 'fstat', 'close', 'open', 'read@0', 'fstat']);
    // The close is a request, and no round trip of its own.
    expect(counters).toEqual({ requests: 7, roundTrips: 4 });
  });

  it('needs no READ past a size that ends on a chunk boundary', async () => {
    const sftp = fakeSftp(data, { maxAnswer: 50, readLen: 50 });
    trackSession(sftp);
    expect((await sftpReadFile(sftp, '/f'))?.length).toBe(100);
    expect(sftp.sent).toEqual(['open', 'read@0', 'fstat', 'read@50']);
  });

  it('reuses a READ buffer once its read is over, and what it returned stays as it was', async () => {
    const files: Record<string, Buffer> = { '/a': data.subarray(0, 40), '/b': Buffer.from('second file') };
    let path = '';
    // Above half of node's 8 KB pool, so each buffer has an ArrayBuffer of its own.
    const sftp = fakeSftp(data, { maxAnswer: 16384, readLen: 16384 });
    const given = new Set<ArrayBufferLike>();
    Object.assign(sftp, {
      open: (p: string, _f: string, cb: Cb) => { path = p; setImmediate(() => cb(undefined, Buffer.from('h'))); },
      fstat: (_h: Buffer, cb: Cb) => setImmediate(() => cb(undefined, { size: files[path]!.length })),
      read: (_h: Buffer, buf: Buffer, off: number, len: number, pos: number, cb: Cb) => {
        given.add(buf.buffer);
        const n = files[path]!.copy(buf, off, pos, Math.min(files[path]!.length, pos + len));
        setImmediate(() => cb(undefined, n, buf, pos));
      },
    });
    trackSession(sftp);
    const a = await sftpReadFile(sftp, '/a');
    const b = await sftpReadFile(sftp, '/b');
    expect([a?.toString(), b?.toString()]).toEqual([files['/a']!.toString(), 'second file']);
    expect(given.size).toBe(1);
  });
});

/** Stats as ssh2 gives them, for a regular file, a directory or a FIFO. */
function attrs(kind: 'file' | 'directory' | 'fifo', size: number) {
  return { mode: 0o644, uid: 0, gid: 0, size, mtime: 0, isSymbolicLink: () => false, isDirectory: () => kind === 'directory', isFile: () => kind === 'file' };
}

/** The fake session, answering LSTAT with `kind` (or no such file) and OPEN as given (a handle, or an error). */
function statSftp(kind: 'file' | 'directory' | 'fifo' | 'missing', open: 'ok' | 'missing' | 'denied' = kind === 'missing' ? 'missing' : 'ok') {
  const sftp = fakeSftp(data, { maxAnswer: 128, readLen: 128 });
  const fail = (code: number, message: string) => Object.assign(new Error(message), { code });
  Object.assign(sftp, {
    lstat: (_p: string, cb: Cb) => {
      sftp.sent.push('lstat');
      setImmediate(() => (kind === 'missing' ? cb(fail(2, 'No such file')) : cb(undefined, attrs(kind, data.length))));
    },
    open: (_p: string, _f: string, cb: Cb) => {
      sftp.sent.push('open');
      setImmediate(() => (open === 'ok' ? cb(undefined, Buffer.from('h')) : cb(open === 'missing' ? fail(2, 'No such file') : fail(3, 'Permission denied'))));
    },
  });
  const counters: SftpCounters = { requests: 0, roundTrips: 0 };
  trackSession(sftp, counters);
  return { sftp, counters };
}

describe('sftpStatAndRead', () => {
  it('a regular file: the LSTAT goes with the OPEN, two round trips in all where a stat then a read take three', async () => {
    const { sftp, counters } = statSftp('file');
    const r = await sftpStatAndRead(sftp, '/f');
    expect([r.stat?.type, r.content?.toString()]).toEqual(['file', data.toString()]);
    expect(sftp.sent).toEqual(['open', 'lstat', 'read@0', 'fstat']);
    expect(counters).toEqual({ requests: 4, roundTrips: 2 });
  });

  it.each([
    ['a directory', 'directory', 'directory'],
    ['a FIFO (opened by a race: the caller knew a file there)', 'fifo', 'other'],
  ] as const)('%s: no content, and the handle is closed unread with the next request', async (_name, kind, type) => {
    const { sftp } = statSftp(kind);
    const r = await sftpStatAndRead(sftp, '/d');
    expect([r.stat?.type, r.content]).toEqual([type, null]);
    await sftpReadFile(sftp, '/f');
    expect(sftp.sent).toEqual(['open', 'lstat', 'close', 'open', 'read@0', 'fstat']);
  });

  it('a missing file: no stat, no content, one round trip', async () => {
    const { sftp, counters } = statSftp('missing');
    expect(await sftpStatAndRead(sftp, '/gone')).toEqual({ stat: null, content: null });
    expect(counters.roundTrips).toBe(1);
  });

  it('a regular file the server will not open: the refusal, as a read gives it', async () => {
    const { sftp } = statSftp('file', 'denied');
    await expect(sftpStatAndRead(sftp, '/secret')).rejects.toThrow('Permission denied');
  });
});
