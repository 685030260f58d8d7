// Pins the public surface of src/template.

import { expect, test } from 'vitest';
import * as template from '../../src/template/index.js';

test('the public surface is exactly these functions', () => {
  expect(Object.keys(template).sort()).toStrictEqual([
    'checkExpression',
    'checkJinja',
    'checkTemplate',
    'checkTemplateFile',
    'checkValue',
    'evaluateCondition',
    'evaluateExpression',
    'isTemplated',
    'markUnsafe',
    'removeOmitted',
    'renderFile',
    'renderString',
    'renderTemplateFile',
    'renderText',
    'renderValue',
  ]);
});
