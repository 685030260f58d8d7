// wait_for: waits on the host for a port to open or close, or a file (or text in it) to appear, in one remote command.
import { CarbonPlayError } from '../core/errors.js';
import { defineModule, type ArgSchema, type ArgsOf } from './types.js';

interface WaitState {
  elapsed: number;
  match?: string;
}

/** The polling loop as one shell script; exits 0 when the condition holds, 1 on timeout; a match is printed. */
export function buildWaitScript(args: ArgsOf<typeof waitArgs>): string[] {
  const common = 'end=$(( $(date +%s) + $1 )); sleep "$2"';
  const loop = (probe: string) => `${common}; while :; do ${probe}; [ "$(date +%s)" -ge "$end" ] && exit 1; sleep "$3"; done`;
  const times = [String(args.timeout), String(args.delay), String(args.sleep)];
  if (args.port !== undefined) {
    const open = 'timeout "$6" bash -c \'exec 3<>"/dev/tcp/$0/$1"\' "$4" "$5" 2>/dev/null';
    const probe = args.state === 'stopped' || args.state === 'absent' ? `${open} || exit 0` : `${open} && exit 0`;
    return ['bash', '-c', loop(probe), 'bash', ...times, args.host, String(args.port), String(args.connect_timeout)];
  }
  // Without a port the schema requires a path.
  const path = args.path ?? '';
  if (args.search_regex === undefined) {
    const probe = args.state === 'absent' ? '[ -e "$4" ] || exit 0' : '[ -e "$4" ] && exit 0';
    return ['sh', '-c', loop(probe), 'sh', ...times, path];
  }
  // Only bytes after `offset`, and after the last line containing `after_marker`, count.
  const after = 'awk -v m="$7" \'m == "" {print; next} index($0, m) {buf = ""; seen = 1; next} seen {buf = buf $0 "\\n"} END {if (m != "") printf "%s", buf}\'';
  const probe = `[ -f "$4" ] && l=$(tail -c +$(( $6 + 1 )) "$4" | ${after} | grep -E -m1 -e "$5") && { printf "%s\\n" "$l"; exit 0; }`;
  return ['sh', '-c', loop(probe), 'sh', ...times, path, args.search_regex, String(args.offset), args.after_marker ?? ''];
}

const waitArgs = {
  host: { type: 'str', default: '127.0.0.1', description: 'address to probe, as seen from the host' },
  port: { type: 'int', description: 'TCP port to wait for' },
  path: { type: 'path', description: 'file to wait for' },
  search_regex: { type: 'str', description: 'extended regexp (grep -E) to wait for in the file' },
  offset: { type: 'int', default: 0, description: 'only bytes after this offset count' },
  after_marker: { type: 'str', description: 'only lines after the last line containing this text count' },
  state: { type: 'str', default: 'started', choices: ['started', 'stopped', 'present', 'absent'], description: 'open/present, or closed/absent' },
  timeout: { type: 'int', default: 300, description: 'seconds before failing' },
  delay: { type: 'int', default: 0, description: 'seconds before the first probe' },
  sleep: { type: 'int', default: 1, description: 'seconds between probes' },
  connect_timeout: { type: 'int', default: 5, description: 'seconds for one port probe' },
  msg: { type: 'str', description: 'message on timeout' },
} as const satisfies ArgSchema;

export const waitFor = defineModule<ArgsOf<typeof waitArgs>, WaitState, never>({
  name: 'wait_for',
  description: 'Wait until a port is open or closed, or a file exists or contains a pattern.',
  schema: {
    args: waitArgs,
    mutuallyExclusive: [['port', 'path']],
    requiredOneOf: [['port', 'path']],
  },
  // Waiting only reads, so it runs here and in check mode too; a timeout fails the task.
  async read(args, ctx) {
    const start = Date.now();
    const argv = buildWaitScript(args);
    const r = await ctx.conn.run({ argv }, { become: ctx.become, signal: ctx.signal, timeoutMs: (args.timeout + args.delay + 30) * 1000 });
    const elapsed = Math.round((Date.now() - start) / 100) / 10;
    if (r.rc !== 0) {
      const what = args.port !== undefined ? `${args.host}:${args.port} to be ${args.state === 'stopped' ? 'closed' : 'open'}` : args.search_regex ? `/${args.search_regex}/ in ${args.path}` : `${args.path} to be ${args.state}`;
      throw new CarbonPlayError('module', args.msg ?? `timeout after ${args.timeout}s waiting for ${what}${r.stderr.trim() ? `: ${r.stderr.trim()}` : ''}`);
    }
    const match = r.stdout.replace(/\n$/, '');
    return { elapsed, match: match || undefined };
  },
  plan(args, s) {
    const data: Record<string, unknown> = { elapsed: s.elapsed, state: args.state };
    if (s.match !== undefined) data.match_line = s.match;
    return { kind: 'noop', reason: `waited ${s.elapsed}s`, data };
  },
  async apply() {
    return { status: 'ok' };
  },
});
