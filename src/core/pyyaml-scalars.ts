// Ansible reads YAML with PyYAML (YAML 1.1): the plain scalars that are booleans, numbers and strings there are so here.
import type { ScalarTag, Tags } from 'yaml';

const PY_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const PY_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
/** PyYAML's decimal int: no leading zero (`09` is a string there; `0755` is octal, the yaml package's own tag). */
const PY_DECIMAL = /^[-+]?(?:0|[1-9][0-9_]*)$/;
/** PyYAML's float: a dot is required (`1e3` is a string), an exponent is signed (`1.0e3` is a string). */
const PY_FLOAT = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)$/;
const PY_FLOAT_EXP = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)[eE][-+][0-9]+$/;

const INT = 'tag:yaml.org,2002:int';
const FLOAT = 'tag:yaml.org,2002:float';

/** Python's ints have no -0: `-0` and `-00` are 0 there. */
function noNegativeZero(t: ScalarTag): ScalarTag {
  const resolve = t.resolve;
  return { ...t, resolve: (value, onError, options) => {
    const v = resolve(value, onError, options);
    return Object.is(v, -0) ? 0 : v;
  } };
}

/**
 * The yaml package's YAML 1.1 tags made PyYAML's: yes/no/on/off are booleans but y/n are not; `09`, `1e3`, `1.0e3`
 * and `+.5` are strings; timestamps stay strings (PyYAML makes dates of them, which print as written for a date;
 * see the README). Octal `0755` (493), `0b101`, `0x1F`, `1_000`, `1:20` (80) are numbers, as in PyYAML.
 */
function withPyYamlScalars(tags: Tags): Tags {
  const out: Tags = [];
  for (const t of tags) {
    if (typeof t !== 'object' || !('test' in t) || !t.test) {
      out.push(t);
      continue;
    }
    if (t.tag === 'tag:yaml.org,2002:timestamp') continue;
    // YAML 1.1 has a tag for each boolean value.
    if (t.tag === 'tag:yaml.org,2002:bool') out.push({ ...t, test: t.test.test('true') ? PY_TRUE : PY_FALSE });
    else if (t.tag === INT) out.push(noNegativeZero(!t.format && t.test.test('10') ? { ...t, test: PY_DECIMAL } : (t as ScalarTag)));
    else if (t.tag === FLOAT && t.format === 'EXP') out.push({ ...t, test: PY_FLOAT_EXP });
    else if (t.tag === FLOAT && !t.format && t.test.test('1.5')) out.push({ ...t, test: PY_FLOAT });
    else out.push(t);
  }
  return out;
}

/** Options for yaml's parse/parseDocument that read YAML as Ansible's PyYAML does, with `extra` tags (`!vault`). */
export function pyYamlOptions(extra: Tags = []): { version: '1.1'; customTags: (tags: Tags) => Tags } {
  return { version: '1.1', customTags: (tags) => [...withPyYamlScalars(tags), ...extra] };
}

export const PYYAML_OPTIONS = pyYamlOptions();
