// How many tasks a play's batch will run, for the live view's "task i of n": tags applied, meta and handlers not counted.
import type { PlayNode, TaskItem } from '../playbook/types.js';
import { isTaskSelected } from './tags.js';

export function countPlayTasks(play: PlayNode, only: string[], skip: string[]): number {
  const count = (items: TaskItem[], tags: string[]): number =>
    items.reduce((n, item) => {
      const all = [...tags, ...item.tags];
      // A rescue runs only after a failure, so it is not part of the expected count.
      if (item.kind === 'block') return n + count(item.block, all) + count(item.always, all);
      return n + (item.module !== 'meta' && isTaskSelected([...new Set(all)], only, skip) ? 1 : 0);
    }, 0);
  return [play.preTasks, play.roles, play.tasks, play.postTasks].reduce((n, items) => n + count(items, play.tags), 0);
}
