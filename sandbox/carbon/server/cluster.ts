// WKA membership in Hazelcast's place: a TCP listener on localMemberHost:localMemberPort, retrying links to every member.
import { createServer, connect, type Socket } from 'node:net';
import { FatalError, type Logger } from './log.js';
import type { Clustering } from './config.js';

interface Hello { domain: string; subDomain?: string; host: string; port: number }

export interface ClusterHandle { stop(): Promise<void> }

const RETRY_MS = 1000;

/** Joins the cluster; members of the same domain are logged joined/left on both sides, others refused. */
export async function startCluster(c: Clustering, log: Logger): Promise<ClusterHandle> {
  const self: Hello = { domain: c.domain, subDomain: c.subDomain, host: c.localHost, port: c.localPort };
  const selfKey = `${c.localHost}:${c.localPort}`;
  const sockets = new Map<string, Set<Socket>>();
  const all = new Set<Socket>();
  // A refused member is redialled every second: log the refusal once.
  const refused = new Set<string>();
  let stopping = false;
  const sub = (h: Hello) => (h.subDomain ? ` sub-domain ${h.subDomain}` : '');

  const attach = (sock: Socket, onGone?: () => void) => {
    all.add(sock);
    sock.setNoDelay(true);
    // A peer whose network vanished (netns deleted) sends no FIN: keepalive notices it.
    sock.setKeepAlive(true, 1000);
    sock.write(JSON.stringify(self) + '\n');
    let buf = '';
    let peerKey: string | undefined;
    sock.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (peerKey !== undefined || nl < 0) return;
      let peer: Hello;
      try { peer = JSON.parse(buf.slice(0, nl)) as Hello; } catch { sock.destroy(); return; }
      const key = `${peer.host}:${peer.port}`;
      if (peer.domain !== c.domain) {
        if (!refused.has(key)) log.warn('MembershipManager', `Refused member [${key}] of domain ${peer.domain}: this node is in domain ${c.domain}`);
        refused.add(key);
        peerKey = '';
        sock.destroy();
        return;
      }
      peerKey = key;
      const set = sockets.get(key) ?? new Set<Socket>();
      if (set.size === 0) log.info('MembershipManager', `Member joined [${key}] (${peer.domain})${sub(peer)}`);
      set.add(sock);
      sockets.set(key, set);
    });
    sock.on('error', () => { /* close follows */ });
    sock.on('close', () => {
      all.delete(sock);
      const set = peerKey ? sockets.get(peerKey) : undefined;
      if (set && peerKey) {
        set.delete(sock);
        if (set.size === 0) { sockets.delete(peerKey); if (!stopping) log.info('MembershipManager', `Member left [${peerKey}] (${c.domain})`); }
      }
      onGone?.();
    });
  };

  const server = createServer((sock) => attach(sock));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new FatalError('HazelcastClusteringAgent',
      `Cannot listen on localMemberHost:localMemberPort ${selfKey}: ${e.code ?? e.message}`)));
    server.listen(c.localPort, c.localHost, () => resolve());
  });
  log.info('HazelcastClusteringAgent', `Cluster domain ${c.domain}${c.subDomain ? `, sub-domain ${c.subDomain}` : ''}; local member ${selfKey}; membership scheme wka`);

  const others = c.members.filter((m) => `${m.host}:${m.port}` !== selfKey);
  if (others.length === 0) log.info('MembershipManager', `No other well-known members: this node is alone in domain ${c.domain}`);
  const timers = new Set<NodeJS.Timeout>();
  // "Alone" is logged once, when the first attempt to every other member has failed and nobody joined.
  const firstFailures = new Set<string>();
  let aloneLogged = false;
  const dial = (host: string, port: number, first: boolean) => {
    if (stopping) return;
    const sock = connect({ host, port });
    let opened = false;
    sock.once('connect', () => { opened = true; });
    attach(sock, () => {
      if (first && !opened) firstFailures.add(`${host}:${port}`);
      if (first && firstFailures.size === others.length && !aloneLogged && sockets.size === 0) {
        aloneLogged = true;
        log.info('MembershipManager', `No well-known member reachable yet: this node is alone in domain ${c.domain}`);
      }
      if (!stopping) { const t = setTimeout(() => { timers.delete(t); dial(host, port, false); }, RETRY_MS); timers.add(t); }
    });
  };
  for (const m of others) dial(m.host, m.port, true);

  return {
    stop: async () => {
      stopping = true;
      for (const t of timers) clearTimeout(t);
      for (const s of all) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
