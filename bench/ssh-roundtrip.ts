// Benchmark: N exec round trips, N SFTP writes (45 KB, atomic) and N stats on ONE connection to a sandbox host.
// Run from the project root as root (Node 20 has no type stripping, so compile first; into dist/ so node_modules resolves):
//   npx tsc --module nodenext --moduleResolution nodenext --target es2022 --types node --skipLibCheck --rootDir . --outDir dist bench/ssh-roundtrip.ts && node dist/bench/ssh-roundtrip.js [N]
// Brings up its own one-host sandbox in .sandbox-bench (10.200.90.0/24) and takes it down at the end.
import { join, resolve } from 'node:path';
import { SshConnection } from '../src/connection/ssh.js';
import { planHosts } from '../src/sandbox/plan.js';
import { sandboxUp } from '../src/sandbox/up.js';
import { sandboxDown } from '../src/sandbox/down.js';

const n = Number(process.argv[2] ?? 200);
const dir = resolve('.sandbox-bench');

let conn: SshConnection;

/** Wall time per call, and what each call cost on the wire (the connection counts its requests). */
async function time(label: string, count: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  const before = conn.requestCounts();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) await fn(i);
  const ms = performance.now() - t0;
  const after = conn.requestCounts();
  const per = (a: number, b: number) => ((a - b) / count).toFixed(1);
  const wire = `${per(after.exec, before.exec)} exec, ${per(after.sftpRequests, before.sftpRequests)} SFTP req in ${per(after.sftpRoundTrips, before.sftpRoundTrips)} round trips`;
  console.log(`${label.padEnd(34)} ${String(count).padStart(5)} x  ${(ms / count).toFixed(2).padStart(7)} ms each  ${ms.toFixed(0).padStart(6)} ms total  (${wire} each)`);
}

const { layout, state } = await sandboxUp({ dir, hosts: planHosts({ hosts: 1, db: false, lb: false }), subnet: '10.200.90.0/24' });
try {
  const vars = {
    ansible_host: state.hosts[0].ip,
    ansible_user: 'root',
    ansible_ssh_private_key_file: layout.clientKey,
    ansible_ssh_common_args: `-o UserKnownHostsFile=${layout.knownHosts}`,
  };
  conn = new SshConnection('node1', vars);
  const payload = Buffer.alloc(45 * 1024, 'a');
  await time('connect (handshake + auth)', 1, () => conn.connect());
  await time('exec `true`', n, () => conn.run({ argv: ['true'] }));
  await time('SFTP write 45 KB (atomic)', n, (i) => conn.writeFile(join('/opt', `bench-${i % 5}.xml`), payload));
  // A new path each time: a stat repeated within 100 ms with nothing in between is answered from memory.
  await time('SFTP stat', n, (i) => conn.stat(`/opt/bench-stat-${i}`));
  await time('SFTP read 45 KB', n, () => conn.readFile('/opt/bench-0.xml'));
  const t0 = performance.now();
  await Promise.all(Array.from({ length: n }, () => conn.run({ argv: ['true'] })));
  console.log(`${'exec `true`, all in parallel'.padEnd(34)} ${String(n).padStart(5)} x  ${((performance.now() - t0) / n).toFixed(2).padStart(7)} ms each (wall / N)`);
  await conn.close();
} finally {
  await sandboxDown(dir);
}
