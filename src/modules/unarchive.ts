// TEMPORARY placeholder: replaced by the real module.
import { placeholder } from './placeholder.js';

export const unarchive = placeholder('unarchive');
