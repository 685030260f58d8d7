// cron: an entry by name in a cron file: added, unchanged, replaced, removed; a host without crontab is told so.
import { spawnSync } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { createHarness } from '../helpers/module-harness.js';

const h = createHarness();
afterAll(() => h.cleanup());

it.each<[string, Record<string, unknown>, string, string]>([
  ['adds an entry after what is there', { name: 'sync', job: '/opt/sync.sh', minute: '*/5' }, '# keep\n', '# keep\n#Ansible: sync\n*/5 * * * * root /opt/sync.sh\n'],
  ['replaces the entry of that name', { name: 'sync', job: '/opt/sync.sh', hour: '2', minute: '0' }, '#Ansible: sync\n*/5 * * * * root /opt/sync.sh\n#Ansible: other\n@daily root x\n', '#Ansible: sync\n0 2 * * * root /opt/sync.sh\n#Ansible: other\n@daily root x\n'],
  ['special_time and disabled', { name: 'boot', job: 'start.sh', special_time: 'reboot', disabled: true, user: 'wso2' }, '', '#Ansible: boot\n#@reboot wso2 start.sh\n'],
  ['removes the entry', { name: 'other', state: 'absent' }, '#Ansible: other\n@daily root x\n# keep\n', '# keep\n'],
])('%s', async (_n, args, before, after) => {
  const file = h.write(`cron-${_n.length}`, before);
  const r = await h.run('cron', { ...args, cron_file: file });
  expect(r.status, r.msg).toBe('changed');
  expect(h.read(file)).toBe(after);
  expect((await h.run('cron', { ...args, cron_file: file })).status).toBe('ok');
});

const hasCrontab = spawnSync('sh', ['-c', 'command -v crontab']).status === 0;
it.skipIf(hasCrontab)('fails clearly on a host without crontab', async () => {
  const r = await h.run('cron', { name: 'x', job: 'y', user: 'nobody-here' });
  expect(r).toMatchObject({ status: 'failed', msg: expect.stringContaining("'crontab' is not installed on localhost") });
});
