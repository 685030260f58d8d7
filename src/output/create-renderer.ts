// Picks the renderer: --json, else the live view on a terminal, else plain lines.
import { createJsonRenderer } from './json.js';
import { createLiveRenderer } from './live.js';
import { createPlainRenderer } from './plain.js';
import type { RenderOptions, Renderer } from './types.js';

export type OutputMode = 'json' | 'live' | 'plain';

export function chooseOutputMode(json: boolean, isTTY: boolean): OutputMode {
  return json ? 'json' : isTTY ? 'live' : 'plain';
}

export function createRenderer(mode: OutputMode, o: RenderOptions): Renderer {
  if (mode === 'json') return createJsonRenderer(o);
  if (mode === 'live') return createLiveRenderer({ ...o, columns: () => process.stdout.columns || 80, color: !process.env.NO_COLOR });
  return createPlainRenderer(o);
}
