// include_vars: variables from a YAML/JSON file (or every file of a folder) on the control node, set on the host.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse } from 'yaml';
import { CarbonPlayError } from '../core/errors.js';
import { PYYAML_OPTIONS } from '../core/pyyaml-scalars.js';
import { defineAction } from './types.js';

function readVarsFile(file: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'), PYYAML_OPTIONS);
  } catch (err) {
    throw new CarbonPlayError('module', `include_vars: ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new CarbonPlayError('module', `include_vars: ${file} must hold a mapping of variables, got ${Array.isArray(doc) ? 'a list' : typeof doc}`);
  return doc as Record<string, unknown>;
}

/** Files of a folder, sorted, to `depth` (0: all), filtered by extension, match and ignore lists. */
function listDir(dir: string, args: Record<string, any>, depth = 1): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (args.depth === 0 || depth < args.depth) out.push(...listDir(full, args, depth + 1));
      continue;
    }
    const ext = extname(name).slice(1);
    if (!(args.extensions as string[]).includes(ext)) continue;
    if (args.files_matching && !new RegExp(args.files_matching).test(name)) continue;
    if ((args.ignore_files ?? []).includes(name)) continue;
    out.push(full);
  }
  return out;
}

export const includeVars = defineAction<Record<string, any>>({
  name: 'include_vars',
  description: 'Load variables from files on the control node (role vars/ first, then the playbook folder).',
  schema: {
    freeForm: 'file',
    args: {
      file: { type: 'path', aliases: ['_raw_params'], description: "a YAML or JSON file; relative names are looked for in the role's vars/, then the playbook's" },
      dir: { type: 'path', description: 'a folder whose files are all loaded, in name order' },
      name: { type: 'str', description: 'put the variables under this one variable' },
      depth: { type: 'int', default: 0, description: 'dir: how deep to go (0: all the way)' },
      files_matching: { type: 'str', description: 'dir: only file names matching this regexp' },
      ignore_files: { type: 'list', elements: 'str', description: 'dir: file names to skip' },
      extensions: { type: 'list', elements: 'str', default: ['yaml', 'yml', 'json'], description: 'dir: file extensions to load' },
      ignore_unknown_extensions: { type: 'bool', default: false, description: 'accepted' },
      hash_behaviour: { type: 'str', choices: ['replace', 'merge'], description: 'accepted; variables replace earlier ones' },
    },
    mutuallyExclusive: [['file', 'dir']],
    requiredOneOf: [['file', 'dir']],
  },
  async run(args, ctx) {
    const files = args.file !== undefined ? [ctx.findFile('vars', args.file)] : listDir(ctx.findFile('vars', args.dir), args);
    const vars = Object.assign({}, ...files.map(readVarsFile)) as Record<string, unknown>;
    return { status: 'ok', facts: args.name ? { [args.name]: vars } : vars, data: { ansible_included_var_files: files } };
  },
});
