// Command-line defaults sit under every inventory variable, aliases included.
import { describe, expect, it } from 'vitest';
import { withDefaultVars } from '../../src/inventory/with-default-vars.js';
import { localInventory } from '../runner/helpers.js';

describe('withDefaultVars', () => {
  it.each([
    { name: 'a host without the setting gets the default', line: 'n1', want: { ansible_user: 'cli', ansible_ssh_private_key_file: '/cli/key' } },
    { name: 'ansible_user beats -u', line: 'n1 ansible_user=inv', want: { ansible_user: 'inv' } },
    { name: 'the alias ansible_ssh_user beats -u too', line: 'n1 ansible_ssh_user=inv', want: { ansible_ssh_user: 'inv' }, absent: 'ansible_user' },
    { name: 'ansible_private_key_file beats --private-key', line: 'n1 ansible_private_key_file=/inv/key', want: { ansible_private_key_file: '/inv/key' }, absent: 'ansible_ssh_private_key_file' },
  ])('$name', async ({ line, want, absent }) => {
    const inv = withDefaultVars(await localInventory([], `[web]\n${line}`), { ansible_user: 'cli', ansible_ssh_private_key_file: '/cli/key' });
    const vars = inv.hostVars('n1');
    expect(vars).toMatchObject(want);
    if (absent) expect(vars).not.toHaveProperty(absent);
    expect(inv.hostVars('not-a-host')).toEqual({});
  });
});
