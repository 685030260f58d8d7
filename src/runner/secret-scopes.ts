// Secret values learnt once per host scope: a variable layer is searched the first time one of the host's tasks sees it.
import { renderValue } from '../template/index.js';
import { findSecretValues, type Redactor } from './redact.js';

/** A layer of variables: an object known by identity, or one known by name whose value is made only when needed. */
export type SecretLayer = Record<string, unknown> | { name: string; read: () => Record<string, unknown> };

export interface SecretScopes {
  /** Adds the secrets of each layer not yet searched for this host (or '' for what all hosts share), rendered in `scope`. */
  learn(host: string, layers: readonly SecretLayer[], scope: Record<string, unknown>): void;
}

interface Seen {
  objects: WeakSet<object>;
  names: Set<string>;
}

function isNamed(l: SecretLayer): l is { name: string; read: () => Record<string, unknown> } {
  return typeof l.name === 'string' && typeof l.read === 'function';
}

export function createSecretScopes(redactor: Redactor): SecretScopes {
  const hosts = new Map<string, Seen>();
  return {
    learn(host, layers, scope) {
      let seen = hosts.get(host);
      if (!seen) hosts.set(host, (seen = { objects: new WeakSet(), names: new Set() }));
      for (const layer of layers) {
        const named = isNamed(layer);
        if (named ? seen.names.has(layer.name) : seen.objects.has(layer)) continue;
        const vars = named ? layer.read() : layer;
        // A value that does not render yet (it reads a register still to come) is searched again next time.
        let pending = false;
        redactor.add(findSecretValues(vars, (n) => {
          try {
            return renderValue(vars[n], scope);
          } catch (err) {
            pending = true;
            throw err;
          }
        }));
        if (pending) continue;
        if (named) seen.names.add(layer.name);
        else seen.objects.add(layer);
      }
    },
  };
}
