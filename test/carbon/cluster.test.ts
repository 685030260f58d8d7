// WKA clustering between local stand-in nodes on 127.0.0.x, in Hazelcast's WKA way: joined on both sides with Carbon's
// lines, members learnt through a well-known one, left when one stops, other domains and wrong member hosts refused.
import { describe, expect, it } from 'vitest';
import { pickFreePort } from '../../src/sandbox/free-port.js';
import { freeOffset, runServer, unpack, waitForLog, type Node } from './harness.js';

interface Member { host: string; port: number }
const member = async (host: string): Promise<Member> => ({ host, port: await pickFreePort(host) });

/** Turns the default axis2.xml into a wka member of `domain` at `self`, listing `members` (the placeholder replaced). */
async function clusterNode(self: Member, members: Member[], domain: string): Promise<{ node: Node; args: string[] }> {
  const node = await unpack('as');
  node.edit('axis2/axis2.xml', (s) => s
    .replace(/enable="false">(\r\n\s*<!-- Replicate)/, 'enable="true">$1')
    .replace('<parameter name="membershipScheme">multicast<', '<parameter name="membershipScheme">wka<')
    .replace('<parameter name="domain">wso2.carbon.domain<', `<parameter name="domain">${domain}<`)
    .replace('<parameter name="localMemberHost">127.0.0.1<', `<parameter name="localMemberHost">${self.host}<`)
    .replace('<parameter name="localMemberPort">4000<', `<parameter name="localMemberPort">${self.port}<`)
    .replace(/<members>\s*<member>[\s\S]*?<\/members>/, `<members>${members.map((m) => `<member><hostName>${m.host}</hostName><port>${m.port}</port></member>`).join('')}</members>`));
  return { node, args: [`-DportOffset=${await freeOffset()}`] };
}

// Generous limits: the waits return as soon as the log line is there; a loaded machine only makes them longer.
describe('wka clustering', { timeout: 180_000 }, () => {
  it('a node started later is seen joining by the one already up, both log it, and stopping one logs left', async () => {
    const a = { host: '127.0.0.2', port: await pickFreePort('127.0.0.2') };
    const b = { host: '127.0.0.3', port: await pickFreePort('127.0.0.3') };
    const na = await clusterNode(a, [a, b], 'wso2.as.domain');
    const nb = await clusterNode(b, [a, b], 'wso2.as.domain');
    const ra = await runServer(na.node, na.args);
    try {
      const rb = await runServer(nb.node, nb.args);
      const joinedA = await waitForLog(na.node, /Member joined/);
      const joinedB = await waitForLog(nb.node, /Member joined/);
      const uuidOf = (log: string) => /Local member: \[([0-9a-f-]{36})\] - Host:/.exec(log)?.[1];
      expect(joinedA).toContain(`INFO - WKABasedMembershipScheme Member joined [${uuidOf(joinedB)}]: /${b.host}:${b.port}`);
      expect(joinedB).toContain(`INFO - WKABasedMembershipScheme Member joined [${uuidOf(joinedA)}]: /${a.host}:${a.port}`);
      expect(joinedB.match(/Member joined/g)).toHaveLength(1);
      await rb.stop();
      expect(await waitForLog(na.node, /Member left/)).toContain(`INFO - WKABasedMembershipScheme Member left [${uuidOf(joinedB)}]: /${b.host}:${b.port}`);
    } finally { await ra.stop(); }
  });

  it('refuses a member of another domain, on both sides', async () => {
    const a = { host: '127.0.0.4', port: await pickFreePort('127.0.0.4') };
    const c = { host: '127.0.0.5', port: await pickFreePort('127.0.0.5') };
    const na = await clusterNode(a, [a, c], 'wso2.as.domain');
    const nc = await clusterNode(c, [a, c], 'wso2.greg.domain');
    const [ra, rc] = [await runServer(na.node, na.args), await runServer(nc.node, nc.args)];
    try {
      expect(await waitForLog(na.node, /Refused/)).toContain(`WARN - MembershipManager Refused member [${c.host}:${c.port}] of domain wso2.greg.domain: this node is in domain wso2.as.domain`);
      expect(await waitForLog(nc.node, /Refused/)).toContain(`Refused member [${a.host}:${a.port}] of domain wso2.as.domain`);
      expect(ra.log + rc.log).not.toMatch(/Member joined/);
    } finally { await ra.stop(); await rc.stop(); }
  });

  it('two workers that list only the manager learn of each other through it', async () => {
    const [m, w1, w2] = [await member('127.0.0.8'), await member('127.0.0.9'), await member('127.0.0.10')];
    const nm = await clusterNode(m, [m], 'wso2.as.domain');
    const n1 = await clusterNode(w1, [m], 'wso2.as.domain');
    const n2 = await clusterNode(w2, [m], 'wso2.as.domain');
    const runs = [await runServer(nm.node, nm.args), await runServer(n1.node, n1.args), await runServer(n2.node, n2.args)];
    try {
      expect(await waitForLog(n1.node, new RegExp(`Member joined \\[[^\\]]+\\]: /${w2.host}:${w2.port}`))).toMatch(new RegExp(`Member joined \\[[^\\]]+\\]: /${m.host}:${m.port}`));
      expect(await waitForLog(n2.node, new RegExp(`Member joined \\[[^\\]]+\\]: /${w1.host}:${w1.port}`))).toMatch(/Member joined/);
      expect((await waitForLog(nm.node, /(Member joined[\s\S]*){2}/)).match(/Member joined/g)).toHaveLength(2);
    } finally { for (const r of runs) await r.stop(); }
  });

  it('a wrong localMemberHost (another host\'s address): the member is refused and joins nobody', async () => {
    const a = await member('127.0.0.11');
    const b = { host: '10.255.255.1', port: await pickFreePort('127.0.0.12') };
    const na = await clusterNode(a, [a], 'wso2.as.domain');
    const nb = await clusterNode(b, [a], 'wso2.as.domain');
    const ra = await runServer(na.node, na.args);
    const rb = await runServer(nb.node, nb.args);
    try {
      expect(await waitForLog(na.node, /Refused member/)).toContain(`WARN - MembershipManager Refused member [${b.host}:${b.port}]: the connection comes from 127.0.0.1, not from the address it advertises (check its localMemberHost)`);
      await new Promise((r) => setTimeout(r, 1500));
      expect(ra.log + rb.log).not.toMatch(/Member joined/);
    } finally { await rb.stop(); await ra.stop(); }
  });

  it('warns, as Carbon does, when localMemberHost is the loopback address', async () => {
    const a = await member('127.0.0.1');
    const na = await clusterNode(a, [a], 'wso2.as.domain');
    const r = await runServer(na.node, na.args);
    await r.stop();
    expect(r.log).toContain('WARN - HazelcastClusteringAgent localMemberHost is configured to use the loopback address. Hazelcast Clustering needs ip addresses for localMemberHost and well-known members.');
  });

  it('logs that it is alone when the member list names only itself', async () => {
    const a = { host: '127.0.0.6', port: await pickFreePort('127.0.0.6') };
    const na = await clusterNode(a, [a], 'wso2.as.domain');
    const r = await runServer(na.node, na.args);
    await r.stop();
    expect(r.log).toMatch(/No other well-known members: this node is alone in domain wso2\.as\.domain/);
  });

  it('fails when localMemberPort is taken', async () => {
    const a = { host: '127.0.0.7', port: await pickFreePort('127.0.0.7') };
    const first = await clusterNode(a, [a], 'd');
    const second = await clusterNode(a, [a], 'd');
    const r1 = await runServer(first.node, first.args);
    const r2 = await runServer(second.node, second.args);
    await r2.stop();
    await r1.stop();
    expect(r2.code).toBe(1);
    expect(r2.log).toMatch(/ERROR - HazelcastClusteringAgent Cannot listen on localMemberHost:localMemberPort 127\.0\.0\.7:\d+: EADDRINUSE/);
  });
});
