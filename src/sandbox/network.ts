// The sandbox network: one bridge on the control node, one namespace + veth pair per host.
import { mustRun, runCmd } from './exec.js';

export async function createBridge(bridge: string, ip: string, prefix: number): Promise<void> {
  await runCmd('ip', ['link', 'del', bridge]); // a leftover from a crash
  await mustRun('ip', ['link', 'add', bridge, 'type', 'bridge']);
  await mustRun('ip', ['addr', 'add', `${ip}/${prefix}`, 'dev', bridge]);
  await mustRun('ip', ['link', 'set', bridge, 'up']);
}

export async function createHostNetwork(opts: { netns: string; veth: string; bridge: string; ip: string; prefix: number; gateway: string }): Promise<void> {
  await removeHostNetwork(opts.netns, opts.veth);
  await mustRun('ip', ['netns', 'add', opts.netns]);
  await mustRun('ip', ['link', 'add', opts.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', opts.netns]);
  await mustRun('ip', ['link', 'set', opts.veth, 'master', opts.bridge, 'up']);
  const inNs = (...args: string[]) => mustRun('ip', ['netns', 'exec', opts.netns, 'ip', ...args]);
  await inNs('addr', 'add', `${opts.ip}/${opts.prefix}`, 'dev', 'eth0');
  await inNs('link', 'set', 'eth0', 'up');
  await inNs('link', 'set', 'lo', 'up');
  // Only the bridge subnet is routed: no default route, so a host cannot reach any other address.
}

/** Tolerates what is already gone; the veth is deleted explicitly because here it can outlive its namespace. */
export async function removeHostNetwork(netns: string, veth: string): Promise<void> {
  await runCmd('ip', ['netns', 'del', netns]);
  await runCmd('ip', ['link', 'del', veth]);
}

export async function removeBridge(bridge: string): Promise<void> {
  await runCmd('ip', ['link', 'del', bridge]);
}

/** Pids of every process living in the namespace (the ones the sandbox started and any a playbook started). */
export async function namespacePids(netns: string): Promise<number[]> {
  const r = await runCmd('ip', ['netns', 'pids', netns]);
  if (r.code !== 0) return [];
  return r.stdout.split(/\s+/).filter(Boolean).map(Number).filter((n) => n > 1);
}

export async function listNamespaces(prefix: string): Promise<string[]> {
  const r = await runCmd('ip', ['netns', 'list']);
  return r.stdout.split('\n').map((l) => l.split(' ')[0]).filter((n) => n && n.startsWith(prefix));
}
