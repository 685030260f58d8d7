// The validated playbook: plays, blocks, tasks and roles, each knowing where it was written.
import type { SourceLocation } from '../core/errors.js';

export interface Located {
  loc: SourceLocation;
  /** Path of the node in its file, e.g. `[0].tasks[3]`. */
  path: string;
}

/** Attributes a task, block, role or play may carry; blocks pass theirs down to what they hold. */
export interface TaskAttributes {
  /** Raw `when` expressions (a list means all must hold). Already syntax-checked. */
  when: string[];
  tags: string[];
  become?: boolean;
  becomeUser?: string;
  becomeMethod?: 'sudo' | 'su';
  ignoreErrors?: boolean;
  noLog?: boolean;
  delegateTo?: string;
  runOnce?: boolean;
  /** Raw task/block vars (may contain templates). */
  vars: Record<string, unknown>;
  /** The login user for this task's connection (ansible_user in the host's variables wins, as in Ansible). */
  remoteUser?: string;
  /** Environment variables for the module's commands (a mapping, or a template naming one). */
  environment?: Record<string, unknown> | string;
  /** check_mode: true runs this task in check mode, false for real even under -C. */
  checkMode?: boolean;
  diff?: boolean;
  /** At most this many hosts at once for the task. */
  throttle?: number;
  /** Module name → default arguments for the tasks below. */
  moduleDefaults?: Record<string, Record<string, unknown>>;
  /** async: seconds the task may take (run and waited for; poll > 0). */
  async?: number;
  poll?: number;
  /** Extra sudo/su flags. */
  becomeFlags?: string;
  /** Seconds the module may run before it fails. */
  timeout?: number;
  anyErrorsFatal?: boolean;
  /** delegate_facts: facts a delegated task sets (setup, set_fact) go to the delegate, not the task's host. */
  delegateFacts?: boolean;
}

/** A role as used by a play or include_role: where it lives and its variable files, loaded. */
export interface RoleContext {
  name: string;
  dir: string;
  defaults: Record<string, unknown>;
  vars: Record<string, unknown>;
  /** Role params given where the role is used (`- role: x` + keys, include_role vars). */
  params: Record<string, unknown>;
}

/** `loop` / `with_<lookup>` and `loop_control`, on a task or a dynamic include. */
export interface LoopFields {
  /** Raw `loop` or `with_<lookup>` value (a template string or a list). */
  loop?: unknown;
  /** The lookup of `with_<lookup>` (items, dict, nested ...); undefined for `loop`. */
  loopWith?: string;
  loopVar: string;
  loopLabel?: string;
  /** loop_control.index_var: the item's 0-based index under this name. */
  indexVar?: string;
  /** loop_control.extended: `ansible_loop` with revindex, previtem, nextitem, allitems. */
  loopExtended?: boolean;
  loopAllItems?: boolean;
  /** loop_control.pause: seconds between items. */
  loopPause?: number;
}

export interface TaskNode extends Located, TaskAttributes, LoopFields {
  kind: 'task';
  name?: string;
  /** Canonical module name (`ansible.builtin.` stripped). */
  module: string;
  /** Raw arguments, untemplated; a free-form string already mapped to its argument. */
  args: Record<string, unknown>;
  register?: string;
  notify: string[];
  changedWhen?: string[];
  failedWhen?: string[];
  until?: string;
  retries?: number;
  delay?: number;
  /** Set when the task comes from a role (for files/, templates/ and display as `role : task`). */
  role?: RoleContext;
}

export interface BlockNode extends Located, TaskAttributes {
  kind: 'block';
  name?: string;
  block: TaskItem[];
  rescue: TaskItem[];
  always: TaskItem[];
  /** Set when the block is a role's body (roles:, include_role) or an import_tasks. */
  role?: RoleContext;
  /**
   * A dynamic include (include_tasks, include_role): its when, tags and loop apply to the include alone, evaluated
   * once per host; the included tasks inherit its vars and the `apply` keywords (the inner block), not its when or tags.
   */
  include?: {
    keyword: string;
    loop?: LoopFields;
    /** The keyword as written (`ansible.builtin.include_tasks`), for titles. */
    written?: string;
    /** include_tasks of a templated file name (`{{ ansible_os_family }}.yml`): found and loaded per host when it runs. */
    file?: { template: string; dirs: string[]; handlers: boolean };
  };
}

export type TaskItem = TaskNode | BlockNode;

export interface HandlerNode extends TaskNode {
  /** Names it answers to: its name plus `listen:` topics. */
  listen: string[];
}

export interface PlayNode extends Located {
  name: string;
  /** Host pattern, raw (may be a template). */
  hosts: string;
  vars: Record<string, unknown>;
  /** vars_files, loaded and merged in order. */
  varsFiles: Record<string, unknown>;
  preTasks: TaskItem[];
  /** Each role of `roles:` as a block with its RoleContext, in order. */
  roles: BlockNode[];
  tasks: TaskItem[];
  postTasks: TaskItem[];
  /** Play handlers, then roles' handlers. */
  handlers: HandlerNode[];
  /** serial: each entry a count or a percentage string ("50%"); the last repeats. */
  serial?: (number | string)[];
  maxFailPercentage?: number;
  anyErrorsFatal: boolean;
  become?: boolean;
  becomeUser?: string;
  tags: string[];
  connection?: string;
  /** Keywords tasks inherit from the play: remote_user, environment, module_defaults, check_mode, diff, become_method. */
  attrs?: Partial<TaskAttributes>;
  /** order: the order hosts are worked through. */
  order?: 'inventory' | 'reverse_inventory' | 'sorted' | 'reverse_sorted' | 'shuffle';
  strategy?: 'linear' | 'free';
  /** vars_prompt: asked nowhere (runs are unattended); each takes its default unless -e gives it. */
  varsPrompt?: { name: string; default?: unknown }[];
  /** gather_facts as written; undefined follows the run's `gathering` setting (implicit: gather). */
  gatherFacts?: boolean;
  gatherSubset?: string[];
}

export interface Playbook {
  file: string;
  dir: string;
  plays: PlayNode[];
  /** Found at load, said before the run (file:line: message); the task concerned fails when it runs, as in Ansible. */
  warnings?: string[];
}
