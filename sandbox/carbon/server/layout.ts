// Where a pack keeps things (Carbon 4.4 layout or EI 6.x's top-level conf/ and lib/) and the -D options given.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface Layout {
  home: string;
  conf: string;
  lib: string;
  logs: string;
  deployment: string;
  dbscripts: string;
}

export function resolveLayout(home: string): Layout {
  const ei = existsSync(join(home, 'conf', 'carbon.xml'));
  return {
    home,
    conf: ei ? join(home, 'conf') : join(home, 'repository', 'conf'),
    lib: ei ? join(home, 'lib') : join(home, 'repository', 'components', 'lib'),
    logs: join(home, 'repository', 'logs'),
    deployment: join(home, 'repository', 'deployment', 'server'),
    dbscripts: join(home, 'dbscripts'),
  };
}

export interface StartOptions {
  setup: boolean;
  workerNode: boolean;
  portOffset?: number;
  /** Every -Dkey=value seen, from the command line and JAVA_OPTS. */
  props: Record<string, string>;
}

/** Reads -D options from JAVA_OPTS first, then the command line (the later one wins, as with the JVM). */
export function parseStartOptions(argv: string[], javaOpts = ''): StartOptions {
  const props: Record<string, string> = {};
  for (const a of [...javaOpts.split(/\s+/), ...argv]) {
    const m = /^-D([^=]+)(?:=(.*))?$/.exec(a);
    if (m) props[m[1]] = m[2] ?? 'true';
  }
  const offset = props.portOffset;
  if (offset !== undefined && !/^\d+$/.test(offset)) throw new Error(`-DportOffset expects a number, got '${offset}'`);
  return {
    setup: 'setup' in props && props.setup !== 'false',
    workerNode: props.workerNode === 'true',
    portOffset: offset === undefined ? undefined : Number(offset),
    props,
  };
}
