// DAS: the event processor's mode and the Spark master count decide what role this node takes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FatalError, type Logger } from './log.js';
import { childAt, childrenOf, readXmlFile, textAt, type XmlElement } from './xml.js';

export interface DasRole { mode: string; presenter: boolean; persistence: boolean; eventSyncHost?: string; sparkMasters: number }

export function readDasRole(conf: string): DasRole {
  const epPath = join(conf, 'event-processor.xml');
  if (!existsSync(epPath)) throw new FatalError('CEPServiceComponent', `Configuration file not found: ${epPath}`);
  // ManagementModeConfigurationLoader (carbon-analytics-common 5.1.x) takes the FIRST <mode> enabled (case-insensitive)
  // in document order: HA -> HA, Distributed -> Distributed, any other name -> single node.
  const on = (e: XmlElement | undefined) => (e?.attrs.enable ?? '').toLowerCase() === 'true';
  const chosen = childrenOf(readXmlFile(epPath), 'mode').find(on);
  const name = chosen?.attrs.name === 'HA' ? 'HA' : chosen?.attrs.name === 'Distributed' ? 'Distributed' : 'SingleNode';
  const eventSyncHost = name === 'HA' ? textAt(chosen, 'eventSync', 'hostName') : undefined;
  const worker = name === 'SingleNode' || on(childAt(chosen, 'nodeType', 'worker'));
  if (name === 'HA' && !eventSyncHost) throw new FatalError('CEPServiceComponent', 'event-processor.xml: HA mode needs eventSync/hostName');
  // An HA worker publishes its eventSync address to the other member: a wildcard or loopback one is refused.
  if (name === 'HA' && worker && ['0.0.0.0', 'localhost', '127.0.0.1', '::1'].includes(eventSyncHost as string)) {
    throw new FatalError('CEPServiceComponent', `Hostname : ${eventSyncHost} defined for eventSync configuration is invalid`);
  }
  let sparkText = '1';
  const sparkPath = join(conf, 'analytics', 'spark', 'spark-defaults.conf');
  if (existsSync(sparkPath)) {
    for (const line of readFileSync(sparkPath, 'utf8').split('\n')) {
      const m = /^\s*carbon\.spark\.master\.count(?:[ \t]+(.*?))?\s*$/.exec(line);
      if (m) sparkText = m[1] ?? '';
    }
  }
  if (!/^[1-9]\d*$/.test(sparkText)) {
    throw new FatalError('SparkAnalyticsExecutor', `spark-defaults.conf: expected carbon.spark.master.count to be a whole number of at least 1, got '${sparkText}'`);
  }
  const sparkMasters = Number(sparkText);
  return {
    mode: name, presenter: name !== 'SingleNode' && on(childAt(chosen, 'nodeType', 'presenter')),
    persistence: name !== 'Distributed' && on(childAt(chosen, 'persistence')), eventSyncHost, sparkMasters,
  };
}

export function logDasRole(r: DasRole, log: Logger): void {
  const role = r.mode === 'HA' ? 'HA event-processing member' : r.mode === 'Distributed' ? (r.presenter ? 'distributed presenter node' : 'distributed worker node') : 'single node';
  log.info('CEPServiceComponent', `Event processor mode ${r.mode}${r.eventSyncHost ? `, eventSync host ${r.eventSyncHost}` : ''}; presenter ${r.presenter ? 'enabled' : 'disabled'}; persistence ${r.persistence ? 'enabled' : 'disabled'}: this node is a ${role}`);
  log.info('SparkAnalyticsExecutor', `Spark master count ${r.sparkMasters}`);
}
