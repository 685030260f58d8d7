// The file-attribute arguments: one schema shared by every module that takes them, and how their values are read.
import { describe, expect, it } from 'vitest';
import { fileAttrArgs, readWantedAttrs } from '../../src/facts/file-attrs.js';
import { modules } from '../../src/modules/index.js';

describe('fileAttrArgs', () => {
  const takers = [...modules.values()].filter((m) => 'mode' in m.schema.args || 'owner' in m.schema.args);

  it('is the one declaration of mode/owner/group in every module that takes them', () => {
    expect(takers.map((m) => m.name).sort()).toEqual(['blockinfile', 'copy', 'file', 'get_url', 'lineinfile', 'template']);
    for (const m of takers) for (const [key, spec] of Object.entries(fileAttrArgs)) expect(m.schema.args[key], `${m.name}.${key}`).toBe(spec);
  });
});

describe('readWantedAttrs', () => {
  it.each([
    [{ mode: '0644', owner: 'wso2', group: 'wso2' }, { mode: 0o644, owner: 'wso2', group: 'wso2' }],
    [{ mode: 0o755 }, { mode: 0o755, owner: undefined, group: undefined }],
    [{ mode: 755 }, { mode: 0o755, owner: undefined, group: undefined }],
    [{}, { mode: undefined, owner: undefined, group: undefined }],
  ])('%j → %j', (args, wanted) => expect(readWantedAttrs(args)).toEqual(wanted));

  it('names the argument when mode is not octal', () => {
    expect(() => readWantedAttrs({ mode: 'rwx' })).toThrow(/mode: expected an octal string like '0644', got "rwx"/);
  });
});
