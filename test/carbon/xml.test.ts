// The stand-in's small XML reader and its -D option parsing.
import { describe, expect, it } from 'vitest';
import { parseStartOptions } from '../../sandbox/carbon/server/layout.js';
import { childAt, parseXml, textAt } from '../../sandbox/carbon/server/xml.js';

describe('parseXml', () => {
  it('drops namespace prefixes and the default namespace, skips comments, unescapes entities', () => {
    const doc = parseXml(`<?xml version="1.0"?>\r\n<Server xmlns="urn:x"><!--HostName>a</HostName--><svns:Ports xmlns:svns="urn:s"><Offset> 2 </Offset></svns:Ports>
      <url>jdbc:mysql://db:3306/x?a=1&amp;b=2</url><p name='q' value="&lt;&gt;"/><c><![CDATA[<raw>]]></c></Server>`);
    expect(doc.name).toBe('Server');
    expect(textAt(doc, 'HostName')).toBeUndefined();
    expect(textAt(doc, 'Ports', 'Offset')).toBe('2');
    expect(textAt(doc, 'url')).toBe('jdbc:mysql://db:3306/x?a=1&b=2');
    expect(childAt(doc, 'p')?.attrs).toEqual({ name: 'q', value: '<>' });
    expect(textAt(doc, 'c')).toBe('<raw>');
  });

  it.each([
    ['<a><b></a>', /expected <\/b>, got <\/a>/],
    ['<a><b/>', /<a> is not closed/],
    ['<!-- only a comment -->', /no root element/],
  ])('rejects malformed XML: %s', (src, re) => {
    expect(() => parseXml(src)).toThrow(re);
  });
});

describe('parseStartOptions', () => {
  it.each([
    { argv: ['-Dsetup'], java: '', want: { setup: true, workerNode: false, portOffset: undefined } },
    { argv: ['-DworkerNode=true', '-DportOffset=2'], java: '-Xmx1g -DportOffset=1', want: { setup: false, workerNode: true, portOffset: 2 } },
    { argv: [], java: '-Xms256m -DportOffset=5 -Dsetup', want: { setup: true, workerNode: false, portOffset: 5 } },
  ])('reads $argv with JAVA_OPTS "$java"', ({ argv, java, want }) => {
    expect(parseStartOptions(argv, java)).toMatchObject(want);
  });

  it('rejects a non-numeric port offset', () => {
    expect(() => parseStartOptions(['-DportOffset=abc'])).toThrow("-DportOffset expects a number, got 'abc'");
  });
});
