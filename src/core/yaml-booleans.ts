// Ansible reads YAML with PyYAML (YAML 1.1): a plain yes/no/on/off, in any of its three cases, is a boolean; y/n are not.
import { Scalar, type Tags } from 'yaml';

const PY_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const PY_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const PY_BOOL = /^(?:[Yy]es|YES|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF)$/;

/**
 * A schema's tags with PyYAML's booleans in place of its own: the yaml package's YAML 1.1 schema has a tag for each
 * value (and takes y/n as well), its 1.2 core schema one tag for both (true/false only). Everything else stays.
 */
export function withPyYamlBooleans(tags: Tags): Tags {
  return tags.map((t) => {
    if (typeof t !== 'object' || t.tag !== 'tag:yaml.org,2002:bool' || !('test' in t) || !t.test) return t;
    const forTrue = t.test.test('true');
    if (forTrue && t.test.test('false')) return { ...t, test: PY_BOOL, resolve: (s: string) => new Scalar(PY_TRUE.test(s)) };
    return { ...t, test: forTrue ? PY_TRUE : PY_FALSE };
  }) as Tags;
}
