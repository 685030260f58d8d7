// The variables a task hands its connection: the connection settings alone, templated in the task's scope.
import { describe, expect, it } from 'vitest';
import type { ConnectionFactory, HostConnectionVars } from '../../src/connection/types.js';
import { CONNECTION_VARS } from '../../src/connection/types.js';
import { createLocalFactory } from './local-factory.js';
import { localInventory, play, playbook, runTest, task } from './helpers.js';

/** The local test factory, remembering the variables each `get` was given. */
function recordingFactory(): ConnectionFactory & { seen: HostConnectionVars[] } {
  const local = createLocalFactory();
  const seen: HostConnectionVars[] = [];
  return { seen, get: (host, vars) => (seen.push(vars), local.get(host, vars)), closeAll: () => local.closeAll() };
}

describe('connection variables of a task', () => {
  it.each([
    ['templated settings are rendered', 'addr=10.1.2.3\nwho=deploy\nansible_host="{{ addr }}"\nansible_user="{{ who }}"',
      { ansible_connection: 'local', ansible_host: '10.1.2.3', ansible_user: 'deploy' }, 'ok'],
    ['an unrelated ansible_ variable is not templated, so its broken template does not fail the task (as in Ansible)',
      'ansible_unused_setting="{{ not_defined_anywhere }}"', { ansible_connection: 'local' }, 'ok'],
    ['a broken template in a connection setting fails the task', 'ansible_port="{{ not_defined_anywhere }}"', undefined, 'failed'],
  ])('%s', async (_name, vars, given, status) => {
    const connections = recordingFactory();
    const inv = await localInventory(['n1'], `[nodes:vars]\n${vars}`);
    const r = await runTest(playbook(play([task('say', { msg: 'x' }, { name: 't' })])), inv, { connections });
    expect(r.results.map((x) => x.status)).toEqual([status]);
    if (given) expect(connections.seen).toEqual([given]);
  });

  it('hands none of the play-wide magic variables (ansible_play_hosts grows with the hosts)', async () => {
    const connections = recordingFactory();
    const r = await runTest(playbook(play([task('say', { msg: 'x' }, { name: 't' })])), await localInventory(['n1', 'n2', 'n3']), { connections });
    expect(r.results.map((x) => x.status)).toEqual(['ok', 'ok', 'ok']);
    for (const vars of connections.seen) expect(Object.keys(vars).filter((k) => !(CONNECTION_VARS as readonly string[]).includes(k))).toEqual([]);
  });
});
