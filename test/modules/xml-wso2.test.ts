// The xml module over the real WSO2 kernel files in ../shared/fixtures/wso2 (skipped when absent).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeXml } from '../../src/xml/encoding.js';
import { parseXml } from '../../src/xml/parse.js';
import { evaluateXPath, stringValueOf } from '../../src/xml/xpath-eval.js';
import { parseXPath } from '../../src/xml/xpath-parse.js';
import { copyFixture, runXml } from '../xml/run-xml.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures', 'wso2');
const versions = existsSync(ROOT) ? readdirSync(ROOT).filter((d) => d.startsWith('carbon-kernel-')) : [];
const JDBC = 'jdbc:mysql://db:3306/regdb?autoReconnect=true&relaxAutoCommit=true';

const tasks: [string, Record<string, unknown>, [string, string][]][] = [
  ['repository/conf/carbon.xml', { edits: [
    { xpath: '/Server/Ports/Offset', value: 1 },
    { xpath: '/Server/HostName', value: 'as.example.org' },
    { xpath: '/Server/MgtHostName', value: 'mgt.example.org' },
  ] }, [['/Server/HostName', 'as.example.org'], ['/Server/Ports/Offset', '1']]],
  ['repository/conf/axis2/axis2.xml', { edits: [
    { xpath: '/axisconfig/clustering', attribute: 'enable', value: true },
    { xpath: "/axisconfig/clustering/parameter[@name='membershipScheme']", value: 'wka' },
    { xpath: "/axisconfig/clustering/parameter[@name='domain']", value: 'wso2.as.domain' },
    { xpath: '/axisconfig/clustering/members', set_children: [
      { member: { _: [{ hostName: '10.0.0.1' }, { port: '4000' }] } },
      { member: { _: [{ hostName: '10.0.0.2' }, { port: '4000' }] } },
    ] },
  ] }, [['/axisconfig/clustering/@enable', 'true'], ['/axisconfig/clustering/groupManagement/@enable', 'false'], ["//member[hostName='10.0.0.2']/port", '4000']]],
  ['repository/conf/registry.xml', { xpath: "/wso2registry/mount[@path='/_system/config']",
    fragment: '<mount path="/_system/config" overwrite="true">\n  <instanceId>gov</instanceId>\n  <targetPath>/_system/asNodes</targetPath>\n</mount>' },
    [["/wso2registry/mount[@path='/_system/config']/targetPath", '/_system/asNodes'], ['/wso2registry/dbConfig/@name', 'wso2registry']]],
  ['repository/conf/datasources/master-datasources.xml', { xpath: "/datasources-configuration/datasources/datasource[name='WSO2_REG_DB']",
    fragment: `<datasource>\n  <name>WSO2_REG_DB</name>\n  <definition type="RDBMS">\n    <configuration>\n      <url>${JDBC.replace(/&/g, '&amp;')}</url>\n    </configuration>\n  </definition>\n</datasource>` },
    [["//datasource[name='WSO2_REG_DB']//url", JDBC]]],
  ['repository/conf/tomcat/catalina-server.xml', { xpath: "//Connector[@port='9763']", attribute: 'proxyPort', value: 80 }, [["//Connector[@port='9763']/@proxyPort", '80']]],
  // MaxUserNameListLength appears in several stores, all but one commented out: only the live one changes.
  ['repository/conf/user-mgt.xml', { xpath: "//Property[@name='MaxUserNameListLength']", value: 500 }, [["//Property[@name='MaxUserNameListLength']", '500']]],
];

describe.skipIf(versions.length === 0)('xml module on the real WSO2 kernel files', () => {
  const rows = versions.flatMap((v) => tasks.map(([file, args, reads]) => ({ v, file, args, reads })));
  it.each(rows)('$v $file', async ({ v, file, args, reads }) => {
    const path = copyFixture(file, join(ROOT, v));
    const noop = await runXml({ path, xpath: '/*', state: 'present' });
    expect([noop.result.status, noop.writes, noop.after.equals(noop.before)]).toEqual(['ok', 0, true]);

    const first = await runXml({ path, ...args });
    expect(first.result.status, first.result.msg).toBe('changed');
    const before = decodeXml(first.before, file).text;
    const after = decodeXml(first.after, file).text;
    // The declaration, the line-ending style and the final newline (or its absence) are kept.
    expect(after.split('\n')[0]).toBe(before.split('\n')[0]);
    expect(after.split('\r\n').length > 1).toBe(before.split('\r\n').length > 1);
    expect(after.endsWith('\n')).toBe(before.endsWith('\n'));
    const doc = parseXml(after, file);
    for (const [xp, value] of reads) expect(evaluateXPath(parseXPath(xp), { doc, namespaces: {} }).map(stringValueOf).join(',')).toBe(value);

    // What was inside comments (sample stores, `<!--HostName>...` lines) is untouched.
    const comments = (t: string) => t.match(/<!--[\s\S]*?-->/g) ?? [];
    expect(comments(after)).toEqual(comments(before));

    const second = await runXml({ path, ...args });
    expect([second.result.status, second.writes, second.after.equals(first.after)]).toEqual(['ok', 0, true]);
  });
});
