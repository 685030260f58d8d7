// Output written during one turn of the event loop goes out as one write: a 100-host run makes thousands of lines,
// and each write is a system call (costly under gVisor). Flushed by done(), and on exit (a second Ctrl-C exits at once).

export interface BatchedWrite {
  write(text: string): void;
  /** Writes what is pending now and stops listening for exit. */
  close(): void;
}

export function batchWrites(write: (text: string) => void): BatchedWrite {
  let pending = '';
  let scheduled: NodeJS.Immediate | undefined;
  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    if (pending === '') return;
    const text = pending;
    pending = '';
    write(text);
  };
  process.on('exit', flush);
  return {
    write(text) {
      pending += text;
      scheduled ??= setImmediate(flush);
    },
    close() {
      flush();
      process.off('exit', flush);
    },
  };
}
