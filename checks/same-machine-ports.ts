// Two nodes on one machine must differ in carbon_port_offset and in carbon_local_member_port.
import type { CheckRule } from '../src/check/types.js';
import { NODE_GROUP, pairs, text } from './cluster-view.js';

export const sameMachinePorts: CheckRule = (cluster) =>
  pairs(cluster.group(NODE_GROUP)).flatMap(([a, b]) => {
    const machine = text(a.get('ansible_host'), a.name);
    if (machine !== text(b.get('ansible_host'), b.name)) return [];
    return [
      ['carbon_port_offset', '0'],
      ['carbon_local_member_port', '4000'],
    ]
      .filter(([v, dflt]) => text(a.get(v), dflt) === text(b.get(v), dflt))
      .map(([v, dflt]) => ({ message: `hosts ${a.where} and ${b.where} share machine ${machine} with the same ${v} ${text(a.get(v), dflt)}` }));
  });
