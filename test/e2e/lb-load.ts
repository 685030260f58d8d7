// A steady stream of requests through a sandbox load balancer while a playbook runs: counts answered and failed ones.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** One virtual host of the LB to keep busy: its port, the Host header, the path, and whether it speaks TLS. */
export interface LoadTarget { host: string; port: number; serverName: string; path: string; tls?: boolean }

export interface LoadCount { ok: number; failed: number; failures: string[]; upstreams: Set<string> }

/** One request on a new connection (no keep-alive: a reload closes idle client connections, which is no failed request). */
function once(t: LoadTarget): Promise<{ status: number | string; upstream: string }> {
  return new Promise((resolve) => {
    const options = { host: t.host, port: t.port, path: t.path, headers: { Host: t.serverName }, timeout: 10_000, agent: false as const };
    const onResponse = (res: import('node:http').IncomingMessage) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, upstream: String(res.headers['x-carbon-upstream'] ?? '') }));
    };
    // The LB's certificate is self-signed: the stream counts answers, it does not judge the certificate.
    const req = t.tls ? httpsRequest({ ...options, rejectUnauthorized: false, servername: t.serverName }, onResponse) : httpRequest(options, onResponse);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: e.message, upstream: '' }));
    req.end();
  });
}

/**
 * Sends requests back to back, one at a time per target, until stop() is called, which resolves with the counts.
 * A request fails when it gets no answer or a 5xx (an upstream that failed shows as 502/504); any other status is an
 * answer from a node (a worker without a console answers 404).
 */
export function startLoad(targets: LoadTarget[]): { stop(): Promise<LoadCount> } {
  const count: LoadCount = { ok: 0, failed: 0, failures: [], upstreams: new Set() };
  let running = true;
  const loops = targets.map(async (t) => {
    while (running) {
      const { status, upstream } = await once(t);
      if (typeof status === 'number' && status > 0 && status < 500) count.ok++;
      else { count.failed++; count.failures.push(`${t.serverName}:${t.port}${t.path} -> ${status}`); }
      if (upstream) count.upstreams.add(upstream);
    }
  });
  return { stop: async () => { running = false; await Promise.all(loops); return count; } };
}

/**
 * Client-side failover with no load balancer (seed 003's data publishers list both receivers of the HA pair; seed
 * 000's clients know the master and the slave): each group's loop asks its nodes in turn and a request fails only
 * when none of them answers. `upstreams` collects `serverName:port` of every node that answered.
 */
export function startFailoverLoad(groups: LoadTarget[][]): { stop(): Promise<LoadCount> } {
  const count: LoadCount = { ok: 0, failed: 0, failures: [], upstreams: new Set() };
  let running = true;
  const loops = groups.map(async (group) => {
    let next = 0;
    while (running) {
      const tried: string[] = [];
      let answered = false;
      for (let i = 0; i < group.length && !answered; i++) {
        const t = group[(next + i) % group.length]!;
        const { status } = await once(t);
        answered = typeof status === 'number' && status > 0 && status < 500;
        if (answered) count.upstreams.add(`${t.host}:${t.port}`);
        else tried.push(`${t.host}:${t.port}${t.path} -> ${status}`);
      }
      next = (next + 1) % group.length;
      if (answered) count.ok++;
      else { count.failed++; count.failures.push(tried.join(' | ')); }
    }
  });
  return { stop: async () => { running = false; await Promise.all(loops); return count; } };
}
