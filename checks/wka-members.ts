// Every WKA member (the hosts of the node's carbon_wka_group) must be in the inventory with an IP.
import type { CheckRule } from '../src/check/types.js';
import { hasIp, NODE_GROUP, text } from './cluster-view.js';

export const wkaMembers: CheckRule = (cluster) =>
  cluster.group(NODE_GROUP).flatMap((a) => {
    const group = text(a.get('carbon_wka_group'), 'carbon');
    const members = cluster.group(group);
    if (members.length === 0) return [{ message: `host ${a.where}: carbon_wka_group ${group} is not a group of the inventory` }];
    return members.filter((m) => !hasIp(m)).map((m) => ({ message: `WKA member ${m.name} of host ${a.where} has no IP (ansible_host)` }));
  });
