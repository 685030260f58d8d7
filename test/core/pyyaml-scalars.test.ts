// Plain scalars read as PyYAML's SafeLoader reads them (Ansible's YAML): each one parsed by both, type and value compared.
// Timestamps are the one known difference (PyYAML makes dates of them, they stay text here; see the README).
import { execFileSync, spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PYYAML_OPTIONS } from '../../src/core/pyyaml-scalars.js';

const hasPyYaml = spawnSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' }).status === 0;

const SCALARS = [
  // booleans: three cases of yes/no/on/off/true/false; y and n are text
  'yes', 'Yes', 'YES', 'no', 'On', 'OFF', 'true', 'False', 'y', 'n', 'Y',
  // ints: octal, hex, binary, underscores, sexagesimal, signs; 09 is text (neither decimal nor octal there)
  '0755', '0644', '-0755', '755', '0', '00', '-0', '+12', '09', '08', '0x1F', '0x1_F', '0b101', '1_000', '0_7', '012_3', '1:20', '190:20:30', '-1:20', '0o17', '0x', '0b',
  // floats: a dot is needed, an exponent is signed
  '1.5', '.5', '1.', '0.', '1_0.5', '1.0e+3', '1.5E-3', '.5e+1', '1e3', '1.0e3', '+.5', '-.5', '.', '1:20.5', '.inf', '-.Inf', '.nan', '.NaN',
  // null and text
  '~', 'null', 'Null', 'NULL', 'nul', '0755a', '1.2.3',
];

/** type name and a comparable value, as Python sees it */
function pyRead(doc: string): Record<string, [string, unknown]> {
  const script = [
    'import yaml, sys, json, math',
    'd = yaml.load(sys.stdin.read(), Loader=yaml.SafeLoader)',
    'out = {}',
    'for k, v in d.items():',
    '    t = type(v).__name__',
    "    out[k] = [t, ('nan' if math.isnan(v) else ('inf' if v > 0 else '-inf')) if t == 'float' and (math.isnan(v) or math.isinf(v)) else v]",
    'print(json.dumps(out, default=str))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script], { input: doc, encoding: 'utf8' })) as Record<string, [string, unknown]>;
}

function ourRead(doc: string): Record<string, [string, unknown]> {
  const d = parse(doc, PYYAML_OPTIONS) as Record<string, unknown>;
  const out: Record<string, [string, unknown]> = {};
  for (const [k, v] of Object.entries(d)) {
    if (v === null) out[k] = ['NoneType', null];
    else if (typeof v === 'boolean') out[k] = ['bool', v];
    else if (typeof v === 'string') out[k] = ['str', v];
    else if (typeof v === 'number' && !Number.isFinite(v)) out[k] = ['float', Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf'];
    // The written form says int or float: PyYAML's float needs a dot (or is .inf/.nan), its int never has one.
    else out[k] = [/[.]/.test(doc.split('\n').find((l) => l.startsWith(`${k}: `))!.slice(k.length + 2)) ? 'float' : 'int', v];
  }
  return out;
}

describe.skipIf(!hasPyYaml)('plain scalars, against PyYAML', () => {
  const doc = SCALARS.map((s, i) => `k${i}: ${s}`).join('\n') + '\n';
  const theirs = pyRead(doc);
  const ours = ourRead(doc);
  it.each(SCALARS.map((s, i) => [s, `k${i}`]))('%s', (_s, key) => {
    expect(ours[key]).toEqual(theirs[key]);
  });

  it('timestamps stay text here (PyYAML: a date and a datetime)', () => {
    const t = pyRead('d: 2024-01-01\nt: 2001-12-14t21:59:43.10-05:00\n');
    expect([t.d![0], t.t![0]]).toEqual(['date', 'datetime']);
    expect(ourRead('d: 2024-01-01\nt: 2001-12-14t21:59:43.10-05:00\n')).toEqual({ d: ['str', '2024-01-01'], t: ['str', '2001-12-14t21:59:43.10-05:00'] });
  });
});
