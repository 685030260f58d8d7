// DAS: the event processor's mode and the Spark master count decide what role this node takes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FatalError, type Logger } from './log.js';
import { childAt, childrenOf, readXmlFile, textAt } from './xml.js';

export interface DasRole { mode: string; presenter: boolean; eventSyncHost?: string; sparkMasters: number }

export function readDasRole(conf: string): DasRole {
  const epPath = join(conf, 'event-processor.xml');
  if (!existsSync(epPath)) throw new FatalError('CEPServiceComponent', `Configuration file not found: ${epPath}`);
  const modes = childrenOf(readXmlFile(epPath), 'mode').filter((m) => m.attrs.enable === 'true');
  if (modes.length !== 1) {
    throw new FatalError('CEPServiceComponent', `event-processor.xml: expected exactly one enabled mode, got ${modes.length} (${modes.map((m) => m.attrs.name).join(', ') || 'none'})`);
  }
  const mode = modes[0];
  const eventSyncHost = textAt(mode, 'eventSync', 'hostName');
  if (mode.attrs.name === 'HA' && !eventSyncHost) throw new FatalError('CEPServiceComponent', 'event-processor.xml: HA mode needs eventSync/hostName');
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
  return { mode: mode.attrs.name ?? '', presenter: childAt(mode, 'nodeType', 'presenter')?.attrs.enable === 'true', eventSyncHost, sparkMasters };
}

export function logDasRole(r: DasRole, log: Logger): void {
  const role = r.mode === 'HA' ? 'HA event-processing member' : r.mode === 'Distributed' ? (r.presenter ? 'distributed presenter node' : 'distributed worker node') : 'single node';
  log.info('CEPServiceComponent', `Event processor mode ${r.mode}${r.eventSyncHost ? `, eventSync host ${r.eventSyncHost}` : ''}; presenter ${r.presenter ? 'enabled' : 'disabled'}: this node is a ${role}`);
  log.info('SparkAnalyticsExecutor', `Spark master count ${r.sparkMasters}`);
}
