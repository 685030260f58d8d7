// Templating ({{ }} with handlebars) and Ansible-style conditions: the public surface of src/template.

export type { Scope } from './values.js';
export { markUnsafe } from './values.js';
export { checkTemplate } from './hbs-parse.js';
export { checkExpression, evaluateCondition, evaluateExpression } from './expression.js';
export { isTemplated, renderString, renderValue } from './render.js';
