// Play and task titles, rendered before any host's scope exists: with the variables every host shares.
import type { PlayNode, RoleContext, TaskNode } from '../playbook/types.js';
import { renderText } from '../template/index.js';
import type { RunState } from './state.js';
import { mergeVarLayers } from './vars.js';

/** `role : name`, or the module when the task has no name; not rendered. */
export function taskTitle(task: TaskNode): string {
  const name = task.name ?? task.module;
  return task.role ? `${task.role.name} : ${name}` : name;
}

/** A task's title with play-level and role variables (`Install {{ product }}`). */
export function renderTaskTitle(run: RunState, play: PlayNode, task: TaskNode): string {
  return renderShared(run, play, taskTitle(task), task.role);
}

/** As ansible-playbook: the play's name rendered, or its hosts pattern when it has none. */
export function renderPlayTitle(run: RunState, play: PlayNode): string {
  return play.name ? renderShared(run, play, play.name) : play.hosts;
}

/** Rendered in precedence order without the host layers; a text that needs host variables stays as written. */
function renderShared(run: RunState, play: PlayNode, text: string, role?: RoleContext): string {
  if (!text.includes('{{')) return text;
  const layers = { roleDefaults: role?.defaults ?? {}, play: play.vars, varsFiles: play.varsFiles, roleVars: role?.vars ?? {}, roleParams: role?.params ?? {} };
  const scope = mergeVarLayers({ ...layers, inventory: {}, blockAndTask: [], facts: {}, extra: run.opts.extraVars });
  try {
    // Printed before any host's scope is built: learn the secrets the title can show first (once: '' is the shared scope).
    run.secrets.learn('', Object.values(layers), scope);
    return renderText(text, scope);
  } catch {
    return text;
  }
}
