// Picks and caches one connection per host for the whole run, by `ansible_connection`.
import type { Connection, ConnectionFactory, HostConnectionVars } from './types.js';
import { LocalConnection } from './local.js';
import { SshConnection, type SshOptions } from './ssh.js';

export interface FactoryOptions {
  ssh?: SshOptions;
}

export function createConnectionFactory(options: FactoryOptions = {}): ConnectionFactory {
  const cache = new Map<string, Connection>();
  return {
    get(host: string, vars: HostConnectionVars): Connection {
      let conn = cache.get(host);
      if (!conn) {
        const kind = String(vars.ansible_connection ?? (host === 'localhost' ? 'local' : 'ssh'));
        conn = kind === 'local' ? new LocalConnection(host, vars) : new SshConnection(host, vars, options.ssh ?? {});
        cache.set(host, conn);
      }
      return conn;
    },
    async closeAll() {
      await Promise.allSettled([...cache.values()].map((c) => c.close()));
      cache.clear();
    },
  };
}
