import { expect, it } from 'vitest';
import * as api from '../src/index.js';

it('pins the public entry', () => {
  expect(Object.keys(api).sort()).toEqual([
    'CarbonPlayError', 'ErrorList', 'ExitCode', 'chooseOutputMode', 'createConnectionFactory', 'createRenderer', 'exitCodeOf',
    'formatRecap', 'formatRecapLine', 'loadInventory', 'runCli', 'runPlaybook',
  ]);
});
