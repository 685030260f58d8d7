// What every renderer is: a sink for runner events, a table of handlers keyed by event type, and a final flush.
import type { EventOf, EventSink, RunnerEventType } from '../runner/events.js';

export interface Renderer {
  sink: EventSink;
  /** Resolves once everything is written (the live view draws on a timer). */
  done(): Promise<void>;
}

export interface RenderOptions {
  write: (text: string) => void;
  verbosity: number;
  /** --diff: show diffs of host results. */
  diff: boolean;
}

/** A handler for every event kind: a renderer that forgets one does not compile. */
export type EventHandlers = { [K in RunnerEventType]: (event: EventOf<K>) => void };

export function dispatchTo(handlers: EventHandlers): EventSink {
  return (event) => (handlers[event.type] as (e: typeof event) => void)(event);
}
