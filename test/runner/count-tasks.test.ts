// countPlayTasks: the "n" of the live view's "task i of n", tags applied, rescue and meta not counted.
import { expect, it } from 'vitest';
import { countPlayTasks } from '../../src/runner/count-tasks.js';
import { block, play, task } from './helpers.js';

const t = (tags: string[] = []) => task('say', {}, { tags });

it.each([
  ['plain tasks', play([t(), t(), t()]), [], [], 3],
  ['a block and its always, not its rescue', play([block([t(), t()], { rescue: [t()], always: [t()] })]), [], [], 3],
  ['meta tasks are not counted', play([t(), task('meta', { free_form: 'flush_handlers' })]), [], [], 1],
  ['pre_tasks, roles and post_tasks', play([t()], { preTasks: [t()], roles: [block([t(), t()])], postTasks: [t()] }), [], [], 5],
  ['--tags', play([t(['db']), t(['web']), block([t()], { tags: ['db'] })]), ['db'], [], 2],
  ['--skip-tags', play([t(['db']), t(['web']), t(['always'])]), [], ['db'], 2],
] as const)('%s', (_name, p, only, skip, n) => {
  expect(countPlayTasks(p, [...only], [...skip])).toBe(n);
});

