// Cross-file references Carbon resolves at startup: JNDI names, remote instances, mounts.
import { FatalError } from './log.js';
import type { CarbonConfig, DataSource } from './config.js';

export interface DbUse { ds: DataSource; purpose: string; readOnly: boolean; schema: 'registry' | 'user' }

/** Throws on the first dangling reference; returns the datasources the registry and user store use. */
export function checkReferences(cfg: CarbonConfig): DbUse[] {
  const byJndi = new Map(cfg.dataSources.filter((d) => d.jndi).map((d) => [d.jndi as string, d]));
  const lookup = (jndi: string, where: string): DataSource => {
    const ds = byJndi.get(jndi);
    if (!ds) throw new FatalError('EmbeddedRegistryService', `${where}: datasource '${jndi}' is not defined (no jndiConfig/name '${jndi}' in the datasource files)`);
    return ds;
  };
  const reg = cfg.registry;
  const uses: DbUse[] = [];
  for (const [name, jndi] of reg.dbConfigs) {
    const ds = lookup(jndi, `registry.xml dbConfig '${name}'`);
    if (name === reg.current) uses.push({ ds, purpose: `registry (${name})`, readOnly: reg.readOnly, schema: 'registry' });
  }
  if (!reg.dbConfigs.has(reg.current)) throw new FatalError('EmbeddedRegistryService', `registry.xml currentDBConfig '${reg.current}' names no dbConfig`);
  const remotes = new Map(reg.remotes.map((r) => [r.id, r]));
  for (const r of reg.remotes) {
    if (!reg.dbConfigs.has(r.dbConfig)) throw new FatalError('EmbeddedRegistryService', `registry.xml remoteInstance '${r.id}' refers to dbConfig '${r.dbConfig}', which is not defined`);
  }
  for (const m of reg.mounts) {
    const r = remotes.get(m.instanceId);
    if (!r) throw new FatalError('EmbeddedRegistryService', `registry.xml mount '${m.path}' refers to remoteInstance '${m.instanceId}', which is not defined`);
    const ds = lookup(reg.dbConfigs.get(r.dbConfig) as string, `registry.xml mount '${m.path}'`);
    uses.push({ ds, purpose: `registry mount ${m.path} -> ${m.targetPath}`, readOnly: r.readOnly, schema: 'registry' });
  }
  if (!cfg.userDataSource) throw new FatalError('UserStoreMgtDSComponent', 'user-mgt.xml: the realm has no dataSource property');
  uses.push({ ds: lookup(cfg.userDataSource, 'user-mgt.xml realm'), purpose: 'user store', readOnly: false, schema: 'user' });
  return uses;
}
