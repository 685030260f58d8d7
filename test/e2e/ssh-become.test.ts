// become over SSH with sudo for a non-root login: a wrong password fails clearly and is never printed; the right one works.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostVars, playOn, sshCheck } from './ssh-helpers.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const HOST = 'node2';
const USER = 'cpbecome';
const PASSWORD = 'Right-pw-7f3a91c2';
const WRONG = 'Wrong-pw-0be44d18';
const TARGET = '/root/become-e2e.txt';
const work = makeTempDir('cp-e2e-become-');

/** An inventory logging in to HOST as USER, with the given become password. */
function writeInventory(password: string): string {
  const v = hostVars(HOST, { ansible_user: USER, ansible_become_password: password });
  const line = Object.entries(v).map(([k, val]) => `${k}='${String(val)}'`).join(' ');
  const path = join(work, `inventory-${password}`);
  writeFileSync(path, `[becomers]\n${HOST} ${line}\n`);
  return path;
}

async function playAs(password: string, ...extra: string[]): Promise<{ code: number; out: string }> {
  return playOn(join(work, 'site.yaml'), '-i', writeInventory(password), ...extra);
}

describe.skipIf(!existsSync('src/playbook/load-playbook.ts'))('become over SSH', () => {
  beforeAll(() => {
    // /etc and /opt are the host's own overlays: the user and its home exist on HOST only, never on this machine.
    // timestamp_timeout=0: sudo must ask every time, or an earlier success would hide a wrong password.
    sshCheck(HOST, `id ${USER} >/dev/null 2>&1 || useradd -m -d /opt/${USER} -s /bin/sh ${USER}
      echo '${USER}:${PASSWORD}' | chpasswd
      printf '%s\\n' 'Defaults:${USER} timestamp_timeout=0' '${USER} ALL=(ALL) ALL' > /etc/sudoers.d/${USER}
      chmod 440 /etc/sudoers.d/${USER}
      rm -f ${TARGET}`);
    writeFileSync(join(work, 'site.yaml'), `- hosts: becomers
  become: true
  tasks:
    - name: who am I
      command: id -un
      register: who
    - name: a root-only file
      copy: { dest: ${TARGET}, content: "written as {{ who.stdout }}\\n", mode: '0600' }
`);
  });

  afterAll(() => {
    sshCheck(HOST, `userdel -r ${USER} 2>/dev/null; rm -f /etc/sudoers.d/${USER} ${TARGET}; true`);
  });

  it('logs in as the non-root user without become', () => {
    expect(sshCheck(HOST, `su -s /bin/sh ${USER} -c 'id -un'`)).toBe(`${USER}\n`);
  });

  // The reason must be in the failure message itself, not only in a result dump (-v) or in a JSON result's stderr.
  const fatalLine = (out: string) => out.split('\n').find((l) => l.startsWith('fatal: [node2]')) ?? '';
  const jsonMsg = (out: string) => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; msg?: string })
    .find((e) => e.type === 'host_result')?.msg ?? '';
  it.each([
    ['plain output', [] as string[], fatalLine],
    ['--json output', ['--json'], jsonMsg],
    ['-vvv output', ['-vvv'], fatalLine],
  ])('fails clearly with a wrong password and never prints it (%s)', async (_name, extra, failure) => {
    const r = await playAs(WRONG, ...extra);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toMatch(/node2/);
    expect(failure(r.out)).toMatch(/incorrect (sudo |become )?password/i);
    expect(r.out).not.toContain(WRONG);
    expect(r.out).not.toContain(PASSWORD);
    expect(sshCheck(HOST, `test -e ${TARGET} && echo present || echo absent`)).toBe('absent\n');
  });

  it('runs as root with the right password, printing it nowhere', async () => {
    const r = await playAs(PASSWORD, '--json');
    expect(r.code, r.out).toBe(0);
    expect(r.out).not.toContain(PASSWORD);
    expect(sshCheck(HOST, `stat -c '%U %a' ${TARGET} && cat ${TARGET}`)).toBe('root 600\nwritten as root\n');
    // Nor left in a file the user or the run could have written.
    const since = `/etc/sudoers.d/${USER}`;
    expect(sshCheck(HOST, `grep -rlF -- '${PASSWORD}' /opt/${USER}; find /tmp /var/tmp -maxdepth 1 -type f -newer ${since} -exec grep -lF -- '${PASSWORD}' {} +; true`)).toBe('');
  });
});
