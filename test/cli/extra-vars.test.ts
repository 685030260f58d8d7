// -e @file with broken YAML: one line that names the file and the place, without yaml's code frame.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseExtraVars } from '../../src/cli/extra-vars.js';
import { makeTempDir } from '../helpers/temp-dir.js';

it('a syntax error in an @file is one line with its line and column', async () => {
  const dir = makeTempDir('cp-ev-bad-');
  writeFileSync(join(dir, 'bad.yml'), 'a: 1\na: 2\n');
  const err = await parseExtraVars(['@bad.yml'], dir).catch((e: Error) => e);
  expect(err).toBeInstanceOf(Error);
  const message = (err as Error).message;
  expect(message).toMatch(/bad\.yml: expected YAML or JSON, got a syntax error: .*unique.* at line 2, column 1$/);
  expect(message).not.toContain('\n');
});
