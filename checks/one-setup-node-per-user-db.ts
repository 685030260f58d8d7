// At most one -Dsetup node per user-store database: -Dsetup creates the UM_ tables, two nodes racing on one database break it (seed 000).
import type { CheckRule } from '../src/check/types.js';
import { isTrue, NODE_GROUP, pairs, userStoreDb } from './cluster-view.js';

export const oneSetupNodePerUserDb: CheckRule = (cluster) =>
  pairs(cluster.group(NODE_GROUP).filter((h) => isTrue(h.get('carbon_setup_node'))))
    .filter(([a, b]) => userStoreDb(a) !== '' && userStoreDb(a) === userStoreDb(b))
    .map(([a, b]) => {
      const [host, database] = userStoreDb(a).split('/');
      return { message: `hosts ${a.where} and ${b.where} both have carbon_setup_node=true for the user-store database ${database} on ${host}: only one node may start with -Dsetup per shared database` };
    });
