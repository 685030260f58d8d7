// --json: one JSON object per event per line, nothing else on stdout.
import { batchWrites } from './batched-write.js';
import { dispatchTo, type EventHandlers, type RenderOptions, type Renderer } from './types.js';

export function createJsonRenderer(o: Pick<RenderOptions, 'write'>): Renderer {
  const out = batchWrites(o.write);
  const emit = (e: object) => out.write(JSON.stringify(e) + '\n');
  // Every kind is written as-is; the table still lists them so a new kind is a deliberate choice here.
  const handlers: EventHandlers = {
    playbook_start: emit, play_start: emit, batch_start: emit, task_start: emit, host_start: emit,
    host_result: emit, task_end: emit, warning: emit, play_end: emit, recap: emit,
  };
  return { sink: dispatchTo(handlers), done: async () => out.close() };
}
