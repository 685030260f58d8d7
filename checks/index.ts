// The cluster rules `carbon-play check` and the playbooks run (playbooks/check.yaml), in the order findings are listed.
import type { CheckRule } from '../src/check/types.js';
import { driverClassesInJar } from './driver-classes-in-jar.js';
import { jdbcHostsResolve } from './jdbc-hosts-resolve.js';
import { jndiDefined } from './jndi-defined.js';
import { oneSetupNodePerUserDb } from './one-setup-node-per-user-db.js';
import { sameMachinePorts } from './same-machine-ports.js';
import { wkaMembers } from './wka-members.js';

export const rules: CheckRule[] = [sameMachinePorts, oneSetupNodePerUserDb, wkaMembers, jndiDefined, jdbcHostsResolve, driverClassesInJar];
