// Unified diffs of the real before/after bytes a module reports.
import { createTwoFilesPatch } from 'diff';
import type { FileDiff } from '../modules/types.js';

export function formatDiff(d: FileDiff): string {
  const patch = createTwoFilesPatch(`before: ${d.path}`, `after: ${d.path}`, d.before, d.after);
  // The library opens with a `====` rule; the headers alone are what users (and diff tools) expect.
  return patch.replace(/^=+\n/, '');
}
