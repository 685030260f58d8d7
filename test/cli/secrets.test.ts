import { describe, expect, it } from 'vitest';
import { localInventory, play, playbook, task, tempDir } from '../runner/helpers.js';
import { cli } from './cli-helpers.js';

/** Where a secret can come from, and a task that would print it. */
const placements = [
  // First: a title is printed before any host's scope (where secrets are learned) exists.
  { name: 'play var in the first task\'s name', secret: 'Title-5150', task: task('sh', { cmd: 'true' }, { name: 'connect with {{ admin_password }}' }) },
  { name: 'inventory var in a command line and stdout', secret: 'InvPw-4411', task: task('sh', { cmd: 'echo {{ db_password }}' }, { name: 'echo inv' }) },
  { name: 'extra var inside a file diff', secret: 'ExtraTok-9912', task: task('put', { dest: '{{ dir }}/conf', content: 'key={{ api_token }}\n' }, { name: 'write conf' }) },
  { name: 'nested secret key in an error', secret: 'Nested-7730', task: task('sh', { cmd: 'echo {{ creds.secret }} >&2; exit 3' }, { name: 'fail loud', ignoreErrors: true }) },
  { name: 'secret module argument reused later', secret: 'ArgPw-5521', task: task('login', { user: 'u', pass: '{{ plain }}' }, { name: 'login' }), after: task('sh', { cmd: 'echo {{ plain }}' }, { name: 'echo plain' }) },
  { name: 'no_log task output', secret: 'NoLog-3390', task: task('sh', { cmd: 'echo {{ note }}' }, { name: 'quiet', noLog: true }) },
  { name: 'become password', secret: 'Become-6614', task: task('sh', { cmd: 'echo {{ ansible_become_password }}' }, { name: 'become echo' }) },
  {
    name: 'registered output of a no_log task, shown later', secret: 'Registered-2468',
    task: task('sh', { cmd: 'echo Registered-2468' }, { name: 'quiet read', noLog: true, register: 'quiet' }),
    after: task('sh', { cmd: 'echo {{ quiet.stdout }}' }, { name: 'echo registered' }),
  },
  { name: 'set_fact of a token', secret: 'Fact-8808', task: task('set_fact', { token: '{{ fact_src }}' }, { name: 'fact' }), after: task('sh', { cmd: 'echo {{ token }}' }, { name: 'echo fact' }) },
];

const modes = [['plain'], ['-vvv'], ['--json'], ['-D', '-vvv'], ['--json', '-D']];

describe('secrets never reach any output mode', () => {
  it.each(modes)('mode %s', async (...flags) => {
    const dir = tempDir();
    const inv = await localInventory(['n1'], '[nodes:vars]\ndb_password=InvPw-4411\nansible_become_password=Become-6614');
    const tasks = placements.flatMap((p) => [p.task, ...(p.after ? [p.after] : [])]);
    const pb = playbook(play(tasks, { vars: { admin_password: 'Title-5150', creds: { secret: 'Nested-7730' }, plain: 'ArgPw-5521', note: 'NoLog-3390', fact_src: 'Fact-8808', dir } }));
    const argv = ['site.yml', '-i', 'inv', '-e', 'api_token=ExtraTok-9912', ...flags.filter((f) => f !== 'plain')];
    const r = await cli(argv, pb, inv);
    const all = r.out + r.err;
    for (const p of placements) expect(all, p.name).not.toContain(p.secret);
    expect(all).toContain('********');
    expect(r.code, all).toBe(0);
  });
});
