// Facts of a host: the gather script's output turned into Ansible's ansible_* names, and gather_subset / filter applied.
import type { BecomeOptions, Connection } from '../connection/types.js';
import { CarbonPlayError } from '../core/errors.js';
import { GATHER_SCRIPT } from './gather-script.js';

const DISTRIBUTIONS: Record<string, [name: string, family: string]> = {
  debian: ['Debian', 'Debian'], ubuntu: ['Ubuntu', 'Debian'], raspbian: ['Debian', 'Debian'], linuxmint: ['Linux Mint', 'Debian'],
  centos: ['CentOS', 'RedHat'], rhel: ['RedHat', 'RedHat'], fedora: ['Fedora', 'RedHat'], rocky: ['Rocky', 'RedHat'], almalinux: ['AlmaLinux', 'RedHat'],
  ol: ['OracleLinux', 'RedHat'], amzn: ['Amazon', 'RedHat'], alpine: ['Alpine', 'Alpine'], sles: ['SLES', 'Suse'], 'opensuse-leap': ['openSUSE Leap', 'Suse'], arch: ['Archlinux', 'Archlinux'],
};

/** Which facts each gather_subset name covers; `min` is always kept unless `!min`. */
const SUBSETS: Record<string, string[]> = {
  min: ['os_family', 'distribution', 'distribution_version', 'distribution_major_version', 'distribution_release', 'hostname', 'nodename', 'fqdn', 'domain', 'env', 'user_id', 'user_uid', 'user_gid', 'user_dir', 'user_shell', 'pkg_mgr', 'service_mgr', 'python', 'python_version', 'system', 'kernel', 'kernel_version', 'architecture', 'machine', 'date_time', 'os_pretty'],
  hardware: ['memtotal_mb', 'memfree_mb', 'swaptotal_mb', 'swapfree_mb', 'processor_vcpus', 'processor_count', 'processor_cores', 'processor_nproc', 'processor'],
  network: ['default_ipv4', 'all_ipv4_addresses', 'interfaces'],
  virtual: [],
};

function parse(out: string): { kv: Record<string, string>; sections: Record<string, string[]> } {
  const kv: Record<string, string> = {};
  const sections: Record<string, string[]> = {};
  let section: string | undefined;
  for (const line of out.split('\n')) {
    if (line.startsWith('@@')) section = line.slice(2);
    else if (section) (sections[section] ??= []).push(line);
    else if (line.includes('=')) kv[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1).trim();
  }
  return { kv, sections };
}

function network(ipLines: string[], routeLines: string[]): Record<string, unknown> {
  const addrs = ipLines.map((l) => /^\d+:\s+(\S+)\s+inet\s+([\d.]+)\/(\d+)/.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  const route = /default via ([\d.]+) dev (\S+)/.exec(routeLines.join('\n')) ?? /default dev (\S+)/.exec(routeLines.join('\n'));
  const iface = route ? (route.length === 3 ? route[2] : route[1]) : undefined;
  const gateway = route && route.length === 3 ? route[1] : undefined;
  const def = addrs.find((m) => m[1] === iface);
  const prefix = def ? Number(def[3]) : 0;
  const mask = def ? [24, 16, 8, 0].map((s) => ((0xffffffff << (32 - prefix)) >>> s) & 255).join('.') : undefined;
  return {
    all_ipv4_addresses: addrs.filter((m) => !m[2]!.startsWith('127.')).map((m) => m[2]),
    interfaces: [...new Set(addrs.map((m) => m[1]))],
    default_ipv4: def ? { address: def[2], interface: def[1], alias: def[1], gateway, netmask: mask, prefix: String(prefix) } : {},
  };
}

function dateTime(epoch: number, tz: string, offset: string): Record<string, string> {
  const ms = epoch * 1000;
  const sign = offset.startsWith('-') ? -1 : 1;
  const local = new Date(ms + sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5))) * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const [y, mo, d, h, mi, s] = [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate(), local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds()];
  return {
    epoch: String(epoch), date: `${y}-${p(mo)}-${p(d)}`, time: `${p(h)}:${p(mi)}:${p(s)}`, year: String(y), month: p(mo), day: p(d), hour: p(h), minute: p(mi), second: p(s),
    iso8601: new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z'), tz, tz_offset: offset,
  };
}

/** Every fact the script gives, under Ansible's names without the `ansible_` prefix. */
export function factsFromOutput(out: string): Record<string, unknown> {
  const { kv, sections } = parse(out);
  const [distribution, family] = DISTRIBUTIONS[kv.os_id ?? ''] ?? [kv.os_name || 'NA', kv.os_id ? kv.os_id.charAt(0).toUpperCase() + kv.os_id.slice(1) : 'NA'];
  const version = kv.os_id === 'debian' && kv.debian_version && /^\d/.test(kv.debian_version) ? kv.debian_version : kv.os_version_id || 'NA';
  const env: Record<string, string> = {};
  for (const pair of Buffer.from((sections.env ?? []).join(''), 'base64').toString('utf8').split('\0').filter(Boolean)) {
    const i = pair.indexOf('=');
    if (i > 0) env[pair.slice(0, i)] = pair.slice(i + 1);
  }
  const kb = (k: string) => (kv[k] ? Math.floor(Number(kv[k]) / 1024) : undefined);
  const nproc = Number(kv.nproc) || 1;
  const fqdn = kv.fqdn || kv.nodename || '';
  const [pyVersion = '', releaselevel = 'final', serial = '0'] = (kv.python_info ?? '').split(' ');
  const pyv = pyVersion.split('.').map(Number);
  return {
    os_family: family, distribution, distribution_version: version, distribution_major_version: version.split('.')[0], distribution_release: kv.os_codename || 'NA',
    hostname: (kv.nodename ?? '').split('.')[0], nodename: kv.nodename, fqdn, domain: fqdn.includes('.') ? fqdn.slice(fqdn.indexOf('.') + 1) : '',
    system: kv.system, kernel: kv.kernel, kernel_version: kv.kernel_version, architecture: kv.machine, machine: kv.machine,
    memtotal_mb: kb('MemTotal'), memfree_mb: kb('MemFree'), swaptotal_mb: kb('SwapTotal'), swapfree_mb: kb('SwapFree'),
    processor_vcpus: nproc, processor_nproc: nproc, processor_count: Number(kv.sockets) || 1, processor_cores: Number(kv.cores) || 1, processor: kv.cpu_model ? [kv.cpu_model.trim()] : [],
    user_id: kv.user_id, user_uid: Number(kv.user_uid), user_gid: Number(kv.user_gid), user_dir: kv.user_dir, user_shell: kv.user_shell,
    pkg_mgr: kv.pkg_mgr === 'apt-get' ? 'apt' : kv.pkg_mgr ?? 'unknown', service_mgr: kv.service_mgr || 'unknown',
    ...(kv.python ? { python: { executable: kv.python, version: { major: pyv[0], minor: pyv[1], micro: pyv[2], releaselevel, serial: Number(serial) } }, python_version: pyVersion } : {}),
    env, date_time: dateTime(Number(kv.epoch), kv.tz ?? 'UTC', kv.tz_offset ?? '+0000'),
    ...network(sections.ip ?? [], sections.route ?? []),
  };
}

/** gather_subset (all, min, hardware, network, with `!` to leave out) applied to the facts. */
export function selectSubset(facts: Record<string, unknown>, subset: string[]): Record<string, unknown> {
  const names = new Set<string>();
  const add = (s: string) => (s === 'all' ? Object.keys(SUBSETS).forEach((k) => SUBSETS[k]!.forEach((n) => names.add(n))) : SUBSETS[s]?.forEach((n) => names.add(n)));
  const plain = subset.filter((s) => !s.startsWith('!'));
  (plain.length > 0 ? plain : subset.every((s) => s.startsWith('!')) ? ['all'] : []).forEach(add);
  if (!subset.includes('!min')) add('min');
  for (const s of subset.filter((x) => x.startsWith('!')).map((x) => x.slice(1))) {
    if (s === 'all') Object.entries(SUBSETS).filter(([k]) => k !== 'min').forEach(([, v]) => v.forEach((n) => names.delete(n)));
    else if (s !== 'min') SUBSETS[s]?.forEach((n) => names.delete(n));
  }
  if (subset.includes('!min')) SUBSETS.min!.forEach((n) => names.delete(n));
  return Object.fromEntries(Object.entries(facts).filter(([k]) => names.has(k) || !Object.values(SUBSETS).some((l) => l.includes(k))));
}

/** One round trip: the script runs once and every fact comes from its output. */
export async function gatherFacts(conn: Connection, become?: BecomeOptions, python = ''): Promise<Record<string, unknown>> {
  const r = await conn.run({ argv: ['sh', '-c', GATHER_SCRIPT, 'sh', python] }, { become });
  if (!r.stdout.includes('@@end')) throw new CarbonPlayError('module', `setup: gathering facts failed (rc ${r.rc}): ${r.stderr.trim()}`);
  return factsFromOutput(r.stdout);
}
