// WKA membership as Carbon 4.4's Hazelcast does it: join through any reachable well-known member, then learn every
// member of the domain; members are known by the address they advertise (localMemberHost:localMemberPort).
import { randomUUID } from 'node:crypto';
import { createServer, connect, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { FatalError, type Logger } from './log.js';
import type { Clustering } from './config.js';

interface Hello { domain: string; subDomain?: string; host: string; port: number; uuid: string }
interface Peer { hello: Hello; sockets: Set<Socket> }
export interface ClusterHandle { stop(): Promise<void> }
const RETRY_MS = 1000;

/** Whether this host owns `ip` (all of 127/8 is loopback): only then can a connection come from it. */
function isLocalAddress(ip: string): boolean {
  if (ip.startsWith('127.')) return true;
  return Object.values(networkInterfaces()).some((list) => (list ?? []).some((i) => i.address === ip));
}

const plain = (ip: string | undefined) => (ip ?? '').replace(/^::ffff:/, '');

/**
 * Listens on localMemberPort (any address, as Hazelcast binds) and advertises localMemberHost, which
 * HazelcastClusteringAgent sets as Hazelcast's public address. A member whose advertised address is not where its
 * connections come from (another host's address, or 127.0.0.1 across hosts) is refused: it never joins.
 */
export async function startCluster(c: Clustering, log: Logger): Promise<ClusterHandle> {
  const self: Hello = { domain: c.domain, subDomain: c.subDomain, host: c.localHost, port: c.localPort, uuid: randomUUID() };
  const selfKey = `${c.localHost}:${c.localPort}`;
  const local = isLocalAddress(c.localHost);
  const peers = new Map<string, Peer>();
  const all = new Set<Socket>();
  const pending = new Set<string>();
  const warned = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let stopping = false;
  const warnOnce = (key: string, msg: string) => { if (!warned.has(key)) { warned.add(key); log.warn('MembershipManager', msg); } };

  // Tells every connected member about every member this node knows (Hazelcast's member list, pushed by the master).
  const gossip = () => {
    const list = [...peers.values()].map((p) => ({ host: p.hello.host, port: p.hello.port }));
    for (const p of peers.values()) for (const s of p.sockets) s.write(JSON.stringify({ members: list }) + '\n');
  };

  const attach = (sock: Socket, dialed?: string) => {
    all.add(sock);
    sock.setNoDelay(true);
    // A peer whose network vanished (netns deleted) sends no FIN: keepalive notices it.
    sock.setKeepAlive(true, 1000);
    sock.write(JSON.stringify(self) + '\n');
    let buf = '';
    let key: string | undefined;
    // Joined only when each side has accepted the other's hello (the peer's "ok" and ours).
    let theirs: Hello | undefined;
    let acked = false;
    const join = () => {
      if (!theirs || !acked || key) return;
      const msg = theirs;
      key = `${msg.host}:${msg.port}`;
      const peer = peers.get(key) ?? { hello: msg, sockets: new Set<Socket>() };
      const isNew = peer.sockets.size === 0;
      peer.sockets.add(sock);
      peers.set(key, peer);
      // WKABasedMembershipScheme.memberAdded logs this line.
      if (isNew) { log.info('WKABasedMembershipScheme', `Member joined [${msg.uuid}]: /${msg.host}:${msg.port}`); gossip(); }
    };
    const onMessage = (msg: Hello & { members?: { host: string; port: number }[]; ok?: boolean }) => {
      if (msg.members) { for (const m of msg.members) dialIfNew(m.host, m.port); return; }
      if (msg.ok) { acked = true; join(); return; }
      const claimed = `${msg.host}:${msg.port}`;
      if (msg.domain !== c.domain) {
        warnOnce(`domain ${claimed}`, `Refused member [${claimed}] of domain ${msg.domain}: this node is in domain ${c.domain}`);
        sock.destroy();
        return;
      }
      // Hazelcast's bind check: the member at the address we dialed must be the one answering, and a member must
      // connect from the address it advertises.
      const from = plain(sock.remoteAddress);
      if ((dialed && dialed !== claimed) || (!dialed && from !== msg.host)) {
        warnOnce(`addr ${claimed}`, `Refused member [${claimed}]: the connection comes from ${dialed ?? from}, not from the address it advertises (check its localMemberHost)`);
        sock.destroy();
        return;
      }
      theirs = msg;
      sock.write(JSON.stringify({ ok: true }) + '\n');
      join();
    };
    sock.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try { onMessage(JSON.parse(line) as Hello); } catch { sock.destroy(); return; }
      }
    });
    sock.on('error', () => { /* close follows */ });
    sock.on('close', () => {
      all.delete(sock);
      const peer = key ? peers.get(key) : undefined;
      if (peer && key) {
        peer.sockets.delete(sock);
        if (peer.sockets.size === 0) {
          peers.delete(key);
          if (!stopping) log.info('WKABasedMembershipScheme', `Member left [${peer.hello.uuid}]: /${peer.hello.host}:${peer.hello.port}`);
        }
      }
    });
  };

  /** Dials a member (well-known or learnt) until it answers; connections leave from the advertised address when it is ours. */
  const dial = (host: string, port: number) => {
    const target = `${host}:${port}`;
    if (stopping || peers.has(target)) { pending.delete(target); return; }
    pending.add(target);
    const sock = connect({ host, port, ...(local ? { localAddress: c.localHost } : {}) });
    attach(sock, target);
    sock.once('close', () => {
      if (stopping || peers.has(target) || !isWka(target)) { pending.delete(target); return; }
      const t = setTimeout(() => { timers.delete(t); dial(host, port); }, RETRY_MS);
      timers.add(t);
    });
  };
  const isWka = (key: string) => c.members.some((m) => `${m.host}:${m.port}` === key);
  const dialIfNew = (host: string, port: number) => {
    const key = `${host}:${port}`;
    if (key !== selfKey && !peers.has(key) && !pending.has(key)) dial(host, port);
  };

  if (c.localHost === '127.0.0.1' || c.localHost === 'localhost') {
    // HazelcastClusteringAgent's own warning.
    log.warn('HazelcastClusteringAgent', 'localMemberHost is configured to use the loopback address. Hazelcast Clustering needs ip addresses for localMemberHost and well-known members.');
  }
  const server = createServer((sock) => attach(sock));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new FatalError('HazelcastClusteringAgent',
      `Cannot listen on localMemberHost:localMemberPort ${selfKey}: ${e.code ?? e.message}`)));
    // Hazelcast binds every interface unless told otherwise; on a loopback-only test host the advertised one.
    server.listen(c.localPort, local && c.localHost.startsWith('127.') ? c.localHost : '0.0.0.0', () => resolve());
  });
  log.info('HazelcastClusteringAgent', `Cluster domain: ${c.domain}`);
  log.info('HazelcastClusteringAgent', 'Using wka based membership management scheme');
  log.info('HazelcastClusteringAgent', `Local member: [${self.uuid}] - Host:${c.localHost}, Port: ${c.localPort}, Domain: ${c.domain}, Sub-domain:${c.subDomain ?? ''}, Active:true`);
  const others = c.members.filter((m) => `${m.host}:${m.port}` !== selfKey);
  if (others.length === 0) log.info('MembershipManager', `No other well-known members: this node is alone in domain ${c.domain}`);
  for (const m of others) dial(m.host, m.port);
  return {
    stop: async () => {
      stopping = true;
      for (const t of timers) clearTimeout(t);
      for (const s of all) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
