// Every WKA member (the hosts of the node's carbon_wka_group) must be in the inventory with an IP; a
// carbon_cluster_group (the members a restart waits for) must be a group of the inventory that holds the node.
import type { CheckRule } from '../src/check/types.js';
import { hasIp, NODE_GROUP, text } from './cluster-view.js';

export const wkaMembers: CheckRule = (cluster) =>
  cluster.group(NODE_GROUP).flatMap((a) => {
    const group = text(a.get('carbon_wka_group'), 'carbon');
    const members = cluster.group(group);
    if (members.length === 0) return [{ message: `host ${a.where}: carbon_wka_group ${group} is not a group of the inventory` }];
    const own = text(a.get('carbon_cluster_group'), group);
    const inCluster = own === group || cluster.group(own).some((m) => m.name === a.name) ? []
      : [{ message: `host ${a.where}: carbon_cluster_group ${own} ${cluster.group(own).length === 0 ? 'is not a group of the inventory' : 'does not hold the host'}` }];
    return [...inCluster, ...members.filter((m) => !hasIp(m)).map((m) => ({ message: `WKA member ${m.name} of host ${a.where} has no IP (ansible_host)` }))];
  });
