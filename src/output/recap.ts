// PLAY RECAP in ansible-playbook's column shape, plus the run's wall time.
import type { EventOf, HostStats } from '../runner/events.js';

/** `host (padded to 26) : ok=N    changed=N ...`: Ansible's `%-26s` host and `%s=%-4s` counters. */
export function formatRecapLine(host: string, s: HostStats): string {
  const col = (k: string, n: number) => `${k}=${String(n).padEnd(4)}`;
  const counters = [col('ok', s.ok), col('changed', s.changed), col('unreachable', s.unreachable), col('failed', s.failed), col('skipped', s.skipped), col('rescued', s.rescued), col('ignored', s.ignored)];
  return `${host.padEnd(26)} : ${counters.join(' ')}`;
}

export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m ${((ms % 60_000) / 1000).toFixed(1)}s`;
}

export function formatBanner(title: string): string {
  return `${title} ${'*'.repeat(Math.max(3, 79 - title.length))}`;
}

export function formatRecap(e: EventOf<'recap'>): string {
  const lines = ['', formatBanner('PLAY RECAP')];
  for (const [host, stats] of Object.entries(e.hosts)) lines.push(formatRecapLine(host, stats));
  lines.push('', `run time: ${formatDuration(e.durationMs)}${e.interrupted ? ' (interrupted)' : ''}`);
  return lines.join('\n') + '\n';
}
