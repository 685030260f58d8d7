// The one public entry for programmatic use: run playbooks, render events, and the shapes they use.
export { runPlaybook, exitCodeOf } from './runner/run-playbook.js';
export type { RunPlaybookOptions, RunSummary } from './runner/options.js';
export type { RunnerEvent, RunnerEventType, EventSink, HostStats, HostStatus } from './runner/events.js';
export { createRenderer, chooseOutputMode } from './output/create-renderer.js';
export type { OutputMode } from './output/create-renderer.js';
export type { Renderer, RenderOptions } from './output/types.js';
export { formatRecap, formatRecapLine } from './output/recap.js';
export { runCli } from './cli/run-cli.js';
export { loadInventory } from './inventory/load-inventory.js';
export type { Inventory } from './inventory/types.js';
export type { Playbook, PlayNode, TaskNode, BlockNode } from './playbook/types.js';
export { CarbonPlayError, ErrorList, ExitCode } from './core/errors.js';
export type { ErrorInfo, ErrorContext, ErrorKind } from './core/errors.js';
export { createConnectionFactory } from './connection/factory.js';
