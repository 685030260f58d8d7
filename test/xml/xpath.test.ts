// The XPath subset: what each form selects, and a table of invalid expressions.
import { describe, expect, it } from 'vitest';
import { parseXml } from '../../src/xml/parse.js';
import { evaluateXPath, stringValueOf } from '../../src/xml/xpath-eval.js';
import { parseXPath } from '../../src/xml/xpath-parse.js';

const doc = parseXml(`<Server xmlns="urn:carbon" xmlns:s="urn:sec">
  <Ports><Offset>0</Offset><JMX><Port>9999</Port></JMX></Ports>
  <!--HostName>commented</HostName-->
  <p name="a" v="1">one</p>
  <p name="b" v="2">two</p>
  <p name="a" v="3"><k>x</k></p>
  <s:Key>secret</s:Key>
</Server>`);

function select(xpath: string, namespaces: Record<string, string> = {}): string[] {
  return evaluateXPath(parseXPath(xpath), { doc, namespaces }).map(stringValueOf);
}

describe('XPath subset', () => {
  const cases: [string, string[], Record<string, string>?][] = [
    ['/Server/Ports/Offset', ['0']],
    ['Ports/Offset', ['0']],
    ['//Port', ['9999']],
    ['/Server/*/Offset', ['0']],
    ['//HostName', []],
    ["/Server/p[@name='a']", ['one', 'x']],
    ["/Server/p[@name='a' and @v='3']/k", ['x']],
    ["/Server/p[@name='a' or @v='2']/@v", ['1', '2', '3']],
    ['/Server/p[2]', ['two']],
    ['/Server/p[last()]/@v', ['3']],
    ["/Server/p[text()='two']/@name", ['b']],
    ["/Server/p[k='x']/@v", ['3']],
    ["/Server/p[not(@name='a')]", ['two']],
    ["/Server/p[@v!='1']/@v", ['2', '3']],
    ['/Server/p/@v', ['1', '2', '3']],
    ['//Offset/..//Port', ['9999']],
    ['/Server/Key', []],
    ['/Server/s:Key', ['secret'], { s: 'urn:sec' }],
    ['/c:Server/c:Ports/c:Offset', ['0'], { c: 'urn:carbon' }],
    ["/Server/p[contains(@v, '2')]", ['two']],
  ];
  it.each(cases)('%s', (xpath, expected, ns) => {
    expect(select(xpath, ns)).toEqual(expected);
  });

  const invalid: [string, RegExp][] = [
    ['', /expected a path, got nothing/],
    ['/Server/', /at column 9: expected more, got the end|expected an element name, got the end/],
    ['/Server[', /expected an expression, got the end/],
    ["/Server[@a='x'", /expected "\]", got the end/],
    ['/Server/#', /at column 9: unexpected "#"/],
    ['/Server]', /unexpected "\]"/],
    ['/Server[@a=]', /expected a path, a quoted string or a number, got "\]"/],
    ["/Server[foo('x')]", /expected "\]", got "\("/],
  ];
  it.each(invalid)('%j is a clear error', (xpath, msg) => {
    expect(() => parseXPath(xpath)).toThrow(msg);
  });

  it('an unknown prefix names the prefixes given', () => {
    expect(() => select('/x:Server', { c: 'urn:carbon' })).toThrow('XPath prefix "x" is not in namespaces (expected one of: c)');
  });
});
