// Everything the runner reports, as one discriminated union; renderers are tables keyed by `type`.
import type { ErrorInfo, SourceLocation } from '../core/errors.js';
import type { FileDiff, ResultStatus } from '../modules/types.js';

export type HostStatus = ResultStatus | 'unreachable';

export interface HostStats {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export type RunnerEvent =
  | { type: 'playbook_start'; file: string; check: boolean; diff: boolean }
  | { type: 'play_start'; name: string; hosts: string[]; loc: SourceLocation; /** Tasks each batch will run (tags applied; handlers not counted). */ tasks?: number }
  | { type: 'batch_start'; hosts: string[]; index: number; count: number }
  | { type: 'task_start'; id: string; name: string; module: string; role?: string; handler: boolean; loc: SourceLocation; hosts: string[] }
  | { type: 'host_start'; taskId: string; host: string }
  | {
      type: 'host_result';
      taskId: string;
      task: string;
      host: string;
      status: HostStatus;
      /** Loop item label, when the task loops. */
      item?: string;
      msg?: string;
      /** A failed or unreachable result's error: kind, message and where (loc, host, task, module). */
      error?: ErrorInfo;
      delegatedTo?: string;
      ignored?: boolean;
      diff?: FileDiff[];
      /** The registered result, secrets redacted. */
      result: Record<string, unknown>;
      durationMs: number;
    }
  | { type: 'task_end'; taskId: string }
  | { type: 'warning'; message: string; host?: string; /** When the warning is an error the run went on from. */ error?: ErrorInfo }
  | { type: 'play_end'; name: string }
  | { type: 'recap'; hosts: Record<string, HostStats>; durationMs: number; interrupted: boolean };

export type RunnerEventType = RunnerEvent['type'];
export type EventOf<T extends RunnerEventType> = Extract<RunnerEvent, { type: T }>;
export type EventSink = (event: RunnerEvent) => void;
