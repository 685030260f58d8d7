// Expands an inventory host entry (`node[01:03]:2222`, `db[a:c]`, `n[0:10:2]`) into host names and a port.

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface ExpandedHosts {
  names: string[];
  port?: number;
}

/** Throws Error with a one-line reason when the range is malformed. */
export function expandHostEntry(entry: string): ExpandedHosts {
  let pattern = entry;
  let port: number | undefined;
  // Ansible's parse_address: `[host]:port` or `host:port` where host may hold [x:y] ranges
  const bracketed = /^\[(.+)\]:([0-9]+)$/.exec(entry);
  const plain = /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/.exec(entry);
  const m = bracketed ?? plain;
  if (m) {
    pattern = m[1];
    port = Number(m[2]);
  }
  if (entry.trim().endsWith(':') && port === undefined) {
    throw new Error(`expected a port after ':' in host '${entry}', got nothing`);
  }
  if (pattern.trim() === '---') throw new Error(`expected a host name, got '---' (is this a YAML file?)`);
  const names = pattern.includes('[') ? expandRange(pattern) : [pattern];
  return port === undefined ? { names } : { names, port };
}

function expandRange(line: string): string[] {
  const open = line.indexOf('[');
  const close = line.indexOf(']', open);
  if (close < 0) throw new Error(`expected ']' to close the range in '${line}'`);
  const head = line.slice(0, open);
  const tail = line.slice(close + 1);
  const bounds = line.slice(open + 1, close).split(':');
  if (bounds.length !== 2 && bounds.length !== 3) {
    throw new Error(`expected a host range begin:end or begin:end:step, got '[${bounds.join(':')}]'`);
  }
  const beg = bounds[0] || '0';
  const end = bounds[1];
  if (!end) throw new Error(`expected an end value in host range '[${bounds.join(':')}]'`);
  const stepText = bounds[2] ?? '1';
  if (!/^\d+$/.test(stepText) || Number(stepText) === 0) {
    throw new Error(`expected a positive step in host range '[${bounds.join(':')}]', got '${stepText}'`);
  }
  const step = Number(stepText);
  const padded = beg.length > 1 && beg[0] === '0';
  if (padded && beg.length !== end.length) {
    throw new Error(`expected begin and end of equal length in host range '[${bounds.join(':')}]'`);
  }
  const seq: string[] = [];
  const bi = beg.length === 1 ? LETTERS.indexOf(beg) : -1;
  const ei = end.length === 1 ? LETTERS.indexOf(end) : -1;
  if (bi >= 0 && ei >= 0) {
    if (bi > ei) throw new Error(`expected begin <= end in host range '[${bounds.join(':')}]'`);
    for (let i = bi; i <= ei; i += step) seq.push(LETTERS[i]);
  } else {
    if (!/^\d+$/.test(beg) || !/^\d+$/.test(end)) {
      throw new Error(`expected numbers or single letters in host range '[${bounds.join(':')}]'`);
    }
    // Ansible silently makes no host (and an empty group) of a backwards range: almost always a typo.
    if (Number(beg) > Number(end)) throw new Error(`expected begin <= end in host range '[${bounds.join(':')}]', got a range with no host`);
    for (let i = Number(beg); i <= Number(end); i += step) seq.push(padded ? String(i).padStart(beg.length, '0') : String(i));
  }
  const out: string[] = [];
  for (const s of seq) {
    const name = head + s + tail;
    if (name.includes('[')) out.push(...expandRange(name));
    else out.push(name);
  }
  return out;
}
