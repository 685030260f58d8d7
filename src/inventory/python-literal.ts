// Types an INI inventory value as Ansible does: Python's ast.literal_eval, falling back to the raw string.

export type PyValue = string | number | boolean | null | PyValue[] | { [k: string]: PyValue };

const NO = Symbol('not-a-literal');

/** `5` → 5, `True` → true, `'a b'` → "a b", `[1, 2]` → [1, 2]; anything else stays the string it was. */
export function parsePythonLiteral(text: string): PyValue {
  const p = new LiteralParser(text.replace(/^[ \t]+/, ''));
  const value = p.parseTop();
  return value === NO ? text : value;
}

class LiteralParser {
  private i = 0;
  constructor(private readonly s: string) {}

  parseTop(): PyValue | typeof NO {
    this.ws();
    if (this.i >= this.s.length) return NO;
    const v = this.value();
    if (v === NO) return NO;
    this.ws();
    // Python source may end with a comment
    if (this.s[this.i] === '#') this.i = this.s.length;
    return this.i === this.s.length ? v : NO;
  }

  private ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i])) this.i++;
  }

  private value(): PyValue | typeof NO {
    const c = this.s[this.i];
    if (c === '[') return this.sequence(']');
    if (c === '(') return this.sequence(')');
    if (c === '{') return this.dict();
    if (c === "'" || c === '"') return this.strings();
    if ((c === 'u' || c === 'U') && (this.s[this.i + 1] === "'" || this.s[this.i + 1] === '"')) {
      this.i++;
      return this.strings();
    }
    if (c === '-' || c === '+') {
      this.i++;
      this.ws();
      const n = this.number();
      if (n === NO) return NO;
      return c === '-' ? -n : n;
    }
    const word = /^[A-Za-z_]\w*/.exec(this.s.slice(this.i));
    if (word) {
      const map: Record<string, PyValue> = { True: true, False: false, None: null };
      if (!(word[0] in map)) return NO;
      this.i += word[0].length;
      return map[word[0]];
    }
    return this.number();
  }

  private number(): number | typeof NO {
    const rest = this.s.slice(this.i);
    const m =
      /^0[xX](?:_?[0-9a-fA-F])+|^0[oO](?:_?[0-7])+|^0[bB](?:_?[01])+/.exec(rest) ??
      /^(?:\d(?:_?\d)*)?\.?(?:\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?/.exec(rest);
    if (!m || m[0] === '' || m[0] === '.' || /^[.]?[eE]/.test(m[0])) return NO;
    const t = m[0].replace(/_/g, '');
    // Python 3 rejects decimal integers with leading zeros (`01`)
    if (/^0\d+$/.test(t) && !/^0+$/.test(t)) return NO;
    if (/[A-Za-z_]/.test(rest[m[0].length] ?? '')) return NO;
    this.i += m[0].length;
    return Number(t); // Number() reads 0x/0o/0b as Python does
  }

  private strings(): string | typeof NO {
    // adjacent literals concatenate, as in Python
    let out = '';
    let first = true;
    for (;;) {
      const c = this.s[this.i];
      if (c !== "'" && c !== '"') return first ? NO : out;
      const s = this.string();
      if (s === NO) return NO;
      out += s;
      first = false;
      const save = this.i;
      this.ws();
      if (this.s[this.i] !== "'" && this.s[this.i] !== '"') {
        this.i = save;
        return out;
      }
    }
  }

  private string(): string | typeof NO {
    const q = this.s[this.i];
    const triple = this.s.startsWith(q.repeat(3), this.i);
    const close = triple ? q.repeat(3) : q;
    this.i += close.length;
    let out = '';
    while (this.i < this.s.length) {
      if (this.s.startsWith(close, this.i)) {
        this.i += close.length;
        return out;
      }
      const c = this.s[this.i];
      if (c === '\n' && !triple) return NO;
      if (c === '\\') {
        const e = this.s[this.i + 1];
        const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };
        if (e !== undefined && e in esc) {
          out += esc[e];
          this.i += 2;
          continue;
        }
        out += c; // unknown escapes stay as written
        this.i++;
        continue;
      }
      out += c;
      this.i++;
    }
    return NO;
  }

  private sequence(end: string): PyValue[] | typeof NO {
    this.i++;
    const items: PyValue[] = [];
    for (;;) {
      this.ws();
      if (this.s[this.i] === end) {
        this.i++;
        return items;
      }
      const v = this.value();
      if (v === NO) return NO;
      items.push(v);
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== end) return NO;
    }
  }

  private dict(): { [k: string]: PyValue } | typeof NO {
    this.i++;
    const out: { [k: string]: PyValue } = {};
    for (;;) {
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
      const k = this.value();
      if (k === NO || (typeof k === 'object' && k !== null)) return NO;
      this.ws();
      if (this.s[this.i] !== ':') return NO; // a set literal: not representable, keep the string
      this.i++;
      this.ws();
      const v = this.value();
      if (v === NO) return NO;
      out[k === null ? 'None' : k === true ? 'True' : k === false ? 'False' : String(k)] = v;
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') return NO;
    }
  }
}
