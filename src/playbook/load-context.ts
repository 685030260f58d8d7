// What every loader shares: the error list, the module lookup, where roles are searched, and the current file's scope.
import type { CarbonPlayError } from '../core/errors.js';
import type { AnyModule } from '../modules/types.js';
import type { HandlerNode, RoleContext } from './types.js';
import type { Source } from './yaml-source.js';

export interface LoadContext {
  errors: CarbonPlayError[];
  /** Said before the run, not refused: what Ansible only finds when the task runs (a missing template file). */
  warnings?: string[];
  findModule: (name: string) => AnyModule | undefined;
  moduleNames: string[];
  playbookDir: string;
  rolesPath: string[];
  /** Files being imported right now, to stop import cycles. */
  stack: string[];
  /** Handlers of roles loaded for the current play (roles:, include_role), appended to its handlers. */
  roleHandlers: HandlerNode[];
}

/** Where a task list was written: its file, the folder its imports resolve against, and its role. */
export interface Scope {
  src: Source;
  dir: string;
  role?: RoleContext;
  handlers: boolean;
}
