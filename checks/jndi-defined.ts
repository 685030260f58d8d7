// The JNDI names registry.xml and user-mgt.xml reference must be defined by a datasource of the node.
import type { CheckRule } from '../src/check/types.js';
import { datasourcesOf, NODE_GROUP, text } from './cluster-view.js';

export const jndiDefined: CheckRule = (cluster) =>
  cluster.group(NODE_GROUP).flatMap((h) => {
    const defined = new Set(datasourcesOf(h).map((ds) => ds.jndi));
    return [text(h.get('carbon_user_store_jndi'), 'jdbc/WSO2CarbonDB'), text(h.get('carbon_registry_shared_jndi'))]
      .filter((j) => j !== '' && !defined.has(j))
      .map((j) => ({ message: `host ${h.where}: JNDI name ${j} is referenced (registry.xml or user-mgt.xml) but no datasource in carbon_datasources defines it` }));
  });
