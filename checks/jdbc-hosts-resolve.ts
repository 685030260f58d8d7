// Every host name in a JDBC URL must resolve on the node: an IP, localhost, carbon_db_host_name (mapped to the
// dbservers host), an inventory host with an IP, or a carbon_extra_hosts name.
import type { CheckRule, Finding } from '../src/check/types.js';
import { hasIp, jdbcTargets, list, NODE_GROUP, text } from './cluster-view.js';

export const jdbcHostsResolve: CheckRule = (cluster) =>
  cluster.group(NODE_GROUP).flatMap((node) => {
    const dbName = text(node.get('carbon_db_host_name'));
    const dbServer = cluster.group('dbservers')[0];
    const extraNames = new Set(list<{ names?: unknown }>(node.get('carbon_extra_hosts')).flatMap((e) => list<unknown>(e.names).map((n) => text(n))));
    return jdbcTargets(node).flatMap(({ host: h, datasource: ds }): Finding[] => {
      const at = `host ${node.where}: JDBC host ${h} (datasource ${ds})`;
      if (h === 'localhost' || /^[\d.]+$/.test(h)) return [];
      if (h === dbName) {
        if (!dbServer) return [{ message: `${at} has no /etc/hosts entry (no dbservers host in the inventory)` }];
        return hasIp(dbServer) ? [] : [{ message: `${at} maps to ${dbServer.name}, which has no IP (ansible_host)` }];
      }
      const inventoryHost = cluster.group('all').find((x) => x.name === h);
      if (inventoryHost) return hasIp(inventoryHost) ? [] : [{ message: `${at} is inventory host ${h}, which has no IP (ansible_host)` }];
      if (extraNames.has(h)) return [];
      return [{ message: `${at} has no /etc/hosts entry or IP: it is not carbon_db_host_name (${dbName}), an inventory host or a carbon_extra_hosts name` }];
    });
  });
