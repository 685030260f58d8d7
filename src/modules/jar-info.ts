// jar_info: what a jar on the control node holds (JDBC drivers it registers, whether a class is in it); never changes anything.
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { defineModule, type ArgSchema, type ArgsOf } from './types.js';

const DRIVER_SERVICE = 'META-INF/services/java.sql.Driver';

export interface JarFacts {
  exists: boolean;
  path: string;
  /** Classes the jar registers as java.sql.Driver (META-INF/services), in file order. */
  drivers: string[];
  /** Per asked class: whether its .class entry is in the jar. */
  classes: Record<string, boolean>;
  error?: string;
}

/** Class names of a java.util.ServiceLoader file: one per line, `#` comments and blanks dropped. */
function parseServiceFile(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
}

/** Reads the jar's entry names and its driver service file; decompresses nothing else. */
export async function readJarFacts(path: string, classes: string[]): Promise<JarFacts> {
  const facts: JarFacts = { exists: false, path, drivers: [], classes: {} };
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return facts;
  }
  facts.exists = true;
  const names = new Set<string>();
  try {
    // Loaded on first use: a playbook that never reads a jar does not pay for the zip library at start-up.
    const { unzipSync } = await import('fflate');
    const files = unzipSync(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      filter: (f) => (names.add(f.name), f.name === DRIVER_SERVICE),
    });
    const service = files[DRIVER_SERVICE];
    if (service) facts.drivers = parseServiceFile(Buffer.from(service).toString('utf8'));
  } catch (e) {
    facts.error = `${path} is not a readable jar: ${(e as Error).message}`;
  }
  for (const c of classes) facts.classes[c] = names.has(`${c.replace(/\./g, '/')}.class`);
  return facts;
}

const args = {
  path: { type: 'path', required: true, aliases: ['src'], description: 'the jar (zip) on the control node; a relative path is under files/' },
  classes: { type: 'list', elements: 'str', default: [], description: 'fully qualified class names to look for (result field `classes`: name → true/false)' },
} as const satisfies ArgSchema;

export const jarInfo = defineModule<ArgsOf<typeof args>, JarFacts, never>({
  name: 'jar_info',
  description: 'Read what a jar on the control node holds: its registered JDBC drivers and whether given classes are in it.',
  schema: {
    args,
  },
  async read(args, ctx) {
    let path: string = args.path;
    if (!isAbsolute(path)) {
      try { path = ctx.findFile('files', path); } catch { /* reported as missing */ }
    }
    return readJarFacts(path, args.classes);
  },
  plan(args, facts) {
    const reason = !facts.exists ? `${args.path} does not exist on the control node` : facts.error ?? `${args.path} registers ${facts.drivers.length ? facts.drivers.join(', ') : 'no JDBC driver'}`;
    return { kind: 'noop', reason, data: { jar: facts } };
  },
  async apply() {
    return { status: 'ok' };
  },
});
