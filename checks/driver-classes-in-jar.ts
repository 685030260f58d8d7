// Every driver class the datasources name must be in the driver jar (registered in META-INF/services or present as
// a class). A jar downloaded by URL is checked by its sha256 when it is fetched, not here.
import type { CheckRule, ClusterHost, Finding } from '../src/check/types.js';
import { datasourcesOf, NODE_GROUP, text } from './cluster-view.js';

export const driverClassesInJar: CheckRule = async (cluster) => {
  const found: Finding[] = [];
  for (const h of cluster.group(NODE_GROUP)) found.push(...(await jarFindings(cluster, h)));
  return found;
};

async function jarFindings(cluster: Parameters<CheckRule>[0], h: ClusterHost): Promise<Finding[]> {
  const path = text(h.get('jdbc_driver_src'));
  if (path === '' || text(h.get('jdbc_driver_url')) !== '') return [];
  const classes = [text(h.get('jdbc_driver_class')), ...datasourcesOf(h).map((ds) => text(ds.driver))].filter((c) => c !== '');
  const jar = await cluster.readJar(path, classes);
  if (!jar.exists) return [{ message: `host ${h.where}: the driver jar ${path} (jdbc_driver_src) does not exist on the control node` }];
  const registers = jar.drivers.length ? jar.drivers.join(', ') : 'no JDBC driver';
  return [...new Set(classes)]
    .filter((c) => !jar.classes[c] && !jar.drivers.includes(c))
    .map((c) => ({ message: `host ${h.where}: driver class ${c} is not in the driver jar ${path} (it registers ${registers})` }));
}
