// Benchmark: 15 edits to a CRLF axis2.xml padded to >= 50 KB, in one task (one parse per changing edit), CPU ms. Target < 20 ms.
// Run from the project root (Node 20 has no type stripping, so compile first):
//   npx tsc --module nodenext --moduleResolution nodenext --target es2022 --types node --skipLibCheck --outDir /tmp/carbon-bench bench/xml-edit.ts && node /tmp/carbon-bench/bench/xml-edit.js
import { readFileSync } from 'node:fs';
import { editXmlBytes } from '../src/xml/edit-document.js';
import { toXmlEdit } from '../src/xml/edit-spec.js';

/**
 * The fixture (~47 KB) padded to at least 50 KB, as the issue asks, with what the real kernel file has more of:
 * commented-out sample blocks and transport senders, CRLF like the rest, before the root's end tag.
 */
function padded(min: number): Buffer {
  const text = readFileSync('test/fixtures/xml/axis2.xml', 'utf8');
  const end = text.lastIndexOf('</axisconfig>');
  let pad = '';
  for (let i = 0; text.length + pad.length < min; i++) {
    pad += `    <!--\r\n    <transportSender name="sample${i}" class="org.apache.axis2.transport.sample.SampleSender${i}">\r\n` +
      `        <parameter name="PROTOCOL">HTTP/1.1</parameter>\r\n    </transportSender>\r\n    -->\r\n` +
      `    <transportSender name="pad${i}" class="org.apache.synapse.transport.passthru.PassThroughHttpSender">\r\n` +
      `        <parameter name="non-blocking" locked="false">true</parameter>\r\n        <parameter name="cacheHttpClient">true</parameter>\r\n    </transportSender>\r\n`;
  }
  return Buffer.from(text.slice(0, end) + pad + text.slice(end), 'utf8');
}

const bytes = padded(50 * 1024);
const p = (name: string) => `/axisconfig/clustering/parameter[@name='${name}']`;
const args: Record<string, unknown>[] = [
  { xpath: '/axisconfig/clustering', attribute: 'enable', value: 'true' },
  { xpath: p('membershipScheme'), value: 'wka' },
  { xpath: p('domain'), value: 'wso2.as.domain' },
  { xpath: p('localMemberHost'), value: '10.0.0.11' },
  { xpath: p('localMemberPort'), value: '4100' },
  { xpath: p('mcastPort'), value: '45600' },
  { xpath: p('memberJoinTimeout'), value: '30' },
  { xpath: `${p('properties')}/property[@name='subDomain']`, attribute: 'value', value: 'mgt' },
  { xpath: `${p('properties')}/property[@name='backendServerURL']`, attribute: 'value', value: 'https://as.example.org:9443/services/' },
  {
    xpath: '/axisconfig/clustering/members',
    set_children: [
      { member: { _: [{ hostName: '10.0.0.11' }, { port: '4100' }] } },
      { member: { _: [{ hostName: '10.0.0.12' }, { port: '4100' }] } },
    ],
  },
  { xpath: '/axisconfig/clustering/groupManagement', attribute: 'enable', value: 'true' },
  { xpath: "/axisconfig/transportReceiver[@name='http']/parameter[@name='port']", value: '9764' },
  { xpath: "/axisconfig/transportReceiver[@name='https']/parameter[@name='port']", value: '9444' },
  { xpath: "/axisconfig/parameter[@name='hotupdate']", value: 'true' },
  { xpath: "//module[@ref='feature7']", state: 'absent' },
];

function runOnce(): { ms: number; changed: boolean } {
  const t0 = process.cpuUsage();
  const edits = args.map((a, i) => toXmlEdit({ state: 'present', input_type: 'yaml', ...a }, `edits[${i}]`));
  const r = editXmlBytes(bytes, 'axis2.xml', edits, {});
  const t = process.cpuUsage(t0);
  return { ms: (t.user + t.system) / 1000, changed: r.bytes !== null && r.matches.length === 15 };
}

const cold = runOnce();
const warm: number[] = [];
for (let i = 0; i < 50; i++) warm.push(runOnce().ms);
warm.sort((a, b) => a - b);
console.log(`xml-edit: 15 edits to a ${(bytes.length / 1024).toFixed(1)} KB axis2.xml: first run ${cold.ms.toFixed(1)} ms CPU, warm median ${warm[25].toFixed(2)} ms CPU (target < 20 ms)${cold.changed ? '' : ' — EDITS DID NOT APPLY'}`);
