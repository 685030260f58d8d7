// Real WSO2 product files (../shared/fixtures/wso2) copied into a temp CARBON_HOME, and readers that see them as Carbon does.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { childAt, childrenOf, readXmlFile, textAt, type XmlElement } from '../../sandbox/carbon/server/xml.js';
import { ROOT } from './helpers.js';

export const FIXTURES = join(ROOT, '..', 'shared', 'fixtures', 'wso2');
export const hasFixtures = existsSync(FIXTURES);

/** Copies a product's files (paths relative to its fixture folder) into `home`, keeping their paths. */
export function copyProductFiles(product: string, files: string[], home: string): void {
  for (const f of files) {
    mkdirSync(dirname(join(home, f)), { recursive: true });
    copyFileSync(join(FIXTURES, product, f), join(home, f));
  }
}

export interface EventProcessorMode { mode: 'SingleNode' | 'HA' | 'Distributed'; worker: boolean; presenter: boolean; persistence: boolean; eventSyncHost?: string; managementHost?: string }

const on = (el: XmlElement | undefined): boolean => (el?.attrs.enable ?? '').toLowerCase() === 'true';

/**
 * What DAS 3.2 runs (carbon-analytics-common 5.1.x ManagementModeConfigurationLoader): the first <mode> with
 * enable="true" in file order; HA and Distributed by name, any other name is SingleNode; none enabled is SingleNode.
 * Persistence and the node types are read from that mode's own section.
 */
export function readEventProcessorMode(file: string): EventProcessorMode {
  const chosen = childrenOf(readXmlFile(file), 'mode').find(on);
  const name = chosen?.attrs.name ?? '';
  const mode = name === 'HA' ? 'HA' : name === 'Distributed' ? 'Distributed' : 'SingleNode';
  return {
    mode,
    worker: mode === 'SingleNode' || on(childAt(chosen, 'nodeType', 'worker')),
    presenter: mode !== 'SingleNode' && on(childAt(chosen, 'nodeType', 'presenter')),
    persistence: mode !== 'Distributed' && on(childAt(chosen, 'persistence')),
    eventSyncHost: mode === 'HA' ? textAt(chosen, 'eventSync', 'hostName') : undefined,
    managementHost: mode === 'HA' ? textAt(chosen, 'management', 'hostName') : undefined,
  };
}

/** A Java-properties-like conf file (spark-defaults.conf): key → value, separated by spaces or tabs; comments skipped. */
export function readSparkDefaults(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([^#\s]\S*)(?:[ \t]+(.*?))?\s*$/.exec(line);
    if (m) out.set(m[1]!, m[2] ?? '');
  }
  return out;
}
