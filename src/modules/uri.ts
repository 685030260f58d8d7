// uri: an HTTP(S) request made from the host with curl; status checked against status_code, body returned and parsed as JSON.
import { runTool } from '../facts/host-tools.js';
import { defineModule } from './types.js';

const MARK = '\n@@carbon-play-uri@@';

export const uri = defineModule<Record<string, any>, undefined, string[]>({
  name: 'uri',
  description: 'Make an HTTP request from the host (curl) and check its status.',
  schema: {
    args: {
      url: { type: 'str', required: true, description: 'http:// or https:// URL' },
      method: { type: 'str', default: 'GET', description: 'GET, POST, PUT, DELETE, HEAD ...' },
      body: { type: 'raw', description: 'the request body (a mapping or list with body_format json)' },
      body_format: { type: 'str', default: 'raw', choices: ['raw', 'json', 'form-urlencoded'], description: 'how body is encoded' },
      headers: { type: 'dict', default: {}, description: 'request headers' },
      status_code: { type: 'list', elements: 'int', default: [200], description: 'statuses that count as success' },
      return_content: { type: 'bool', default: false, description: 'put the body in `content`' },
      timeout: { type: 'int', default: 30, description: 'seconds' },
      validate_certs: { type: 'bool', default: true, description: 'check the server certificate' },
      follow_redirects: { type: 'str', default: 'safe', description: "'none' stops at a redirect; anything else follows" },
      url_username: { type: 'str', aliases: ['user'], description: 'basic auth user' },
      url_password: { type: 'str', aliases: ['password'], secret: true, description: 'basic auth password' },
      force_basic_auth: { type: 'bool', default: false, description: 'accepted: credentials are always sent' },
    },
    check: (a) => (typeof a.url === 'string' && !a.url.includes('{{') && !/^https?:\/\//.test(a.url) ? [`url: expected http:// or https://, got ${JSON.stringify(a.url)}`] : []),
  },
  // As Ansible's uri: nothing is sent in check mode.
  supportsCheck: false,
  async read() {
    return undefined;
  },
  plan(args) {
    const argv = ['curl', '-sS', '-X', String(args.method).toUpperCase(), '--max-time', String(args.timeout), '-D', '-', '-w', `${MARK}%{http_code} %{url_effective}`];
    if (!args.validate_certs) argv.push('-k');
    if (args.follow_redirects !== 'none' && args.follow_redirects !== 'no') argv.push('-L');
    for (const [k, v] of Object.entries(args.headers as Record<string, unknown>)) argv.push('-H', `${k}: ${String(v)}`);
    if (args.url_username !== undefined) argv.push('-u', `${args.url_username}:${args.url_password ?? ''}`);
    if (args.body !== undefined && args.body !== null) {
      if (args.body_format === 'json') {
        argv.push('-H', 'Content-Type: application/json', '--data-binary', typeof args.body === 'string' ? args.body : JSON.stringify(args.body));
      } else if (args.body_format === 'form-urlencoded') {
        const form = typeof args.body === 'string' ? args.body : new URLSearchParams(Object.entries(args.body as Record<string, string>).map(([k, v]) => [k, String(v)])).toString();
        argv.push('-H', 'Content-Type: application/x-www-form-urlencoded', '--data-binary', form);
      } else argv.push('--data-binary', String(args.body));
    }
    argv.push('--', args.url);
    // The request is the work; its result is ok, as Ansible reports it (changed only through changed_when).
    return { kind: 'change', summary: `${args.method} ${args.url}`, data: argv };
  },
  async apply(argv, args, ctx) {
    const r = await runTool(ctx.conn, 'uri', argv, { become: ctx.become });
    const at = r.stdout.lastIndexOf(MARK);
    if (r.rc !== 0 || at < 0) return { status: 'failed', msg: `Status code was -1 and not ${JSON.stringify(args.status_code)}: Request failed: ${r.stderr.trim()}`, data: { status: -1, url: args.url } };
    const [code, effective] = r.stdout.slice(at + MARK.length).trim().split(' ');
    const raw = r.stdout.slice(0, at);
    // With -L, several header blocks come first; the last one is the answer's.
    let rest = raw;
    let headers: Record<string, string> = {};
    while (/^HTTP\/[\d.]+ \d+/.test(rest)) {
      const end = rest.search(/\r?\n\r?\n/);
      const block = end < 0 ? rest : rest.slice(0, end);
      headers = Object.fromEntries(block.split(/\r?\n/).slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase().replace(/-/g, '_'), l.slice(l.indexOf(':') + 1).trim()]));
      rest = end < 0 ? '' : rest.slice(end).replace(/^\r?\n\r?\n/, '');
    }
    const status = Number(code);
    const data: Record<string, unknown> = { status, url: effective, redirected: effective !== args.url, msg: `OK (${Buffer.byteLength(rest)} bytes)`, ...headers };
    if (args.return_content) data.content = rest;
    if (/json/.test(headers.content_type ?? '')) {
      try {
        data.json = JSON.parse(rest);
      } catch {
        /* not JSON after all: content only */
      }
    }
    if (!(args.status_code as number[]).includes(status)) {
      return { status: 'failed', msg: `Status code was ${status} and not ${JSON.stringify(args.status_code)}: HTTP Error ${status}`, data };
    }
    return { status: 'ok', data };
  },
});

