// Cluster rules: small functions over the whole inventory that return findings instead of failing at the first.
import type { JarFacts } from '../modules/jar-info.js';

/** One host as the rules see it: its variables fully rendered, and where it is defined. */
export interface ClusterHost {
  name: string;
  /** `ei1 (inventory/ei-nginx/hosts)`: how findings name the host. */
  where: string;
  /** The variable's value with every template in it rendered (in this host's scope); undefined when unset. */
  get(variable: string): unknown;
}

export interface Cluster {
  /** The hosts of a group, in inventory order ([] for a group that does not exist). */
  group(name: string): ClusterHost[];
  hasGroup(name: string): boolean;
  host(name: string): ClusterHost | undefined;
  /** What a jar on the control node holds (JDBC drivers it registers, whether given classes are in it). */
  readJar(path: string, classes: string[]): Promise<JarFacts>;
}

export interface Finding {
  message: string;
}

export type CheckRule = (cluster: Cluster) => Finding[] | Promise<Finding[]>;
