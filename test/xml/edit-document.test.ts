// Edits batched against one parse: later edits still see what earlier ones changed; encodings and BOM kept.
import { describe, expect, it } from 'vitest';
import { editXmlBytes } from '../../src/xml/edit-document.js';
import { toXmlEdit } from '../../src/xml/edit-spec.js';

function edit(text: string | Buffer, edits: Record<string, unknown>[]): string {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const r = editXmlBytes(bytes, 't.xml', edits.map((e, i) => toXmlEdit({ state: 'present', input_type: 'yaml', ...e }, `edits[${i}]`)), {});
  return (r.bytes ?? bytes).toString('latin1');
}

describe('editXmlBytes', () => {
  const doc = '<r>\n  <ds><name>A</name><url>u</url></ds>\n  <o>0</o>\n</r>\n';
  const cases: [string, Record<string, unknown>[], string][] = [
    ['an edit selects by a value an earlier edit set', [{ xpath: '/r/ds/name', value: 'B' }, { xpath: "/r/ds[name='B']/url", value: 'v' }], doc.replace('A', 'B').replace('>u<', '>v<')],
    ['a later edit of the same node wins', [{ xpath: '/r/o', value: 2 }, { xpath: '/r/o', value: 0 }], doc],
    ['an element added by one edit is seen by the next', [{ xpath: '/r/n', value: 1 }, { xpath: '/r/n', attribute: 'k', value: 'v' }], doc.replace('</r>', '  <n k="v">1</n>\n</r>')],
    ['a removed element is gone for the next edit', [{ xpath: '/r/o', state: 'absent' }, { xpath: '/r/o', value: 5 }], doc.replace('  <o>0</o>\n', '').replace('</r>', '  <o>5</o>\n</r>')],
    ['an attribute added by one edit is seen by the next', [{ xpath: '/r/o', attribute: 'k', value: 'v' }, { xpath: "/r/o[@k='v']", value: 9 }], doc.replace('<o>0</o>', '<o k="v">9</o>')],
    ['an attribute changed by one edit is matched by its new value', [{ xpath: '/r/o', attribute: 'k', value: 'v' }, { xpath: '/r/o', attribute: 'k', value: 'w' }, { xpath: "/r/o[@k='w']", value: 9 }], doc.replace('<o>0</o>', '<o k="w">9</o>')],
    ['an attribute removed by one edit is no longer matched', [{ xpath: '/r/ds', attribute: 'k', value: 'v' }, { xpath: '/r/ds', attribute: 'k', state: 'absent' }, { xpath: '/r/ds[@k]', state: 'absent' }], doc],
    ['children set by one edit are edited by the next', [{ xpath: '/r/ds', set_children: [{ name: 'C' }] }, { xpath: '/r/ds/name', value: 'D' }], doc.replace('<name>A</name><url>u</url>', '\n    <name>D</name>\n  ')],
  ];
  it.each(cases)('%s', (_n, edits, expected) => {
    expect(edit(doc, edits)).toBe(expected);
  });

  it('keeps a UTF-8 BOM and writes UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<r><a>x</a></r>')]);
    const r = editXmlBytes(bytes, 't.xml', [toXmlEdit({ xpath: '/r/a', value: 'é', state: 'present' }, '')], {});
    expect(r.bytes).toEqual(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<r><a>é</a></r>')]));
  });

  it('writes ISO-8859-1 bytes and references what it cannot hold, in text and attributes', () => {
    const bytes = Buffer.from("<?xml version='1.0' encoding='iso-8859-1'?><r a='x'><b>\u00e9</b></r>", 'latin1');
    const out = edit(bytes, [{ xpath: '/r/b', value: '\u00e9\u20ac' }, { xpath: '/r', attribute: 'a', value: "it's \u20ac" }]);
    expect(out).toBe("<?xml version='1.0' encoding='iso-8859-1'?><r a='it&apos;s &#8364;'><b>\u00e9&#8364;</b></r>");
  });

  it('rejects encodings it cannot keep', () => {
    expect(() => edit('<?xml version="1.0" encoding="Shift_JIS"?><r/>', [{ xpath: '/r', value: 'x' }])).toThrow('expected a UTF-8, ISO-8859-1 or ASCII file, got encoding "Shift_JIS"');
  });
});
