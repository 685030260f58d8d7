// Splits a play's hosts into serial batches: counts, percentages, the last size repeating.

export function splitBatches(hosts: string[], serial: (number | string)[] | undefined): string[][] {
  if (!serial || serial.length === 0 || hosts.length === 0) return hosts.length ? [hosts] : [];
  const out: string[][] = [];
  let i = 0;
  let step = 0;
  while (i < hosts.length) {
    const spec = serial[Math.min(step, serial.length - 1)];
    const size = Math.max(1, sizeOf(spec, hosts.length));
    out.push(hosts.slice(i, i + size));
    i += size;
    step++;
  }
  return out;
}

function sizeOf(spec: number | string, total: number): number {
  if (typeof spec === 'number') return spec <= 0 ? total : Math.floor(spec);
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(spec);
  if (m) return Math.floor((total * Number(m[1])) / 100);
  const n = Number(spec);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : total;
}
