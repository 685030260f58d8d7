// template: renders a handlebars file from templates/ with the task's variables and puts it at `dest` like copy.
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { applyFileWrite, fileWriteArgs, planFileWrite, readFileWrite, type FileWriteData, type FileWriteState } from './copy.js';
import { defineModule, type ArgSchema, type ArgsOf } from './types.js';

const args = {
  src: { type: 'path', required: true, description: "template under the role's or playbook's templates/, or an absolute path" },
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
    const text = readFileSync(isAbsolute(src) ? src : ctx.findFile('templates', src), 'utf8');
    const name = src.endsWith('.j2') || src.endsWith('.hbs') ? src.replace(/\.(j2|hbs)$/, '') : src;
    return readFileWrite(args.dest, Buffer.from(ctx.render(text)), name, args, ctx);
  },
  plan: (args, state) => planFileWrite(state, args.force),
  apply: (data, args, ctx) => applyFileWrite(data, args.backup, ctx),
});
