// What "true" and "false" mean, once: Ansible's boolean words (module_utils/parsing/convert_bool) for every reader.

/** Words (compared trimmed and lower-cased) that mean true; 1 and true mean true as values. */
export const TRUE_WORDS: ReadonlySet<string> = new Set(['y', 'yes', 'on', '1', 'true', 't']);
/** Words that mean false; 0 and false mean false as values. */
export const FALSE_WORDS: ReadonlySet<string> = new Set(['n', 'no', 'off', '0', 'false', 'f']);

/** true or false for a boolean-like value (a boolean, 1/0, or one of the words), undefined for anything else. */
export function parseBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v !== 'string') return undefined;
  const word = v.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

/** Lenient reading (Ansible's `boolean(v, strict=False)`): true only for the true values, false for anything else. */
export function toBool(v: unknown): boolean {
  return parseBool(v) === true;
}
