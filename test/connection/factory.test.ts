// The connection factory: one connection per host and kind for the whole run.
import { describe, expect, it } from 'vitest';
import { createConnectionFactory } from '../../src/connection/factory.js';
import { LocalConnection } from '../../src/connection/local.js';
import { SshConnection } from '../../src/connection/ssh.js';

describe('createConnectionFactory', () => {
  it('reuses one connection per host and picks its kind from ansible_connection', () => {
    const f = createConnectionFactory();
    const a = f.get('node1', { ansible_host: '10.9.9.1' });
    expect(a).toBeInstanceOf(SshConnection);
    expect(f.get('node1', { ansible_host: '10.9.9.1' })).toBe(a);
    expect(f.get('localhost', {})).toBeInstanceOf(LocalConnection);
  });
  it('keeps a local connection of a host apart from its SSH connection', () => {
    const f = createConnectionFactory();
    const local = f.get('node1', { ansible_connection: 'local' });
    const ssh = f.get('node1', { ansible_host: '10.9.9.1' });
    expect(local).toBeInstanceOf(LocalConnection);
    expect(ssh).toBeInstanceOf(SshConnection);
    expect(f.get('node1', { ansible_connection: 'local' })).toBe(local);
  });
  it('gives every SSH connection the same options object, so hosts behind one bastion share it (no options given)', () => {
    const f = createConnectionFactory();
    const optsOf = (c: unknown) => (c as { opts: unknown }).opts;
    const a = f.get('node1', { ansible_host: '10.9.9.1' });
    const b = f.get('node2', { ansible_host: '10.9.9.2' });
    expect(optsOf(a)).toBeDefined();
    expect(optsOf(a)).toBe(optsOf(b));
  });
});
