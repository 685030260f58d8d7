// Load-time check of the template file a `template:` task names literally: found (else a warning), and free of Jinja syntax or name errors.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Node } from 'yaml';
import { CarbonPlayError } from '../core/errors.js';
import { checkTemplate, checkTemplateFile } from '../template/index.js';
import { positionOf } from '../template/jinja.js';
import type { LoadContext, Scope } from './load-context.js';
import { errorAt } from './yaml-source.js';

/** Where the runner will look for it (role's templates/, the role, the playbook's templates/, the playbook's folder). */
function candidatesFor(ctx: LoadContext, scope: Scope, name: string): string[] {
  if (isAbsolute(name)) return [name];
  const role = scope.role ? [join(scope.role.dir, 'templates', name), join(scope.role.dir, name)] : [];
  return [...role, join(ctx.playbookDir, 'templates', name), join(ctx.playbookDir, name)];
}

/** The parse is cached by text, so a file several tasks name is parsed once. */
function checkFile(file: string): CarbonPlayError | null {
  const text = readFileSync(file, 'utf8');
  const fault = file.endsWith('.hbs') ? checkTemplate(text) : checkTemplateFile(text);
  return fault ? new CarbonPlayError('validation', `template error: ${fault.message}`, { loc: { file, ...positionOf(text, fault.offset) } }) : null;
}

/** Reports a missing file or its first template error (at the file's own line:col). */
export function checkTemplateSource(ctx: LoadContext, scope: Scope, src: unknown, node: Node | null, path: string): void {
  if (typeof src !== 'string' || src.includes('{{') || src.includes('{%')) return;
  const candidates = candidatesFor(ctx, scope, src);
  const file = candidates.find((c) => existsSync(c));
  if (!file) {
    // Ansible finds this only when the task runs (syntax check and task list pass): a warning now, the task's failure then.
    const err = errorAt(scope.src, node, path, `template: expected ${src} in ${candidates.join(', ')}, found none; the task will fail when it runs`);
    ctx.warnings?.push(err.format());
    return;
  }
  const err = checkFile(file);
  if (err) scope.src.errors.push(err);
}
