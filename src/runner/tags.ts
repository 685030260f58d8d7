// Tag selection (--tags / --skip-tags with Ansible's always, never, tagged, untagged, all).

export function isTaskSelected(taskTags: string[], only: string[], skip: string[]): boolean {
  const tags = new Set(taskTags);
  const has = (list: string[]) => list.some((t) => tags.has(t) || (t === 'tagged' && tags.size > 0) || (t === 'untagged' && tags.size === 0));
  if (skip.length > 0 && has(skip)) return false;
  if (tags.has('always') && !skip.includes('always')) return true;
  if (tags.has('never') && !only.some((t) => tags.has(t) && t !== 'never')) {
    return only.includes('never');
  }
  if (only.length === 0 || only.includes('all')) return true;
  return has(only);
}
