// Templating: Jinja for `{{ }}`, conditions and template files (handlebars only for `.hbs` files). The public surface of src/template.

export type { Scope } from './values.js';
export { markUnsafe } from './values.js';
export { checkTemplate } from './hbs-parse.js';
export { checkJinja, checkTemplateFile, renderTemplateFile } from './jinja.js';
export { checkExpression, evaluateCondition, evaluateExpression } from './expression.js';
export { removeOmitted } from './functions.js';
export { checkValue, isTemplated, renderFile, renderString, renderText, renderValue } from './render.js';
