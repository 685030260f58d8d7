// template: renders a template file (Jinja as Ansible does; handlebars for `.hbs`) with the task's variables and puts it at `dest` like copy.
import { readFileSync, statSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { isAbsolute } from 'node:path';
import { applyFileWrite, fileWriteArgs, planFileWrite, readFileWrite, type FileWriteData, type FileWriteState } from './copy.js';
import { defineModule, type ArgSchema, type ArgsOf } from './types.js';

/** The variables Ansible's template module adds (ansible_managed uses Ansible's default text). */
export function templateVars(src: string, full: string, dest: string): Record<string, unknown> {
  let uid: string;
  try {
    const owner = statSync(full).uid;
    uid = owner === userInfo().uid ? userInfo().username : String(owner);
  } catch {
    uid = '';
  }
  return { ansible_managed: 'Ansible managed', template_path: src, template_fullpath: full, template_host: hostname(), template_uid: uid, template_destpath: dest };
}

const args = {
  src: { type: 'path', required: true, description: "Jinja template (handlebars when it ends in .hbs) under the role's or playbook's templates/, or an absolute path" },
  dest: { type: 'path', required: true, description: 'destination path; a directory keeps the template basename' },
  ...fileWriteArgs,
} as const satisfies ArgSchema;

export const template = defineModule<ArgsOf<typeof args>, FileWriteState, FileWriteData>({
  name: 'template',
  description: 'Render a template on the control node and put the result on the host.',
  schema: {
    args,
  },
  async read(args, ctx) {
    const src = args.src as string;
    const full = isAbsolute(src) ? src : ctx.findFile('templates', src);
    const text = readFileSync(full, 'utf8');
    const name = src.endsWith('.j2') || src.endsWith('.hbs') ? src.replace(/\.(j2|hbs)$/, '') : src;
    return readFileWrite(args.dest, Buffer.from(ctx.render(text, full, templateVars(src, full, args.dest as string))), name, args, ctx);
  },
  plan: (args, state) => planFileWrite(state, args.force),
  apply: (data, args, ctx) => applyFileWrite(data, args.backup, ctx),
});
