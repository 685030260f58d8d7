// Loads the parts of ssh2 a run uses: from the bundle's ssh2.cjs when there is one, else from node_modules.
import { createRequire } from 'node:module';

export interface Ssh2 {
  Client: typeof import('ssh2').Client;
  utils: { parseKey: typeof import('ssh2').utils.parseKey };
}

/** The bundle's copy of ssh2's client and key parser (scripts/bundle.mjs builds it beside its chunks). */
const BUNDLED = './ssh2.cjs';

/**
 * ssh2's client and key parser, required through `require` (a require made for this file). Not ssh2's index: that
 * also loads the server, keygen and the HTTP agents, with node's http and https. Not import(): an import of a
 * CommonJS file first scans its whole source for export names (~35 ms for these two). In the bundle, ssh2.cjs holds
 * both in one file (~15 ms less than resolving and loading its ~30 files from node_modules); anywhere else (the
 * compiled sources, the tests) there is none, and node_modules serves.
 */
export function requireSsh2(require: NodeJS.Require): Ssh2 {
  let bundled: { Client: Ssh2['Client']; parseKey: Ssh2['utils']['parseKey'] } | undefined;
  try {
    bundled = require(BUNDLED) as typeof bundled;
  } catch (e) {
    // Only its absence falls back: an error inside the bundled file is a bug to see.
    if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || !(e as Error).message.startsWith(`Cannot find module '${BUNDLED}'`)) throw e;
  }
  if (bundled) return { Client: bundled.Client, utils: { parseKey: bundled.parseKey } };
  return { Client: require('ssh2/lib/client.js') as Ssh2['Client'], utils: { parseKey: (require('ssh2/lib/protocol/keyParser.js') as Ssh2['utils']).parseKey } };
}

let loading: Promise<Ssh2> | undefined;

/**
 * ssh2, loaded once. The load waits one turn of the event loop: the hosts of a task ask for their connections in the
 * same turn, and each has its TCP connection started (ssh-early.ts) before the ~30 ms of loading, not only the first.
 */
export function loadSsh2(): Promise<Ssh2> {
  return (loading ??= (async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return requireSsh2(createRequire(import.meta.url));
  })());
}
