// file: a path's kind (file, directory, link, absent, touch) and its mode/owner/group.
import type { FileStat } from '../connection/types.js';
import { CarbonPlayError } from '../core/errors.js';
import { attrCommands, diffAttrs, fileAttrArgs, readWantedAttrs, resolveIds, runSteps, type Ids, type WantedAttrs } from '../facts/file-attrs.js';
import { defineModule, type ArgSchema, type ArgsOf } from './types.js';

interface FileModState {
  stat: FileStat | null;
  attrs: WantedAttrs;
  ids: Ids;
}

interface FileModData {
  /** Commands run in order, then the attributes applied. */
  steps: string[][];
  attrs: WantedAttrs;
  summary: string;
}

const args = {
  path: { type: 'path', required: true, aliases: ['dest', 'name'], description: 'the path to manage' },
  state: { type: 'str', choices: ['file', 'directory', 'absent', 'touch', 'link'], description: 'what the path should be (default: file if it exists)' },
  src: { type: 'path', description: 'link target (state=link)' },
  ...fileAttrArgs,
  recurse: { type: 'bool', default: false, description: 'apply mode/owner/group to everything under a directory' },
  force: { type: 'bool', default: false, description: 'state=link: replace a file that is in the way' },
} as const satisfies ArgSchema;

export const fileModule = defineModule<ArgsOf<typeof args>, FileModState, FileModData>({
  name: 'file',
  description: 'Make a path a file, directory, symlink or absent, with the wanted mode and owner.',
  schema: {
    args,
    check: (a) => (a.state === 'link' && !a.src ? ['state=link needs src'] : []),
  },
  async read(args, ctx) {
    const attrs = readWantedAttrs(args);
    return { stat: await ctx.conn.stat(args.path, { become: ctx.become }), attrs, ids: await resolveIds(ctx.conn, attrs, ctx.become) };
  },
  plan(args, { stat, attrs, ids }) {
    const path = args.path;
    const state = args.state ?? (stat?.type === 'directory' ? 'directory' : 'file');
    const noop = (reason: string) => ({ kind: 'noop' as const, reason, data: { path, state } });
    const change = (summary: string, steps: string[][], a: WantedAttrs = attrs) => ({ kind: 'change' as const, summary, data: { steps, attrs: a, summary } });
    // Links: mode/owner apply to the target in Ansible; we leave them to the target.
    const attrDiff = state === 'link' || state === 'absent' ? [] : diffAttrs(stat, attrs, ids);
    const fixAttrs = () => (attrDiff.length ? change(`${path}: ${attrDiff.join(', ')}`, []) : noop(`${path} is already a ${state === 'touch' ? 'file' : state}`));
    switch (state) {
      case 'absent':
        return stat ? change(`remove ${path}`, [['rm', '-rf', '--', path]], {}) : noop(`${path} is already absent`);
      case 'directory':
        if (!stat) return change(`create directory ${path}`, [['mkdir', '-p', '--', path]]);
        if (stat.type !== 'directory') throw new CarbonPlayError('module', `${path}: expected a directory, got a ${stat.type}`);
        if (args.recurse && (attrs.mode !== undefined || attrs.owner || attrs.group)) {
          // Whether anything below differs needs a walk; recurse reapplies (chmod -R is idempotent, but reports changed).
          return attrDiff.length ? change(`${path}: ${attrDiff.join(', ')} (recursive)`, []) : noop(`${path} is already a directory`);
        }
        return fixAttrs();
      case 'touch':
        // Ansible's touch updates timestamps and always reports changed; ours only creates, so a second run is ok.
        if (!stat) return change(`create ${path}`, [['touch', '--', path]]);
        return fixAttrs();
      case 'link':
        // Checked at load time; a src templated to nothing fails here.
        if (!args.src) throw new CarbonPlayError('module', 'src: expected a link target for state=link, got nothing');
        if (stat?.type === 'link' && stat.linkTarget === args.src) return noop(`${path} already links to ${args.src}`);
        if (stat && stat.type !== 'link' && !args.force) throw new CarbonPlayError('module', `${path}: expected a symlink or nothing, got a ${stat.type} (force: true replaces it)`);
        return change(`link ${path} → ${args.src}`, [['ln', '-sfn', '--', args.src, path]], {});
      default:
        if (!stat) throw new CarbonPlayError('module', `${path}: expected an existing file, got nothing (state: touch creates it)`);
        return fixAttrs();
    }
  },
  async apply(data, args, ctx) {
    // mkdir and its chmod go as one command: a converging run pays one exec per task, not one per step.
    const attrs = attrCommands(args.path, data.attrs, args.recurse);
    const failed = await runSteps(ctx.conn, [...data.steps, ...attrs], ctx.become);
    if (failed && attrs.includes(failed.argv)) throw new CarbonPlayError('module', `${failed.argv[0]} ${args.path} failed: ${failed.stderr}`);
    if (failed) return { status: 'failed', msg: `${failed.argv[0]} ${args.path}: ${failed.stderr}` };
    return { status: 'changed', msg: data.summary, data: { path: args.path } };
  },
});
