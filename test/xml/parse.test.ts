// The parser: offsets of every node, namespaces, and a table of malformed documents with line:col.
import { describe, expect, it } from 'vitest';
import { CarbonPlayError } from '../../src/core/errors.js';
import { elementChildren, textOf, type XmlElement } from '../../src/xml/nodes.js';
import { parseXml } from '../../src/xml/parse.js';

describe('parseXml', () => {
  it('keeps offsets of elements, attributes and content', () => {
    const text = '<?xml version="1.0"?>\r\n<a x=\'1\'\r\n   y="&amp;&#65;"><b/><!--<b>no</b>--><![CDATA[<c>]]>t</a>\r\n<!-- after -->';
    const doc = parseXml(text);
    const a = doc.root;
    expect(text.slice(a.start, a.end)).toMatch(/^<a x='1'[\s\S]*<\/a>$/);
    expect(a.attrs.map((x) => [x.name, x.value, x.quote, text.slice(x.valueStart, x.valueEnd)])).toEqual([
      ['x', '1', "'", '1'],
      ['y', '&A', '"', '&amp;&#65;'],
    ]);
    expect(elementChildren(a).map((e) => e.name)).toEqual(['b']);
    expect(textOf(a)).toBe('<c>t');
    expect(doc.children.map((c) => c.kind)).toEqual(['decl', 'text', 'element', 'text', 'comment']);
  });

  it('resolves the default namespace and prefixes', () => {
    const doc = parseXml('<r xmlns="urn:d" xmlns:p="urn:p"><x/><p:y/></r>');
    const [x, y] = elementChildren(doc.root) as [XmlElement, XmlElement];
    expect([doc.root.ns, x.ns, y.ns, y.local, y.prefix]).toEqual(['urn:d', 'urn:d', 'urn:p', 'y', 'p']);
  });

  const malformed: [string, string, string][] = [
    ['mismatched end tag', '<a>\n  <b></c>\n</a>', '2:6: expected </b>, got </c>'],
    ['unclosed element', '<a>\n<b>', '2:1: expected </b>, got end of file'],
    ['no root', '<!-- only a comment -->', '1:24: expected a root element, got none'],
    ['two roots', '<a/>\n<b/>', '2:1: expected one root element, got a second one <b>'],
    ['text after root', '<a/>x', '1:5: text after the root element'],
    ['unquoted attribute', '<a x=1/>', '1:6: expected a quoted value for attribute x'],
    ['duplicate attribute', '<a x="1" x="2"/>', '1:10: attribute x appears twice in <a>'],
    ['< in attribute', '<a x="<"/>', '1:7: "<" is not allowed in attribute x'],
    ['bad entity', '<a>&nbsp;</a>', '1:4: expected an entity reference like &amp; or &#38;, got "&nbsp;"'],
    ['bare ampersand', '<a>x & y</a>', '1:6: expected an entity reference'],
    ['unterminated comment', '<a><!-- x </a>', '1:4: unterminated comment'],
    ['double hyphen in comment', '<a><!-- x -- y --></a>', '1:11: "--" is not allowed inside a comment'],
    ['declaration not first', '\n<?xml version="1.0"?><a/>', '2:1: the XML declaration must be at the very start'],
    ['undeclared prefix', '<p:a/>', '1:1: namespace prefix "p" is not declared'],
    ['attributes without space', '<a x="1"y="2"/>', '1:9: expected whitespace'],
    ['end tag without start', '</a>', '1:1: end tag without a start tag'],
  ];
  it.each(malformed)('%s is an error with file:line:col', (_name, text, expected) => {
    let err: unknown;
    try {
      parseXml(text, 'conf/x.xml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CarbonPlayError);
    expect((err as CarbonPlayError).format()).toContain(`conf/x.xml:${expected}`);
  });

  it('accepts unknown entities when a DOCTYPE may define them', () => {
    const doc = parseXml('<!DOCTYPE a [<!ENTITY e "x">]>\n<a>&e;</a>');
    expect(textOf(doc.root)).toBe('&e;');
  });
});
