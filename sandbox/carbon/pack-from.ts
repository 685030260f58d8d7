// Builds a sandbox pack from a real WSO2 distribution: every file kept byte for byte, the start scripts' JVM swapped.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { readDistribution, type Distribution } from './distribution.js';
import { START_SCRIPTS, swapJvmLaunch } from './start-script.js';
import { standinFiles, type PackFile } from './standin-files.js';

/** Already-compressed formats are stored as they are: deflating them again only costs time. */
const STORED = /\.(jar|war|zip|car|gz|tgz|jks|p12|png|jpg|gif|mar|aar)$/i;

const entry = (f: PackFile, name: string): Zippable[string] =>
  [f.data, { os: 3, attrs: (0o100000 | f.mode) << 16, level: STORED.test(name) ? 0 : 6 }];

/** A distribution checked and its start scripts swapped; `write` builds the zip (checking first lets `up` create nothing on bad input). */
export interface PreparedPack { dist: Distribution; write(outDir: string): Promise<string> }

export function preparePackFrom(from: string): PreparedPack {
  const dist = readDistribution(from);
  const swapped = new Map<string, PackFile>();
  for (const s of START_SCRIPTS) {
    const f = dist.files.get(s);
    if (f) swapped.set(s, { data: swapJvmLaunch(f.data, `${dist.top}/${s}`), mode: f.mode | 0o755 });
  }
  return {
    dist,
    write: async (outDir) => {
      const z: Zippable = { [`${dist.top}/`]: [new Uint8Array(0), { os: 3, attrs: (0o040000 | 0o755) << 16 }] };
      for (const d of dist.dirs) z[`${dist.top}/${d}`] = [new Uint8Array(0), { os: 3, attrs: (0o040000 | 0o755) << 16 }];
      for (const [rel, f] of dist.files) z[`${dist.top}/${rel}`] = entry(swapped.get(rel) ?? f, rel);
      for (const [rel, f] of Object.entries(await standinFiles())) z[`${dist.top}/${rel}`] = entry(f, rel);
      await mkdir(outDir, { recursive: true });
      const out = join(outDir, `${dist.top}.zip`);
      // Written aside, then renamed: a pack that is there is whole.
      await writeFile(`${out}.part`, zipSync(z));
      await rename(`${out}.part`, out);
      return out;
    },
  };
}

/** Writes `<outDir>/<top>.zip` (e.g. wso2ei-6.6.0.zip) from the distribution at `from` and returns its path. */
export async function packFromDistribution(opts: { from: string; outDir: string }): Promise<string> {
  return preparePackFrom(opts.from).write(opts.outDir);
}
