// Task files loaded once per load: a role used by several plays (site.yaml: lb_nginx's handlers six times) is read, checked and converted once.
import type { LoadContext, Scope } from './load-context.js';
import type { RoleContext, TaskItem } from './types.js';

/*
 * What a task file loads to depends on the file, the folder its imports resolve against, whether it holds handlers
 * and the role it belongs to (its folder: where its includes are looked for); the role's params and defaults are only
 * carried along. A load is kept only when it added nothing to the context (no error, warning or role handler), so a
 * kept load has nothing to report again. Every later use gets its own copy, its role swapped for the user's role, so
 * no two plays share a node; the first use gets the nodes themselves. Copies are made only on reuse: all of them
 * while the same playbook loads (a context lives for one load), and the loaders never change nodes they got back.
 * Copying every load instead, to keep a pristine version, cost more than the reuse saved on site.yaml.
 */
interface Kept {
  items: TaskItem[];
  role: RoleContext | undefined;
}

const keptByLoad = new WeakMap<LoadContext, Map<string, Kept>>();

function keyOf(file: string, scope: Omit<Scope, 'src'>): string {
  return `${file}\0${scope.dir}\0${scope.handlers ? 'h' : 't'}\0${scope.role?.dir ?? ''}`;
}

/** `load` once per context, file and scope; later calls get a copy of what it returned (when it reported nothing). */
export function loadTaskFileOnce(ctx: LoadContext, file: string, scope: Omit<Scope, 'src'>, load: () => TaskItem[]): TaskItem[] {
  let kept = keptByLoad.get(ctx);
  if (!kept) keptByLoad.set(ctx, (kept = new Map()));
  const key = keyOf(file, scope);
  const earlier = kept.get(key);
  if (earlier) return copyItems(earlier.items, earlier.role, scope.role);
  const before = [ctx.errors.length, ctx.warnings?.length ?? 0, ctx.roleHandlers.length];
  const items = load();
  const after = [ctx.errors.length, ctx.warnings?.length ?? 0, ctx.roleHandlers.length];
  if (after.every((n, i) => n === before[i])) kept.set(key, { items, role: scope.role });
  return items;
}

/** A deep copy of the loaded nodes (plain objects and arrays; anything else is shared), with `from` replaced by `to`. */
function copyItems(items: TaskItem[], from: RoleContext | undefined, to: RoleContext | undefined): TaskItem[] {
  const copies = new Map<object, unknown>();
  if (from && to) copies.set(from, to);
  return copyValue(items, copies) as TaskItem[];
}

function copyValue(v: unknown, copies: Map<object, unknown>): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (copies.has(v)) return copies.get(v);
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    copies.set(v, out);
    for (const x of v) out.push(copyValue(x, copies));
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v;
  const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
  copies.set(v, out);
  for (const [k, x] of Object.entries(v)) out[k] = copyValue(x, copies);
  return out;
}
