// Differential, on sandbox hosts: each new module run twice (created, then unchanged) by ansible-playbook on node1 and by
// carbon-play on node2 (hosts start identical); status, key return values and the hosts' resulting state compared.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { hasAnsible, runAnsible, runCarbon, summarize, writeFiles, type HostOutcome } from '../helpers/ansible-diff.js';
import { sshCheck } from './ssh-helpers.js';
import { makeTempDir } from '../helpers/temp-dir.js';

// `again` runs each task a second time: the first item creates, the second must find nothing to do.
const twice = '      loop: [first, again]\n';
const SITE = `
- hosts: "{{ target }}"
  gather_facts: false
  vars:
    base: /opt/cp-mod-diff
  tasks:
    - name: ping
      ping:
    - name: ping data
      ansible.builtin.ping: data=hello
    - name: group with gid
      group: name=cpdiff state=present gid=1802
${twice}    - name: group gid changed
      group: {name: cpdiff, gid: 1803}
    - name: system group
      group: name=cpdiffsys system=yes
${twice}    - name: user in that group
      user: name=cpdiff shell=/bin/bash group=cpdiff uid=1802 non_unique=yes home=/opt/cp-mod-diff/home/cpdiff
${twice}    - name: user shell changed
      user: {name: cpdiff, shell: /bin/sh}
    - name: user supplementary groups
      user: {name: cpdiff, groups: [cpdiffsys], append: true}
${twice}    - name: user without home
      user: name=cpdiff2 create_home=no comment="Second user"
${twice}    - name: user removed
      user: name=cpdiff2 state=absent
${twice}    - name: group removed
      group: name=cpdiffsys state=absent
${twice}    - name: 'prep: work folder'
      file: path={{ base }}/conf state=directory
    - name: 'prep: a file to edit'
      copy:
        dest: "{{ base }}/conf/app.conf"
        content: |
          # app
          host = localhost
          port = 8080
          [extra]
          host = other
    - name: replace with backrefs
      replace: path={{ base }}/conf/app.conf regexp='^(host) = (\\w+)$' replace='\\1 = changed-\\2'
${twice}    - name: replace after a marker
      replace:
        path: "{{ base }}/conf/app.conf"
        after: '\\[extra\\]'
        regexp: 'changed'
        replace: 'edited'
${twice}    - name: replace without a match
      replace: path={{ base }}/conf/app.conf regexp=nothing-here replace=x
    - name: slurp
      slurp: src={{ base }}/conf/app.conf
    - name: find by pattern
      find: paths={{ base }}/conf patterns=*.conf
      register: found
    - name: find directories recursively
      find: {paths: "{{ base }}", file_type: directory, recurse: true}
    - name: find with contains
      find: {paths: "{{ base }}/conf", contains: "port = .*"}
    - name: fetch
      fetch: src={{ base }}/conf/app.conf dest={{ fetched }}/ flat=yes
${twice}    - name: include_vars
      include_vars: file=extra.yml
    - name: use included vars
      debug: var=included_value
    - name: include_vars under a name
      include_vars: {file: extra.yml, name: bag}
    - name: read the bag
      debug: var=bag
    - name: pause for no time
      pause: seconds=0
    - name: wait_for_connection
      wait_for_connection: timeout=20
    - name: package already present
      package: name=openssh-server state=present
    - name: apt present with a fresh enough cache
      apt: name=openssh-server state=present update_cache=yes cache_valid_time=315360000
    - name: apt absent for a package not installed
      apt: name=cp-no-such-pkg-installed state=absent
    - name: 'deviation: systemd without systemd'
      systemd: name=ssh state=started
      ignore_errors: true
    - name: 'deviation: yum on a Debian host'
      yum: name=x
      ignore_errors: true
`;

const KEYS = ['item', 'ping', 'gid', 'uid', 'name', 'state', 'shell', 'home', 'comment', 'msg', 'content', 'encoding', 'matched', 'included_value', 'bag', 'checksum', 'cache_updated', 'system'];

const named = (o: HostOutcome[]) => o.filter((x) => !['Gathering Facts'].includes(x.task));

describe.skipIf(!hasAnsible)('modules: carbon-play and ansible-playbook agree on sandbox hosts', () => {
  let ours: Awaited<ReturnType<typeof runCarbon>>;
  let theirs: Awaited<ReturnType<typeof runAnsible>>;
  let fetched: { ours: string; theirs: string };
  beforeAll(async () => {
    const dir = makeTempDir('cp-mod-diff-');
    writeFiles(dir, { 'site.yml': SITE, 'vars/extra.yml': 'included_value: from-file\nnested: {a: [1, 2]}\n' });
    fetched = { ours: makeTempDir('cp-fetch-ours-'), theirs: makeTempDir('cp-fetch-theirs-') };
    const inv = inject('sandboxInventory');
    for (const h of ['node1', 'node2']) sshCheck(h, 'userdel cpdiff 2>/dev/null; userdel cpdiff2 2>/dev/null; groupdel cpdiff 2>/dev/null; groupdel cpdiffsys 2>/dev/null; rm -rf /opt/cp-mod-diff; true');
    [theirs, ours] = await Promise.all([
      runAnsible(dir, ['site.yml', '-i', inv, '-e', `target=node1 fetched=${fetched.theirs} ansible_python_interpreter=/usr/bin/python3`]),
      runCarbon(dir, ['site.yml', '-i', inv, '-e', `target=node2 fetched=${fetched.ours}`]),
    ]);
    if (process.env.CP_DIFF_DUMP) writeFileSync(process.env.CP_DIFF_DUMP, JSON.stringify({ ours: ours.outcomes, theirs: theirs.outcomes }, null, 1));
  }, 240_000);

  it('runs the same tasks', () => {
    expect(named(ours.outcomes).map((o) => o.task)).toEqual(named(theirs.outcomes).map((o) => o.task));
  });

  // Where Ansible reports ok but did nothing (systemd absent: 'Service is in unknown state'; yum on an apt host), carbon-play fails and says why.
  it('fails clearly where Ansible goes on silently', () => {
    const failed = (task: string) => ours.outcomes.find((x) => x.task === task)?.result;
    expect(failed('deviation: systemd without systemd')).toMatchObject({ failed: true, msg: expect.stringContaining('systemd is not running on node2') });
    expect(failed('deviation: yum on a Debian host')).toMatchObject({ failed: true, msg: expect.stringContaining("'yum' is not installed on node2 (it uses apt") });
  });

  it.each(SITE.match(/- name: [^'\n].+/g)!.map((l) => l.slice(8)))('%s: same status and return values', (task) => {
    const pick = (o: HostOutcome[]) => {
      const r = o.find((x) => x.task === task);
      return r && JSON.parse(JSON.stringify(summarize(r.result, KEYS)).replace(/node[12]/g, 'NODE').replace(/cp-fetch-(ours|theirs)-\w+/g, 'FETCH'));
    };
    const mine = pick(ours.outcomes);
    const want = pick(theirs.outcomes);
    // carbon-play's result may carry a msg where Ansible's has none; failure messages differ in wording (that both failed counts).
    const dropMsg = (m: Record<string, unknown> | undefined, w: Record<string, unknown> | undefined) => {
      if (m && (w?.msg === undefined || w.status === 'failed')) delete m.msg;
      if (w?.status === 'failed') delete w.msg;
    };
    dropMsg(mine, want);
    (mine?.results as Record<string, unknown>[] | undefined)?.forEach((r, i) => dropMsg(r, (want?.results as Record<string, unknown>[] | undefined)?.[i]));
    expect(mine).toEqual(want);
  });

  it('leaves the hosts in the same state', () => {
    const state = (h: string) => sshCheck(h, 'getent group cpdiff cpdiffsys; getent passwd cpdiff cpdiff2; id -Gn cpdiff; cat /opt/cp-mod-diff/conf/app.conf; ls -la /opt/cp-mod-diff/home 2>&1 | tail -n +2 | awk \'{print $1, $3, $4, $9}\'');
    expect(state('node2')).toBe(state('node1'));
    expect(readFileSync(join(fetched.ours, 'app.conf'), 'utf8')).toBe(readFileSync(join(fetched.theirs, 'app.conf'), 'utf8'));
  });
});
