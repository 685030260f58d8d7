// The `xml` module: edit XML files in place, byte-exact, in one read and one write per task.
import { CarbonPlayError } from '../core/errors.js';
import { editXmlBytes, matchXmlBytes } from '../xml/edit-document.js';
import { checkEditArgs, toXmlEdit, type EditArgs } from '../xml/edit-spec.js';
import { defineModule, type ArgSchema, type Plan } from './types.js';

const editArgs: ArgSchema = {
  xpath: { type: 'str', description: 'XPath of the elements (or attribute) to act on; unprefixed names match the default namespace' },
  value: { type: 'raw', description: 'Text (or, with attribute, attribute value) to set on every match; missing simple paths are created' },
  attribute: { type: 'str', description: 'Attribute to set (with value) or remove (with state: absent)' },
  state: { type: 'str', choices: ['present', 'absent'], default: 'present', description: 'absent removes the matches (or the attribute)' },
  add_children: { type: 'list', description: 'Children to append, in Ansible\'s YAML form or as XML strings (input_type: xml)' },
  set_children: { type: 'list', description: 'Children that replace all children of each match; idempotent' },
  input_type: { type: 'str', choices: ['yaml', 'xml'], default: 'yaml', description: 'Form of add_children/set_children' },
  fragment: { type: ['str', 'dict'], description: 'A whole element to upsert at xpath (replaced when different, appended to the parent when missing): XML text, or a one-key mapping in add_children\'s YAML form (values escaped by construction)' },
  ensure: { type: 'str', choices: ['present', 'absent'], description: 'With fragment: present (default) upserts it' },
};

export interface XmlArgs {
  path: string;
  namespaces?: Record<string, string>;
  backup?: boolean;
  count?: boolean;
  print_match?: boolean;
  edits?: EditArgs[] | string;
  [key: string]: unknown;
}

export interface XmlState {
  bytes: Buffer | null;
}

export interface XmlApply {
  bytes: Buffer;
  matches: number[];
}

/** `edits` as given, or parsed from the JSON list a template rendered (as Ansible turns a rendered "[...]" into a list). */
function editList(args: XmlArgs): EditArgs[] | undefined {
  if (typeof args.edits !== 'string') return args.edits;
  let parsed: unknown;
  try {
    parsed = JSON.parse(args.edits);
  } catch {
    // The text is not shown: a rendered list may hold secrets.
    throw new CarbonPlayError('options', 'edits: expected a list, or a JSON list rendered by a template, got a string that is not JSON');
  }
  if (!Array.isArray(parsed) || parsed.some((e) => e === null || typeof e !== 'object' || Array.isArray(e))) {
    throw new CarbonPlayError('options', 'edits: expected a JSON list of mappings');
  }
  return parsed as EditArgs[];
}

function editsOf(args: XmlArgs): EditArgs[] {
  const list = editList(args);
  if (list && list.length > 0) return list;
  const own: EditArgs = {};
  for (const k of Object.keys(editArgs)) own[k] = args[k];
  return [own];
}

function checkArgs(args: Record<string, unknown>): string[] {
  const a = args as XmlArgs;
  // A rendered JSON list is checked when it is planned (at load time it is still a template).
  if (typeof a.edits === 'string') return a.edits.includes('{{') ? [] : checkArgs({ ...a, edits: editList(a) });
  if (a.edits && a.edits.length > 0) {
    const top = Object.keys(editArgs).filter((k) => a[k] !== undefined && a[k] !== null && !['state', 'input_type'].includes(k));
    const issues = top.length > 0 ? [`expected either edits or ${top.join(', ')} at the top level, got both`] : [];
    const reports = (['count', 'print_match'] as const).filter((k) => a[k] === true);
    if (reports.length > 0) issues.push(`expected ${reports.join(' and ')} with one xpath at the top level, got edits (they report on one XPath and change nothing)`);
    return [...issues, ...a.edits.flatMap((e, i) => checkEditArgs(e, `edits[${i}]`))];
  }
  return checkEditArgs(a, '');
}

/** Runs `fn`; an error it throws names the file first (`PATH: invalid XPath ...`) unless it already does. */
function namingFile<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof CarbonPlayError) || err.format().startsWith(`${path}:`)) throw err;
    throw new CarbonPlayError(err.kind, `${path}: ${err.format()}`, { ...err.context, loc: undefined }, { cause: err });
  }
}

/** One number when there is one edit, the list otherwise (as registered in `matches`). */
function matchesField(m: number[]): number | number[] {
  return m.length === 1 ? m[0] : m;
}

/** The plan for the file's current bytes: a report (count/print_match), a no-op, or the new bytes. */
function planXml(args: XmlArgs, bytes: Buffer): Plan<XmlApply> {
  const issues = checkArgs(args);
  if (issues.length > 0) throw new CarbonPlayError('options', issues.join('; '));
  const edits = editsOf(args).map((e, i) => toXmlEdit(e, args.edits !== undefined ? `edits[${i}]` : ''));
  const namespaces = args.namespaces ?? {};
  if (args.count || args.print_match) {
    const found = matchXmlBytes(bytes, args.path, edits[0], namespaces);
    const data: Record<string, unknown> = { count: found.length, matches: found.length };
    if (args.print_match) data.matched = found;
    return { kind: 'noop', reason: `${found.length} match(es) for ${edits[0].xpath}`, data };
  }
  const r = editXmlBytes(bytes, args.path, edits, namespaces);
  if (r.bytes === null) return { kind: 'noop', reason: `${args.path} already as wanted`, data: { matches: matchesField(r.matches) } };
  return {
    kind: 'change',
    summary: `edit ${args.path} (${edits.length} edit${edits.length === 1 ? '' : 's'})`,
    data: { bytes: r.bytes, matches: r.matches },
    diff: [{ path: args.path, before: r.before, after: r.after }],
  };
}

export const xml = defineModule<XmlArgs, XmlState, XmlApply>({
  name: 'xml',
  description: 'Edit XML files in place (values, attributes, children, fragments) keeping every other byte as it was',
  schema: {
    args: {
      path: { type: 'path', required: true, aliases: ['dest', 'file'], description: 'The XML file on the target' },
      namespaces: { type: 'dict', default: {}, description: 'Prefix → namespace URI for prefixed names in xpath' },
      backup: { type: 'bool', default: false, description: 'Keep a timestamped copy before writing' },
      count: { type: 'bool', default: false, description: 'Report the number of matches; change nothing' },
      print_match: { type: 'bool', default: false, description: 'Report the matched nodes; change nothing' },
      edits: { type: ['str', 'list'], elements: editArgs, description: 'Several edits of the same file, applied in order, one read and one write (a list, or the JSON list a template renders)' },
      ...editArgs,
    },
    check: checkArgs,
  },
  async read(args, ctx) {
    return { bytes: await ctx.conn.readFile(args.path, { become: ctx.become }) };
  },
  plan(args, state) {
    if (state.bytes === null) throw new CarbonPlayError('module', `expected an XML file at ${args.path}, got none`);
    return namingFile(args.path, () => planXml(args, state.bytes!));
  },
  async apply(data, args, ctx) {
    const w = await ctx.conn.writeFile(args.path, data.bytes, { backup: args.backup, become: ctx.become });
    const out: Record<string, unknown> = { matches: matchesField(data.matches) };
    if (w.backupPath) out.backup_file = w.backupPath;
    return { status: 'changed', msg: `${args.path} edited`, data: out };
  },
});
