// Registry resources behind /registry/resource/<path>: the local registry or a mount's database, read-only mounts refused.
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mysql2/promise';
import type { CarbonConfig, DataSource } from './config.js';
import { isEmbedded, openDataSource } from './jdbc.js';

/** Registry rows of the super tenant (MultitenantConstants.SUPER_TENANT_ID). */
const TENANT = -1234;

/**
 * UserRegistry.putInternal (carbon-kernel 4.4 registry core, session/UserRegistry.java) stops a put when
 * RegistryUtils.isRegistryReadOnly says the registry context is read-only. A mount's context takes its remoteInstance's
 * `<readOnly>` (MountHandler sets it on the clone context); registry.xml's top-level `<readOnly>` is the local one's.
 * Carbon returns to the caller without writing and says why only at TRACE level, in these words.
 */
export const READ_ONLY_PUT = 'Cannot continue the operation put, the coreRegistry is read-only';

export interface RegistryTarget { ds: DataSource; path: string; readOnly: boolean; via?: string }

/** The mount a path falls under (the longest mount path that is it or its ancestor), as MountHandler routes it. */
export function resolveRegistryPath(cfg: CarbonConfig, path: string): RegistryTarget | undefined {
  const reg = cfg.registry;
  const byJndi = new Map(cfg.dataSources.filter((d) => d.jndi).map((d) => [d.jndi as string, d]));
  const under = (m: string) => path === m || path.startsWith(m.endsWith('/') ? m : m + '/');
  const mount = reg.mounts.filter((m) => under(m.path)).sort((a, b) => b.path.length - a.path.length)[0];
  if (mount) {
    const remote = reg.remotes.find((r) => r.id === mount.instanceId);
    const ds = remote && byJndi.get(reg.dbConfigs.get(remote.dbConfig) ?? '');
    if (!remote || !ds) return undefined;
    return { ds, path: mount.targetPath + path.slice(mount.path.length), readOnly: remote.readOnly, via: mount.path };
  }
  const ds = byJndi.get(reg.dbConfigs.get(reg.current) ?? '');
  return ds ? { ds, path, readOnly: reg.readOnly } : undefined;
}

function split(path: string): { parent: string; name: string } {
  const i = path.lastIndexOf('/');
  return { parent: i <= 0 ? '/' : path.slice(0, i), name: path.slice(i + 1) };
}

async function pathId(c: Connection, value: string, create: boolean): Promise<number | undefined> {
  const q = 'SELECT REG_PATH_ID AS id FROM REG_PATH WHERE REG_PATH_VALUE = ? AND REG_TENANT_ID = ?';
  const [rows] = await c.query(q, [value, TENANT]);
  const found = (rows as { id: number }[])[0]?.id;
  if (found !== undefined || !create) return found;
  const [res] = await c.query('INSERT INTO REG_PATH (REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID) VALUES (?, NULL, ?)', [value, TENANT]);
  return (res as { insertId: number }).insertId;
}

async function withConnection<T>(t: RegistryTarget, lib: string, fn: (c: Connection) => Promise<T>): Promise<T> {
  if (isEmbedded(t.ds)) throw new Error(`the registry database ${t.ds.name} is embedded H2: the stand-in keeps no resources there`);
  const c = await openDataSource(t.ds, lib);
  try { return await fn(c); } finally { await c.end().catch(() => undefined); }
}

/** Stores a resource (a new version replaces the old rows); a read-only target is refused before any connection opens. */
export async function putResource(t: RegistryTarget, content: Buffer, mediaType: string, lib: string): Promise<'written' | 'read-only'> {
  if (t.readOnly) return 'read-only';
  const { parent, name } = split(t.path);
  await withConnection(t, lib, async (c) => {
    const pid = await pathId(c, parent, true);
    const [content_] = await c.query('INSERT INTO REG_CONTENT (REG_CONTENT_DATA, REG_TENANT_ID) VALUES (?, ?)', [content, TENANT]);
    await c.query('DELETE FROM REG_RESOURCE WHERE REG_PATH_ID = ? AND REG_NAME = ? AND REG_TENANT_ID = ?', [pid, name, TENANT]);
    await c.query(`INSERT INTO REG_RESOURCE (REG_PATH_ID, REG_NAME, REG_MEDIA_TYPE, REG_CREATOR, REG_CREATED_TIME, REG_LAST_UPDATOR,
      REG_LAST_UPDATED_TIME, REG_CONTENT_ID, REG_TENANT_ID, REG_UUID) VALUES (?, ?, ?, 'admin', NOW(), 'admin', NOW(), ?, ?, ?)`,
    [pid, name, mediaType, (content_ as { insertId: number }).insertId, TENANT, randomUUID()]);
  });
  return 'written';
}

/** The resource's content, or undefined when there is none. */
export async function getResource(t: RegistryTarget, lib: string): Promise<Buffer | undefined> {
  const { parent, name } = split(t.path);
  return withConnection(t, lib, async (c) => {
    const pid = await pathId(c, parent, false);
    if (pid === undefined) return undefined;
    const [rows] = await c.query(`SELECT c.REG_CONTENT_DATA AS data FROM REG_RESOURCE r JOIN REG_CONTENT c
      ON c.REG_CONTENT_ID = r.REG_CONTENT_ID AND c.REG_TENANT_ID = r.REG_TENANT_ID
      WHERE r.REG_PATH_ID = ? AND r.REG_NAME = ? AND r.REG_TENANT_ID = ? ORDER BY r.REG_VERSION DESC LIMIT 1`, [pid, name, TENANT]);
    return (rows as { data: Buffer }[])[0]?.data;
  });
}
