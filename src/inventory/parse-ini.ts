// Parses an Ansible INI inventory into InventoryData, collecting every error with file:line:col.
import { CarbonPlayError } from '../core/errors.js';
import { splitShellWords } from '../core/shell-words.js';
import { expandHostEntry } from './expand-host-pattern.js';
import type { InventoryData } from './inventory-data.js';
import { parsePythonLiteral } from './python-literal.js';

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/;

interface Pending {
  line: number;
  state: 'vars' | 'children';
  parents: string[];
}

export function parseIniInventory(text: string, file: string, data: InventoryData): CarbonPlayError[] {
  const errors: CarbonPlayError[] = [];
  const fail = (line: number, col: number, message: string): void => {
    errors.push(new CarbonPlayError('parse', message, { loc: { file, line, col } }));
  };
  const pending = new Map<string, Pending>();
  let group = 'ungrouped';
  let state = 'hosts';
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trim();
    const col = raw.length - raw.trimStart().length + 1;
    if (!line || line[0] === '#' || line[0] === ';') return;
    const m = SECTION.exec(line);
    if (m) {
      group = m[1];
      state = m[2] ?? 'hosts';
      if (!['hosts', 'children', 'vars'].includes(state)) {
        fail(lineNo, col, `expected section type hosts, children or vars in [${m[1]}:${m[2]}], got '${state}'`);
        state = 'skip';
        return;
      }
      if (!data.groups.has(group)) {
        if (state === 'vars' && !pending.has(group)) pending.set(group, { line: lineNo, state: 'vars', parents: [] });
        data.addGroup(group, { file, line: lineNo, col });
      }
      const p = pending.get(group);
      if (p && state !== 'vars') {
        if (p.state === 'children') resolvePending(group);
        else pending.delete(group);
      }
      return;
    }
    if (line.startsWith('[')) {
      fail(lineNo, col, `expected a section header like [group], [group:vars] or [group:children], got '${line}'`);
      state = 'skip';
      return;
    }
    if (state === 'skip') return;
    if (state === 'hosts') parseHostLine(raw, line, lineNo, col);
    else if (state === 'vars') {
      const eq = line.indexOf('=');
      if (eq < 0) return fail(lineNo, col, `expected key=value in [${group}:vars], got '${line}'`);
      data.setGroupVar(group, line.slice(0, eq).trim(), parsePythonLiteral(line.slice(eq + 1).trim()));
    } else {
      const c = GROUP_NAME.exec(line);
      if (!c) return fail(lineNo, col, `expected a group name in [${group}:children], got '${line}'`);
      const child = c[1];
      if (!data.groups.has(child)) {
        const p = pending.get(child);
        if (p) p.parents.push(group);
        else pending.set(child, { line: lineNo, state: 'children', parents: [group] });
      } else {
        const loop = data.addChild(group, child);
        if (loop) fail(lineNo, col, loop);
      }
    }
  });

  function resolvePending(name: string): void {
    const p = pending.get(name);
    if (!p) return;
    pending.delete(name);
    for (const parent of p.parents) {
      const loop = data.addChild(parent, name);
      if (loop) fail(p.line, 1, loop);
      if (pending.get(parent)?.state === 'children') resolvePending(parent);
    }
  }

  function parseHostLine(raw: string, line: string, lineNo: number, col: number): void {
    let tokens: string[];
    try {
      tokens = splitShellWords(line, { comments: true });
    } catch (e) {
      return fail(lineNo, col, `expected a host definition, got '${line}': ${(e as Error).message.toLowerCase()}`);
    }
    if (tokens.length === 0) return;
    let expanded;
    try {
      expanded = expandHostEntry(tokens[0]);
    } catch (e) {
      return fail(lineNo, col, (e as Error).message);
    }
    const vars: Record<string, unknown> = {};
    for (const t of tokens.slice(1)) {
      const eq = t.indexOf('=');
      if (eq < 0) {
        const at = raw.indexOf(t);
        return fail(lineNo, at >= 0 ? at + 1 : col, `expected key=value host variable, got '${t}'`);
      }
      vars[t.slice(0, eq)] = parsePythonLiteral(t.slice(eq + 1));
    }
    for (const name of expanded.names) {
      const h = data.addHost(name, group, { file, line: lineNo, col });
      if (expanded.port !== undefined) h.fileVars.ansible_port = expanded.port;
      Object.assign(h.fileVars, vars);
    }
  }

  for (const [name, p] of pending) {
    if (p.state === 'vars') fail(p.line, 1, `expected group '${name}' to be defined in this file, got only [${name}:vars]`);
    else fail(p.line, 1, `expected group '${name}' (listed in [${p.parents[p.parents.length - 1]}:children]) to be defined, got no [${name}] section`);
  }
  return errors;
}
