// --list-hosts, --list-tasks and --list-tags, in ansible-playbook's layout.
import type { Inventory } from '../inventory/types.js';
import type { BlockNode, Playbook, TaskItem } from '../playbook/types.js';
import { selectPlayHosts } from '../runner/run-playbook.js';
import { isTaskSelected } from '../runner/tags.js';
import { taskTitle } from '../runner/titles.js';

export interface ListRequest {
  hosts: boolean;
  tasks: boolean;
  tags: boolean;
  limit?: string;
  onlyTags: string[];
  skipTags: string[];
  extraVars: Record<string, unknown>;
}

export function formatPlaybookListing(pb: Playbook, inv: Inventory, r: ListRequest): string {
  const out = [`\nplaybook: ${pb.file}`];
  pb.plays.forEach((play, i) => {
    out.push('', `  play #${i + 1} (${play.hosts}): ${play.name || play.hosts}\tTAGS: [${play.tags.join(', ')}]`);
    if (r.hosts) {
      const hosts = selectPlayHosts(inv, play, r.extraVars, r.limit);
      out.push(`    pattern: ['${play.hosts}']`, `    hosts (${hosts.length}):`, ...hosts.map((h) => `      ${h}`));
    }
    const tasks: { title: string; tags: string[] }[] = [];
    const walk = (items: TaskItem[], tags: string[]) => {
      for (const it of items) {
        const t = [...tags, ...it.tags];
        // A dynamic include is listed as itself: what it includes is known only when it runs (as ansible-playbook lists it).
        if (it.kind === 'block' && it.include) {
          if (isTaskSelected(t, r.onlyTags, r.skipTags)) tasks.push({ title: includeTitle(it), tags: [...new Set(t)].sort() });
        } else if (it.kind === 'block') walk([...it.block, ...it.rescue, ...it.always], t);
        else if (isTaskSelected(t, r.onlyTags, r.skipTags)) tasks.push({ title: taskTitle(it), tags: [...new Set(t)].sort() });
      }
    };
    walk([...play.preTasks, ...play.roles, ...play.tasks, ...play.postTasks], play.tags);
    if (r.tasks) {
      out.push('    tasks:');
      for (const t of tasks) out.push(`      ${t.title}\tTAGS: [${t.tags.join(', ')}]`);
    }
    if (r.tags) out.push(`      TASK TAGS: [${[...new Set(tasks.flatMap((t) => t.tags))].sort().join(', ')}]`);
  });
  return out.join('\n') + '\n';
}

function includeTitle(b: BlockNode): string {
  const name = b.name ?? b.include!.written ?? b.include!.keyword;
  return b.role && b.include!.keyword !== 'include_role' ? `${b.role.name} : ${name}` : name;
}
