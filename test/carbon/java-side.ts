// Runs test/carbon/java/JavaSide.java (the JDK's Cipher and Properties) once over a batch of requests.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { templateKeyStores } from '../../sandbox/carbon/template-keystores.js';
import { FIXTURES, hasFixtures } from './fixture-dist.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'java', 'JavaSide.java');

export const hasJava = (() => { try { execFileSync('java', ['-version'], { stdio: 'pipe' }); return true; } catch { return false; } })();

/** The key store the tests encrypt with: a real product's wso2carbon.jks when the fixtures are there, else the template pack's. */
export function testKeyStore(): { file: string; password: string; alias: string; real: boolean } {
  const real = join(FIXTURES, 'as-5.3.0', 'repository', 'resources', 'security', 'wso2carbon.jks');
  if (hasFixtures && existsSync(real)) return { file: real, password: 'wso2carbon', alias: 'wso2carbon', real: true };
  const file = join(makeTempDir('sv-ks-'), 'wso2carbon.jks');
  writeFileSync(file, templateKeyStores().keyStore);
  return { file, password: 'wso2carbon', alias: 'wso2carbon', real: false };
}

export type JavaRequest = { op: 'E' | 'D'; transformation: string; data: Buffer } | { op: 'P'; data: Buffer };

/** One JVM for the whole table; each answer is base64 data, or "ERR <exception>". */
export function runJava(ks: { file: string; password: string; alias: string }, requests: JavaRequest[]): string[] {
  const input = requests.map((r) => `${r.op}\t${r.op === 'P' ? '' : r.transformation}\t${r.data.toString('base64')}`).join('\n') + '\n';
  const out = execFileSync('java', [SOURCE, ks.file, ks.password, ks.alias], { input, encoding: 'utf8' });
  return out.split('\n').slice(0, requests.length);
}
