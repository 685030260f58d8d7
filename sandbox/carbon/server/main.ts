// The stand-in Carbon server's startup, in Carbon's order: config, datasources, registry, transports, cluster.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { checkReferences, type DbUse } from './check-refs.js';
import { startCluster, type ClusterHandle } from './cluster.js';
import { loadCarbonConfig } from './config.js';
import { logDasRole, readDasRole } from './das.js';
import { startHttp } from './http.js';
import { isEmbedded, openDataSource } from './jdbc.js';
import { parseStartOptions, resolveLayout } from './layout.js';
import { createLogger, FatalError, PoolInitError, StartFailure, type Logger } from './log.js';
import { ensureSchema } from './schema.js';
import { logDeploymentSynchronizer } from './depsync.js';
import { createRegistryRoute } from './registry-route.js';
import { KeyStoreError, loadKeyStore } from './keystore.js';
import type { KeyStoreRef } from './transports.js';

// WSO2's start script passes -Dcarbon.home (and cds there); the project's own template script exports CARBON_HOME.
const homeArg = process.argv.slice(2).map((a) => /^-Dcarbon\.home=(.+)$/.exec(a)?.[1]).filter(Boolean).pop();
const home = homeArg ?? process.env.CARBON_HOME ?? process.cwd();
const layout = resolveLayout(home);
const log = createLogger(join(layout.logs, 'wso2carbon.log'));
const pidFile = join(home, 'wso2carbon.pid');
const started = Date.now();
const cleanups: (() => Promise<void>)[] = [];
/** The user store's datasource: a pool that cannot open it stops the realm (user.core) from starting. */
let userStoreDs: string | undefined;

function productName(): string {
  const f = join(home, 'bin', 'version.txt');
  return existsSync(f) ? readFileSync(f, 'utf8').trim() : 'WSO2 Carbon Server';
}

function removePidFile(): void {
  try { if (readFileSync(pidFile, 'utf8').trim() === String(process.pid)) rmSync(pidFile); } catch { /* already gone */ }
}

async function openAll(uses: DbUse[], all: DbUse['ds'][], log: Logger): Promise<{ use: DbUse; conn: Connection }[]> {
  const conns = new Map<string, Connection>();
  for (const ds of all) {
    if (isEmbedded(ds)) continue;
    const conn = await openDataSource(ds, layout.lib);
    cleanups.push(() => conn.end().catch(() => undefined));
    conns.set(ds.name, conn);
    log.info('DataSourceRepository', `Initialized data source ${ds.name}${ds.jndi ? ` (${ds.jndi})` : ''}`);
  }
  return uses.filter((u) => conns.has(u.ds.name)).map((u) => ({ use: u, conn: conns.get(u.ds.name) as Connection }));
}

async function start(): Promise<void> {
  const opts = parseStartOptions(process.argv.slice(2), process.env.JAVA_OPTS ?? '');
  writeFileSync(pidFile, String(process.pid));
  log.info('CarbonCoreActivator', `Starting WSO2 Carbon... (${productName()})`);
  log.info('CarbonCoreActivator', `Operating System : ${process.platform}, host ${hostname()}`);
  log.info('CarbonCoreActivator', `Carbon Home : ${home}`);
  if (opts.workerNode) log.info('CarbonCoreActivator', 'Worker profile is active (-DworkerNode=true): this node is read-only and refuses writes to repository/deployment/server');
  const das = existsSync(join(layout.conf, 'event-processor.xml'));
  const cfg = loadCarbonConfig(layout, opts.portOffset, das, opts.props);
  checkPrimaryKeyStore(cfg.primaryKeyStore);
  log.info('CarbonServerManager', `Port offset ${cfg.offset}; HostName ${cfg.hostName ?? '(not set)'}; MgtHostName ${cfg.mgtHostName ?? '(not set)'}`);
  const uses = checkReferences(cfg);
  userStoreDs = uses.find((u) => u.schema === 'user')?.ds.name;
  const withConns = await openAll(uses, cfg.dataSources, log);
  await ensureSchema(withConns, opts.setup, layout.dbscripts, log);
  // The synchronizer needs the registry: its component activates after it, and its errors do not stop the start.
  logDeploymentSynchronizer(cfg.depSync, log);
  for (const c of cleanups.splice(0)) await c();
  if (cfg.registry.mounts.length > 0) for (const m of cfg.registry.mounts) log.info('EmbeddedRegistryService', `Mounted ${m.path} -> ${m.targetPath} (${m.instanceId})`);
  if (das) logDasRole(readDasRole(layout.conf), log);
  const routes = [createRegistryRoute(cfg, layout.lib, log)];
  const servers = await startHttp({ transports: cfg.transports, hostName: cfg.hostName ?? hostname(), deployment: layout.deployment, workerNode: opts.workerNode, log, routes });
  // Keep-alive connections would hold close() open: end them first.
  cleanups.push(async () => { for (const s of servers) { s.closeAllConnections(); await new Promise<void>((r) => s.close(() => r())); } });
  for (const t of cfg.transports) {
    // Tomcat's AbstractProtocol.start and the pass-through PassThroughListeningIOReactorManager log these.
    if (t.name.startsWith('Pass-through')) log.info('PassThroughListeningIOReactorManager', `${t.name} started on 0.0.0.0:${t.port}`);
    else log.info('Http11NioProtocol', `Starting ProtocolHandler ["${t.name}"]`);
  }
  if (cfg.proxyPorts.length) log.info('CarbonServerManager', `Proxy ports (catalina-server.xml proxyPort): ${cfg.proxyPorts.join(', ')}`);
  let cluster: ClusterHandle | undefined;
  if (!cfg.clustering.enabled) log.info('ClusteringAgent', 'Clustering has been disabled');
  else if (cfg.clustering.scheme !== 'wka') log.warn('HazelcastClusteringAgent', `Membership scheme ${cfg.clustering.scheme} is not simulated by the stand-in; use wka`);
  else cluster = await startCluster(cfg.clustering, log);
  if (cluster) cleanups.unshift(() => (cluster as ClusterHandle).stop());
  const host = cfg.mgtHostName ?? cfg.hostName ?? hostname();
  log.info('StartupFinalizerServiceComponent', `Server : ${productName()}`);
  // CarbonUIServiceComponent prints the console URL; a worker node has no console, so no such line.
  if (!opts.workerNode) log.info('CarbonUIServiceComponent', `Mgt Console URL  : https://${host}:${cfg.httpsPort}/carbon/`);
  log.info('StartupFinalizerServiceComponent', `WSO2 Carbon started in ${Math.max(1, Math.round((Date.now() - started) / 1000))} sec`);
}

/** The primary key store (carbon.xml Security/KeyStore) is loaded with its password at start (KeyStoreManager.getPrimaryKeyStore). */
function checkPrimaryKeyStore(ks: KeyStoreRef | undefined): void {
  if (!ks) return;
  try {
    loadKeyStore(ks.file, ks.type, ks.password, ks.alias, ks.keyPassword ?? ks.password);
  } catch (e) {
    if (!(e instanceof KeyStoreError)) throw e;
    throw new FatalError('KeyStoreManager', `Error loading the primary key store ${ks.file} (${ks.where}): ${e.message}`);
  }
}

async function shutdown(): Promise<void> {
  log.info('CarbonServerManager', 'Shutdown hook triggered....');
  for (const c of cleanups.splice(0)) await c();
  log.info('CarbonServerManager', 'Halting JVM');
  removePidFile();
  process.exit(0);
}

process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
/**
 * Carbon 4.4's own lines for a failed start. A datasource that cannot connect: tomcat-jdbc's ConnectionPool.init logs
 * "Unable to create initial connections of pool." with the SQLException under it; for the user store's datasource
 * user.core's DefaultRealmService logs "Cannot initialize the realm." and its bundle Activator
 * "Cannot start User Manager Core bundle" (it swallows the error: no line follows). Anything else fails
 * CarbonServerManager.initializeCarbon, which logs FATAL "WSO2 Carbon initialization Failed". Carbon prints no other
 * summary line: a real server stays up without "WSO2 Carbon started"; the stand-in exits 1 so a wait ends at once.
 */
function logFailedStart(e: unknown): void {
  if (e instanceof PoolInitError) {
    log.error('ConnectionPool', 'Unable to create initial connections of pool.');
    log.raw(`java.sql.SQLException: ${e.sqlException}`);
    if (e.dataSource !== userStoreDs) return;
    log.error('DefaultRealmService', 'Cannot initialize the realm.');
    log.error('Activator', 'Cannot start User Manager Core bundle');
    return;
  }
  if (e instanceof StartFailure) {
    for (const l of e.lines) {
      log.error(l.component, l.msg);
      for (const line of l.exception ?? []) log.raw(line);
    }
    if (e.initFailed) log.fatal('CarbonServerManager', 'WSO2 Carbon initialization Failed');
    return;
  }
  if (e instanceof FatalError) log.error(e.component, e.message);
  else log.error('CarbonServerManager', `Unexpected error during startup: ${(e as Error).message}`);
  log.fatal('CarbonServerManager', 'WSO2 Carbon initialization Failed');
}

start().catch(async (e: unknown) => {
  logFailedStart(e);
  for (const c of cleanups.splice(0)) await c();
  removePidFile();
  process.exit(1);
});
