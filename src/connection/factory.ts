// Picks and caches one connection per host for the whole run, by `ansible_connection`.
import type { Connection, ConnectionFactory, HostConnectionVars } from './types.js';
import { LocalConnection } from './local.js';
import { SshConnection, type SshOptions } from './ssh.js';

export interface FactoryOptions {
  ssh?: SshOptions;
}

export function createConnectionFactory(options: FactoryOptions = {}): ConnectionFactory {
  const cache = new Map<string, Connection>();
  // One object for the run: the bastion pool and the "checking is off" warning are kept per options object.
  const ssh = options.ssh ?? {};
  return {
    get(host: string, vars: HostConnectionVars): Connection {
      const kind = String(vars.ansible_connection ?? (host === 'localhost' ? 'local' : 'ssh'));
      // Keyed by kind too: a `connection: local` play must not hand its connection to a later SSH play for the same host.
      // And by login user: a task's remote_user gets its own connection.
      const key = `${kind}\u0000${host}\u0000${String(vars.ansible_user ?? vars.ansible_ssh_user ?? '')}`;
      let conn = cache.get(key);
      if (!conn) {
        conn = kind === 'local' ? new LocalConnection(host, vars) : new SshConnection(host, vars, ssh);
        cache.set(key, conn);
      }
      return conn;
    },
    async closeAll() {
      await Promise.allSettled([...cache.values()].map((c) => c.close()));
      cache.clear();
    },
  };
}
