// The xml module over fixture copies: each edit changes exactly the expected text, a second run is ok and writes nothing.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { validateArgs } from '../../src/modules/args.js';
import { executeModule } from '../../src/modules/execute.js';
import { xml } from '../../src/modules/xml.js';
import { createFsConnection, createTestContext } from '../helpers/fs-connection.js';
import { decodeXml } from '../../src/xml/encoding.js';
import { parseXml } from '../../src/xml/parse.js';
import { evaluateXPath, stringValueOf } from '../../src/xml/xpath-eval.js';
import { parseXPath } from '../../src/xml/xpath-parse.js';
import { copyFixture, runXml } from '../xml/run-xml.js';
import { makeTempDir } from '../helpers/temp-dir.js';

interface Case {
  name: string;
  fixture: string;
  args: Record<string, unknown>;
  /** [old, new, times]: the only change to the file's text is `old` → `new`, `times` times (default 1). */
  replace: [string, string, number?][];
  /** XPath → the string value it reads back after the edit. */
  readback?: [string, string, Record<string, string>?][];
  /** add_children appends on every run, as Ansible's does. */
  repeats?: boolean;
}

const NL = '\r\n';
const CARBON_NS = 'http://wso2.org/projects/carbon/carbon.xml';
const JDBC = 'jdbc:mysql://db:3306/wso2apim?autoReconnect=true&relaxAutoCommit=true';

const cases: Case[] = [
  {
    name: 'carbon.xml: Offset in the default namespace, without prefixes',
    fixture: 'carbon.xml',
    args: { xpath: '/Server/Ports/Offset', value: 2 },
    replace: [['<Offset>0</Offset>', '<Offset>2</Offset>']],
    readback: [['/Server/Ports/Offset', '2']],
  },
  {
    name: 'carbon.xml: Offset with a namespaces prefix',
    fixture: 'carbon.xml',
    args: { xpath: '/c:Server/c:Ports/c:Offset', namespaces: { c: CARBON_NS }, value: '5' },
    replace: [['<Offset>0</Offset>', '<Offset>5</Offset>']],
  },
  {
    name: 'carbon.xml: HostName exists only in a comment, so it is created (no xmlns: inherited)',
    fixture: 'carbon.xml',
    args: { xpath: '/Server/HostName', value: 'node1.example.org' },
    replace: [['    </Security>\n', '    </Security>\n    <HostName>node1.example.org</HostName>\n']],
    readback: [['/Server/HostName', 'node1.example.org'], ['/c:Server/c:HostName', 'node1.example.org', { c: CARBON_NS }]],
  },
  {
    name: 'carbon.xml: ISO-8859-1 kept; a character outside it becomes a reference',
    fixture: 'carbon.xml',
    args: { xpath: '/Server/Name', value: 'Caf\u00e9 \u2603' },
    replace: [['<Name>${product.name}</Name>', '<Name>Caf\u00e9 &#9731;</Name>']],
    readback: [['/Server/Name', 'Caf\u00e9 \u2603']],
  },
  {
    name: 'carbon.xml: several edits in one task',
    fixture: 'carbon.xml',
    args: {
      edits: [
        { xpath: '/Server/Ports/Offset', value: 1 },
        { xpath: '/Server/DeploymentSynchronizer/Enabled', value: true },
        { xpath: '/Server/HostName', value: 'as.example.org' },
        { xpath: '/Server/MgtHostName', value: 'mgt.example.org' },
      ],
    },
    replace: [
      ['<Offset>0</Offset>', '<Offset>1</Offset>'],
      ['<Enabled>false</Enabled>', '<Enabled>true</Enabled>'],
      ['    </Security>\n', '    </Security>\n    <HostName>as.example.org</HostName>\n    <MgtHostName>mgt.example.org</MgtHostName>\n'],
    ],
  },
  {
    name: 'axis2.xml: enable on a start tag split over two lines (not groupManagement\'s)',
    fixture: 'axis2.xml',
    args: { xpath: '/axisconfig/clustering', attribute: 'enable', value: 'true' },
    replace: [[`HazelcastClusteringAgent"${NL}                enable="false">`, `HazelcastClusteringAgent"${NL}                enable="true">`]],
    readback: [['/axisconfig/clustering/groupManagement/@enable', 'false']],
  },
  {
    name: 'axis2.xml: an XPath ending in @attr sets that attribute',
    fixture: 'axis2.xml',
    args: { xpath: '/axisconfig/clustering/groupManagement/@enable', value: true },
    replace: [['<groupManagement enable="false">', '<groupManagement enable="true">']],
    readback: [['/axisconfig/clustering/@enable', 'false']],
  },
  {
    name: 'axis2.xml: membershipScheme by attribute predicate',
    fixture: 'axis2.xml',
    args: { xpath: "/axisconfig/clustering/parameter[@name='membershipScheme']", value: 'wka' },
    replace: [['<parameter name="membershipScheme">multicast</parameter>', '<parameter name="membershipScheme">wka</parameter>']],
  },
  {
    name: 'axis2.xml: a missing parameter is created with its predicate attribute, CRLF',
    fixture: 'axis2.xml',
    args: { xpath: "/axisconfig/clustering/parameter[@name='memberJoinTimeout']", value: '30' },
    replace: [[`        </groupManagement>${NL}`, `        </groupManagement>${NL}        <parameter name="memberJoinTimeout">30</parameter>${NL}`]],
  },
  {
    name: 'axis2.xml: set_children replaces the placeholder WKA member',
    fixture: 'axis2.xml',
    args: {
      xpath: '/axisconfig/clustering/members',
      set_children: [
        { member: { _: [{ hostName: '10.0.0.1' }, { port: '4000' }] } },
        { member: { _: [{ hostName: '10.0.0.2' }, { port: 4001 }] } },
      ],
    },
    replace: [[
      `            <member>${NL}                <hostName>127.0.0.1</hostName>${NL}                <port>4000</port>${NL}            </member>${NL}`,
      `            <member>${NL}                <hostName>10.0.0.1</hostName>${NL}                <port>4000</port>${NL}            </member>${NL}` +
        `            <member>${NL}                <hostName>10.0.0.2</hostName>${NL}                <port>4001</port>${NL}            </member>${NL}`,
    ]],
    readback: [["/axisconfig/clustering/members/member[port='4001']/hostName", '10.0.0.2']],
  },
  {
    name: 'axis2.xml: set_children from XML strings (input_type: xml)',
    fixture: 'axis2.xml',
    args: { xpath: '//members', input_type: 'xml', set_children: ['<member><hostName>lb.example.org</hostName><port>4000</port></member>'] },
    // A fragment is written as given (here on one line), only re-indented.
    replace: [[
      `            <member>${NL}                <hostName>127.0.0.1</hostName>${NL}                <port>4000</port>${NL}            </member>${NL}`,
      `            <member><hostName>lb.example.org</hostName><port>4000</port></member>${NL}`,
    ]],
  },
  {
    name: 'axis2.xml: add_children appends after the last member',
    fixture: 'axis2.xml',
    args: { xpath: '/axisconfig/clustering/members', add_children: [{ member: { _: [{ hostName: '10.0.0.3' }, { port: '4000' }] } }] },
    replace: [[
      `            </member>${NL}        </members>`,
      `            </member>${NL}            <member>${NL}                <hostName>10.0.0.3</hostName>${NL}                <port>4000</port>${NL}            </member>${NL}        </members>`,
    ]],
    repeats: true,
  },
  {
    name: 'axis2.xml: a self-closing element gets text',
    fixture: 'axis2.xml',
    args: { xpath: "//phase[@name='Phase3']", value: 'on' },
    replace: [['<phase name="Phase3"/>', '<phase name="Phase3">on</phase>']],
  },
  {
    name: 'registry.xml: fragment upsert of a mount (commented sample ignored)',
    fixture: 'registry.xml',
    args: {
      xpath: "/wso2registry/mount[@path='/_system/config']",
      fragment: '<mount path="/_system/config" overwrite="true">\n    <instanceId>gov</instanceId>\n    <targetPath>/_system/asNodes</targetPath>\n</mount>\n',
    },
    replace: [[
      '</versionResourcesOnChange>\n',
      '</versionResourcesOnChange>\n    <mount path="/_system/config" overwrite="true">\n        <instanceId>gov</instanceId>\n        <targetPath>/_system/asNodes</targetPath>\n    </mount>\n',
    ]],
    readback: [["/wso2registry/mount[@path='/_system/config']/targetPath", '/_system/asNodes'], ['/wso2registry/dbConfig/@name', 'wso2registry']],
  },
  {
    name: 'master-datasources.xml: datasource fragment keyed by name, JDBC URL with &',
    fixture: 'master-datasources.xml',
    args: {
      xpath: "/datasources-configuration/datasources/datasource[name='WSO2_USER_DB']",
      fragment: `<datasource>\n  <name>WSO2_USER_DB</name>\n  <definition type="RDBMS">\n    <configuration>\n      <url>${JDBC.replace(/&/g, '&amp;')}</url>\n    </configuration>\n  </definition>\n</datasource>`,
    },
    replace: [[
      '        </datasource>\n',
      `        </datasource>\n        <datasource>\n          <name>WSO2_USER_DB</name>\n          <definition type="RDBMS">\n            <configuration>\n              <url>${JDBC.replace(/&/g, '&amp;')}</url>\n            </configuration>\n          </definition>\n        </datasource>\n`,
    ]],
    readback: [["//datasource[name='WSO2_USER_DB']//url", JDBC]],
  },
  {
    name: 'master-datasources.xml: JDBC URL value is escaped and reads back',
    fixture: 'master-datasources.xml',
    args: { xpath: "//datasource[name='WSO2_CARBON_DB']/definition/configuration/url", value: JDBC },
    replace: [['<url>jdbc:h2:./repository/database/WSO2CARBON_DB;DB_CLOSE_ON_EXIT=FALSE</url>', `<url>${JDBC.replace('&', '&amp;')}</url>`]],
    readback: [["//datasource[name='WSO2_CARBON_DB']//url", JDBC]],
  },
  {
    name: 'catalina-server.xml: a new attribute goes on its own line like the others',
    fixture: 'catalina-server.xml',
    args: { xpath: "/Server/Service/Connector[@port='9763']", attribute: 'proxyPort', value: 80 },
    replace: [['maxThreads="250"\n                   compression="on"\n                   URIEncoding="UTF-8"/>', 'maxThreads="250"\n                   compression="on"\n                   URIEncoding="UTF-8"\n                   proxyPort="80"/>']],
  },
  {
    name: 'catalina-server.xml: removing an attribute removes its line',
    fixture: 'catalina-server.xml',
    args: { xpath: "/Server/Service/Connector[@port='9443']", attribute: 'bindOnInit', state: 'absent' },
    replace: [['port="9443"\n                   bindOnInit="false"\n', 'port="9443"\n']],
  },
  {
    name: 'user-mgt.xml: a duplicated property matches twice; both are set',
    fixture: 'user-mgt.xml',
    args: { xpath: "/UserManager/Realm/UserStoreManager/Property[@name='MaxUserNameListLength']", value: 500 },
    replace: [['<Property name="MaxUserNameListLength">100</Property>', '<Property name="MaxUserNameListLength">500</Property>', 2]],
  },
  {
    name: 'user-mgt.xml: the second duplicate is removed with its line',
    fixture: 'user-mgt.xml',
    args: { xpath: "//UserStoreManager/Property[@name='MaxUserNameListLength'][2]", state: 'absent' },
    replace: [['            <Property name="MaxUserNameListLength">100</Property>\n            <Property name="SCIMEnabled">', '            <Property name="SCIMEnabled">']],
  },
  {
    name: 'user-mgt.xml: a tab-indented value keeps its tabs',
    fixture: 'user-mgt.xml',
    args: { xpath: '//Configuration/AddAdmin', value: false },
    replace: [['\t\t<AddAdmin>true</AddAdmin>', '\t\t<AddAdmin>false</AddAdmin>']],
  },
  {
    name: 'no-final-newline.xml: still no final newline',
    fixture: 'no-final-newline.xml',
    args: { edits: [{ xpath: '/Server/Ports/Offset', value: 3 }, { xpath: '/Server/HostName', value: 'das.example.org' }] },
    replace: [
      ['<Offset>0</Offset>', '<Offset>3</Offset>'],
      ['    <Name>Data Analytics Server</Name>\n', '    <Name>Data Analytics Server</Name>\n'],
      ['    </Ports>\n', '    </Ports>\n    <HostName>das.example.org</HostName>\n'],
    ],
  },
];

function expected(before: string, replace: Case['replace']): string {
  let text = before;
  for (const [old, neu, times = 1] of replace) {
    expect(text.split(old).length - 1, `occurrences of ${JSON.stringify(old)}`).toBe(times);
    text = text.split(old).join(neu);
  }
  return text;
}

describe('xml module on fixtures', () => {
  it.each(cases)('$name', async (c) => {
    const path = copyFixture(c.fixture);
    const first = await runXml({ path, ...c.args });
    expect(first.result.status, first.result.msg).toBe('changed');
    expect([first.reads, first.writes]).toEqual([1, 1]);
    const { text: before, encoding } = decodeXml(first.before, c.fixture);
    const { text: after } = decodeXml(first.after, c.fixture);
    expect(after).toBe(expected(before, c.replace));
    expect(first.result.diff).toEqual([{ path, before, after }]);
    const doc = parseXml(after, c.fixture);
    for (const [xp, value, namespaces = {}] of c.readback ?? []) {
      expect(evaluateXPath(parseXPath(xp), { doc, namespaces }).map(stringValueOf)).toEqual([value]);
    }
    expect(Buffer.compare(first.after.subarray(0, 3), first.before.subarray(0, 3))).toBe(0);
    expect(encoding.node).toBe(c.fixture === 'carbon.xml' ? 'latin1' : 'utf8');
    const second = await runXml({ path, ...c.args });
    if (c.repeats) return;
    expect(second.result.status, second.result.msg).toBe('ok');
    expect(second.after.equals(first.after)).toBe(true);
    expect([second.mtimeChanged, second.writes]).toEqual([false, 0]);
  });
});

describe('xml module: no-op, check mode, backup, reports', () => {
  const noops: [string, Record<string, unknown>][] = [
    ['carbon.xml', { xpath: '/Server/Ports/Offset', value: '0' }],
    ['axis2.xml', { xpath: '/axisconfig/clustering/members', set_children: [{ member: { _: [{ hostName: '127.0.0.1' }, { port: 4000 }] } }] }],
    ['axis2.xml', { xpath: "/axisconfig/clustering/parameter[@name='nothere']", state: 'absent' }],
    ['registry.xml', { xpath: '/wso2registry/dbConfig', fragment: '<dbConfig   name="wso2registry"><dataSource>\n jdbc/WSO2CarbonDB </dataSource></dbConfig>' }],
    ['user-mgt.xml', { xpath: '/UserManager/Realm/Configuration/AdminUser/UserName', value: 'admin' }],
    ['catalina-server.xml', { xpath: "//Connector[@port='9443']", attribute: 'scheme', value: 'https' }],
    ['master-datasources.xml', { xpath: '//jndiConfig/name', value: 'jdbc/WSO2CarbonDB' }],
    ['no-final-newline.xml', { xpath: '/Server/Name', value: 'Data Analytics Server' }],
  ];
  it.each(noops)('%s: nothing to change leaves bytes and mtime alone (%j)', async (fixture, args) => {
    const path = copyFixture(fixture);
    const run = await runXml({ path, ...args });
    expect(run.result.status, run.result.msg).toBe('ok');
    expect(run.after.equals(run.before)).toBe(true);
    expect([run.mtimeChanged, run.writes]).toEqual([false, 0]);
  });

  it('check mode reports the change and its real diff without writing', async () => {
    const path = copyFixture('axis2.xml');
    const run = await runXml({ path, xpath: '/axisconfig/clustering', attribute: 'enable', value: true }, { check: true });
    expect(run.result.status).toBe('changed');
    expect(run.result.diff?.[0].after).toContain('enable="true">');
    expect([run.writes, run.after.equals(run.before)]).toEqual([0, true]);
  });

  it('backup keeps the old bytes', async () => {
    const path = copyFixture('carbon.xml');
    const run = await runXml({ path, xpath: '/Server/Ports/Offset', value: 4, backup: true });
    const backup = String(run.result.data?.backup_file);
    expect(readFileSync(backup).equals(run.before)).toBe(true);
  });

  it('count and print_match report without changing', async () => {
    const path = copyFixture('user-mgt.xml');
    const run = await runXml({ path, xpath: "//Property[@name='MaxUserNameListLength']", print_match: true, count: true });
    expect(run.result.status).toBe('ok');
    expect(run.result.data).toMatchObject({ count: 2, matched: ['<Property name="MaxUserNameListLength">100</Property>', '<Property name="MaxUserNameListLength">100</Property>'] });
    expect(run.writes).toBe(0);
  });

  it('a fragment that differs replaces the element in place, re-indented', async () => {
    const path = copyFixture('registry.xml');
    const run = await runXml({ path, xpath: "/wso2registry/dbConfig[@name='wso2registry']", fragment: '<dbConfig name="wso2registry">\n  <dataSource>jdbc/Other</dataSource>\n</dbConfig>' });
    const after = run.after.toString();
    expect(after).toBe(run.before.toString().replace('<dataSource>jdbc/WSO2CarbonDB</dataSource>', '<dataSource>jdbc/Other</dataSource>').replace('        <dataSource>jdbc/Other', '      <dataSource>jdbc/Other'));
  });
});

describe('xml module: elements built from data, edits from a rendered JSON list', () => {
  const secret = 'a&b<c>"d\'e';
  const dsFragment = { datasource: [{ name: 'DS1' }, { definition: { type: 'RDBMS', _: [{ configuration: [{ url: 'jdbc:mysql://h/db?x=1&y=2' }, { password: secret }] }] } }] };

  it('a fragment given as data is escaped by construction and reads back as given; a second run changes nothing', async () => {
    const path = copyFixture('master-datasources.xml');
    const args = { path, xpath: "/datasources-configuration/datasources/datasource[name='DS1']", fragment: dsFragment };
    const run = await runXml(args);
    expect(run.result.status).toBe('changed');
    const doc = parseXml(run.after.toString());
    const text = (xp: string) => evaluateXPath(parseXPath(xp), { doc, namespaces: {} }).map((n) => stringValueOf(n));
    expect(text("//datasource[name='DS1']//password")).toEqual([secret]);
    expect(text("//datasource[name='DS1']//url")).toEqual(['jdbc:mysql://h/db?x=1&y=2']);
    expect((await runXml(args)).result.status).toBe('ok');
  });

  it('edits given as the JSON list a template renders: all applied in one write, or none when one fails', async () => {
    const path = copyFixture('master-datasources.xml');
    const good = { xpath: "/datasources-configuration/datasources/datasource[name='DS1']", fragment: dsFragment };
    const gone = { xpath: "/datasources-configuration/datasources/datasource[name='WSO2_CARBON_DB']", state: 'absent' };
    const run = await runXml({ path, edits: JSON.stringify([good, gone]) });
    expect(run.result.status).toBe('changed');
    expect(run.writes).toBe(1);
    expect(run.after.toString()).not.toContain('<name>WSO2_CARBON_DB</name>');
    const path2 = copyFixture('master-datasources.xml');
    const failed = await runXml({ path: path2, edits: JSON.stringify([gone, good, { xpath: '/datasources-configuration/[', value: 1 }]) });
    expect(failed.result.status).toBe('failed');
    expect(failed.writes).toBe(0);
  });

  it.each([
    ['not JSON', '[{"xpath": ', /a string that is not JSON/],
    ['not a list of mappings', '["a"]', /a JSON list of mappings/],
  ])('a rendered edits string that is %s fails without echoing it', async (_what, edits, re) => {
    const run = await runXml({ path: copyFixture('registry.xml'), edits });
    expect(run.result.status).toBe('failed');
    expect(run.result.msg).toMatch(re);
    expect(run.result.msg).not.toContain(edits);
  });
});

describe('xml module: arguments checked at load time', () => {
  const bad: [Record<string, unknown>, string][] = [
    [{ path: 'a.xml', xpath: '/a[', value: 1 }, 'invalid XPath "/a[" at column 4: expected an expression, got the end'],
    [{ path: 'a.xml', xpath: '/a', attribute: 'x' }, 'attribute needs a value (or state: absent)'],
    [{ path: 'a.xml', xpath: '/a', ensure: 'present' }, 'ensure goes with fragment'],
    [{ path: 'a.xml', xpath: '/a', edits: [{ xpath: '/b', value: 1 }] }, 'expected either edits or xpath at the top level, got both'],
    [{ path: 'a.xml', edits: [{ xpath: '/b', value: 1 }, { xpath: '/c]', value: 1 }] }, 'edits[1]: invalid XPath "/c]" at column 3: unexpected "]"'],
    [{ path: 'a.xml', value: 1 }, 'expected an xpath'],
  ];
  it.each(bad)('%j', (args, message) => {
    expect(validateArgs(xml.schema, args).map((i) => i.message)).toContain(message);
  });

  it('count and print_match with edits are refused (they report on one XPath)', () => {
    const messages = validateArgs(xml.schema, { path: 'a.xml', count: true, print_match: true, edits: [{ xpath: '/a' }, { xpath: '/b' }] }).map((i) => i.message);
    expect(messages).toContain('expected count and print_match with one xpath at the top level, got edits (they report on one XPath and change nothing)');
    expect(validateArgs(xml.schema, { path: 'a.xml', count: true, edits: [{ xpath: '/a' }] }).map((i) => i.message)).toContain(
      'expected count with one xpath at the top level, got edits (they report on one XPath and change nothing)',
    );
  });

  it('templated values are left for run time', () => {
    expect(validateArgs(xml.schema, { path: 'a.xml', xpath: '{{ xp }}', value: '{{ v }}' })).toEqual([]);
  });
});

describe('xml module: errors leave the file untouched', () => {
  const errors: [string, string, Record<string, unknown>, RegExp][] = [
    ['invalid XPath', 'carbon.xml', { xpath: '/Server/[', value: 1 }, /invalid XPath "\/Server\/\[" at column 9/],
    ['unknown prefix', 'carbon.xml', { xpath: '/c:Server', value: 1 }, /prefix "c" is not in namespaces/],
    ['two operations', 'carbon.xml', { xpath: '/Server', value: 1, fragment: '<a/>' }, /expected one of value, add_children, set_children, fragment/],
    ['text of an element with children', 'carbon.xml', { xpath: '/Server/Ports', value: 1 }, /has child elements/],
    ['not creatable path', 'carbon.xml', { xpath: '//Nope', value: 1 }, /cannot create/],
    ['fragment not matching its xpath', 'registry.xml', { xpath: "/wso2registry/mount[@path='/a']", fragment: '<mount path="/b"/>' }, /does not match its own xpath/],
    ['malformed fragment', 'registry.xml', { xpath: '/wso2registry/x', fragment: '<x><y></x>' }, /fragment:1:\d+: expected <\/y>/],
  ];
  it.each(errors)('%s', async (_n, fixture, args, msg) => {
    const path = copyFixture(fixture);
    const run = await runXml({ path, ...args });
    expect(run.result.status).toBe('failed');
    expect(run.result.msg).toMatch(msg);
    // Every error names the file first, as a parse error does (`path:line:col: ...`).
    expect(run.result.msg?.startsWith(`${path}: `), run.result.msg).toBe(true);
    expect([run.writes, run.after.equals(run.before)]).toEqual([0, true]);
  });

  it('a missing file is an error', async () => {
    const conn = createFsConnection();
    const result = await executeModule(xml, { path: join(dirname(copyFixture('carbon.xml')), 'nope.xml'), xpath: '/a', value: 1 }, createTestContext(conn));
    expect([result.status, result.msg]).toEqual(['failed', expect.stringMatching(/expected an XML file at .*nope\.xml, got none/)]);
  });

  it('a malformed file is an error naming the file, line and column', async () => {
    const path = copyFixture('carbon.xml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, '<Server>\n  <Ports>\n    <Offset>0</Ofset>\n  </Ports>\n</Server>\n');
    const run = await runXml({ path, xpath: '/Server/Ports/Offset', value: 1 });
    expect(run.result.status).toBe('failed');
    expect(run.result.msg).toBe(`${path}:3:14: expected </Offset>, got </Ofset> (XML is not well-formed)`);
    expect(run.after.equals(run.before)).toBe(true);
  });
});

describe('xml module: setting a value keeps comments inside the element', () => {
  const cases: [string, string, string][] = [
    ['<r><a><!-- c --></a></r>\n', 'x', '<r><a><!-- c -->x</a></r>\n'],
    ['<r><a>old<!-- c --></a></r>\n', 'x', '<r><a>x<!-- c --></a></r>\n'],
    ['<r>\n  <a>\n    <!-- c -->\n  </a>\n</r>\n', 'a&b', '<r>\n  <a><!-- c -->a&amp;b</a>\n</r>\n'],
    ['<r><a><!-- c -->old<?pi x?>more</a></r>\n', 'x', '<r><a><!-- c -->x<?pi x?></a></r>\n'],
    ['<r><a><!-- c --><![CDATA[old]]></a></r>\n', '', '<r><a><!-- c --></a></r>\n'],
  ];
  it.each(cases)('%j ← %j', async (input, value, output) => {
    const dir = makeTempDir('xml-comment-');
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'a.xml');
    writeFileSync(path, input);
    const first = await runXml({ path, xpath: '/r/a', value });
    expect(first.result.status, first.result.msg).toBe('changed');
    expect(first.after.toString()).toBe(output);
    const second = await runXml({ path, xpath: '/r/a', value });
    expect(second.result.status, second.result.msg).toBe('ok');
  });

  it('an empty value on an element holding only a comment is already as wanted', async () => {
    const dir = makeTempDir('xml-comment-');
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'a.xml');
    writeFileSync(path, '<r><a><!-- c --></a></r>');
    const run = await runXml({ path, xpath: '/r/a', value: '' });
    expect([run.result.status, run.writes]).toEqual(['ok', 0]);
  });
});
