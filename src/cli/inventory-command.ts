// `carbon-play inventory`: ansible-inventory's --list, --host and --graph over our inventory loader.
import { CarbonPlayError, ErrorList, ExitCode } from '../core/errors.js';
import { loadInventory } from '../inventory/load-inventory.js';
import { renderInventoryGraph, renderInventoryHost, renderInventoryList } from '../inventory/render-inventory.js';
import type { Inventory } from '../inventory/types.js';

export interface InventoryCommandOptions {
  inventory: string[];
  list?: boolean;
  host?: string;
  /** true for the whole tree, or a group name to start from. */
  graph?: boolean | string;
  limit?: string;
  cwd?: string;
}

/** Prints to `out`, one-line errors to `err`; returns the exit code (4 parse error, 5 bad options). */
export async function runInventoryCommand(
  opts: InventoryCommandOptions,
  out: (s: string) => void,
  err: (s: string) => void = (s) => process.stderr.write(s + '\n'),
): Promise<number> {
  const actions = [opts.list, opts.host !== undefined, opts.graph !== undefined && opts.graph !== false].filter(Boolean).length;
  if (actions !== 1) {
    err('ERROR! expected exactly one of --list, --host or --graph, got ' + (actions === 0 ? 'none' : actions));
    return ExitCode.badOptions;
  }
  let inv: Inventory;
  try {
    inv = await loadInventory(opts.inventory, { cwd: opts.cwd });
  } catch (e) {
    if (e instanceof ErrorList) {
      for (const x of e.errors) err(`ERROR! ${x.format()}`);
      return ExitCode.parseError;
    }
    throw e;
  }
  let only: Set<string> | undefined;
  try {
    only = opts.limit === undefined ? undefined : new Set(inv.select(opts.limit));
  } catch (e) {
    if (e instanceof CarbonPlayError) {
      err(`ERROR! --limit: ${e.format()}`);
      return ExitCode.badOptions;
    }
    throw e;
  }
  if (opts.list) {
    out(renderInventoryList(inv, only));
  } else if (opts.host !== undefined) {
    if (!inv.hosts.has(opts.host) || (only && !only.has(opts.host))) {
      err(`ERROR! --host: expected a host in the inventory, got '${opts.host}'`);
      return ExitCode.badOptions;
    }
    out(renderInventoryHost(inv, opts.host));
  } else {
    const group = typeof opts.graph === 'string' ? opts.graph : 'all';
    if (!inv.groups.has(group)) {
      err(`ERROR! --graph: expected a group name, got '${group}'`);
      return ExitCode.badOptions;
    }
    out(renderInventoryGraph(inv, group, only));
  }
  return ExitCode.ok;
}
