// Picks the renderer: --json, else listr2 on a terminal, else plain lines.
import { createJsonRenderer } from './json.js';
import { createListrRenderer } from './listr.js';
import { createPlainRenderer } from './plain.js';
import type { RenderOptions, Renderer } from './types.js';

export type OutputMode = 'json' | 'listr' | 'plain';

export function chooseOutputMode(json: boolean, isTTY: boolean): OutputMode {
  return json ? 'json' : isTTY ? 'listr' : 'plain';
}

export function createRenderer(mode: OutputMode, o: RenderOptions): Renderer {
  if (mode === 'json') return createJsonRenderer(o);
  if (mode === 'listr') return createListrRenderer(o);
  return createPlainRenderer(o);
}
