// Times as Python prints them (str of datetime and timedelta): what Ansible's command and pause results carry.

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-12-03 07:43:21.748000`, local time; Python leaves the fraction out when it is zero. */
export function formatPyDateTime(d: Date): string {
  const micro = d.getMilliseconds() * 1000;
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return micro === 0 ? base : `${base}.${pad(micro, 6)}`;
}

/** `0:00:00.012000` for 12 ms; whole days lead as `1 day, ` / `2 days, `, as Python's timedelta prints. */
export function formatPyTimedelta(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const days = Math.floor(total / 86_400_000);
  const rest = total % 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  const m = Math.floor((rest % 3_600_000) / 60_000);
  const s = Math.floor((rest % 60_000) / 1000);
  const micro = (rest % 1000) * 1000;
  const clock = `${h}:${pad(m)}:${pad(s)}${micro === 0 ? '' : `.${pad(micro, 6)}`}`;
  return days === 0 ? clock : `${days} day${days === 1 ? '' : 's'}, ${clock}`;
}
