// lb_nginx's drain.yml on a real nginx (temp prefix): a node's upstream lines get `down` before its restart and
// lose it once it answers again, nginx tested and reloaded each time; other nodes' lines never change.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedCounts, createPlayDir, read, runPlay, writeFiles } from './helpers.js';

const hasNginx = existsSync('/usr/sbin/nginx');
let node: Server;
let port = 0;
beforeAll(async () => {
  node = createServer((_req, res) => res.writeHead(302).end());
  await new Promise<void>((r) => node.listen(0, '127.0.0.1', () => r()));
  port = (node.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => node.close(() => r())));

describe.skipIf(!hasNginx)('lb_nginx drain.yml', () => {
  it('takes a node out of every upstream and puts it back once it answers; the other node untouched; idempotent', async () => {
    const dir = createPlayDir();
    const off = port - 9763;
    // n1 is this test's HTTP server (127.0.0.1 + offset); n2 another node.
    const conf = [
      'upstream carbon_http {', `    server 127.0.0.1:${9763 + off};`, '    server 10.9.0.4:9763;', '}',
      'upstream carbon_https {', `    server 127.0.0.1:${9443 + off};`, '    server 10.9.0.4:9443;', '}',
      'upstream carbon_mgt {', '    ip_hash;', `    server 127.0.0.1:${9443 + off};`, '}',
      '',
    ].join('\n');
    mkdirSync(join(dir, 'logs'), { recursive: true });
    writeFiles(dir, {
      'carbon.conf': conf,
      'nginx.conf': `pid ${join(dir, 'nginx.pid')};\nerror_log ${join(dir, 'logs/error.log')} notice;\nevents {}\nhttp {\n access_log off;\n include ${join(dir, 'carbon.conf')};\n}\n`,
    });
    const nginx = `nginx -p ${dir} -c ${join(dir, 'nginx.conf')}`;
    execFileSync('sh', ['-c', nginx]);
    try {
      const inv = `[carbon]\nn1 ansible_connection=local ansible_host=127.0.0.1 carbon_port_offset=${off}\n[lb]\nlb ansible_connection=local ansible_host=127.0.0.1 lb_conf_file=${join(dir, 'carbon.conf')} lb_nginx_pid_file=${join(dir, 'nginx.pid')} "lb_nginx_cmd=${nginx}"\n`;
      const play = (state: string) => JSON.stringify([{ hosts: 'n1', gather_facts: false, tasks: [{ include_role: { name: 'lb_nginx', tasks_from: 'drain' }, vars: { lb_drain: state } }] }]);
      const down = await runPlay(dir, play('down'), inv);
      expect(down.code, down.out + down.err).toBe(0);
      expect(changedCounts(down.out)).toEqual({ n1: 1 });
      const drained = read(join(dir, 'carbon.conf'));
      expect(drained.match(/ down;/g)).toHaveLength(3);
      expect(drained).toContain(`server 127.0.0.1:${9443 + off} down;`);
      expect(drained).toContain('server 10.9.0.4:9763;\n');
      expect(readFileSync(join(dir, 'logs/error.log'), 'utf8')).toMatch(/signal process started|reconfiguring/);
      expect(changedCounts((await runPlay(dir, play('down'), inv)).out)).toEqual({ n1: 0 });
      const up = await runPlay(dir, play('up'), inv);
      expect(up.code, up.out + up.err).toBe(0);
      expect(changedCounts(up.out)).toEqual({ n1: 1 });
      expect(read(join(dir, 'carbon.conf'))).toBe(conf);
      expect(changedCounts((await runPlay(dir, play('up'), inv)).out)).toEqual({ n1: 0 });
    } finally {
      execFileSync('sh', ['-c', `${nginx} -s stop`]);
    }
  });
});
