// The one change a pack makes to WSO2's start script: the JVM it launches is the stand-in (standin/jre/bin/java).
import { CarbonPlayError } from '../../src/core/errors.js';
import { STANDIN_JAVA_HOME } from './standin-files.js';

/** Start scripts a Carbon 4.4 / 4.5 distribution launches the server with (EI 6.x: integrator.sh). */
export const START_SCRIPTS = ['bin/wso2server.sh', 'bin/integrator.sh'] as const;

/** The line inserted after the shebang; marked so a test can find it, and so a pack is never swapped twice. */
export const SWAP_MARK = '# carbon-play sandbox: the JVM below is the stand-in server';

/**
 * Inserts, after the first line, a JAVA_HOME pointing at the stand-in's "JVM" (and clears JAVACMD): every other line of
 * WSO2's script, its start/stop/restart/-D handling included, runs as shipped. `where` names the script in errors.
 */
export function swapJvmLaunch(script: Uint8Array, where: string): Uint8Array {
  const text = Buffer.from(script).toString('latin1');
  if (!text.startsWith('#!')) throw new CarbonPlayError('options', `--pack-from: ${where} is not a shell script (no #! line)`);
  if (!/\$\{?JAVA_HOME\b/.test(text) || !/\bJAVACMD\b/.test(text)) {
    throw new CarbonPlayError('options', `--pack-from: ${where} does not launch Java through JAVA_HOME/JAVACMD, so the stand-in cannot take the JVM's place`);
  }
  if (text.includes(SWAP_MARK)) throw new CarbonPlayError('options', `--pack-from: ${where} is already a carbon-play pack's script, not WSO2's`);
  const nl = text.indexOf('\n');
  const eol = nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
  const first = nl < 0 ? text + eol : text.slice(0, nl + 1);
  const line = `${SWAP_MARK}${eol}JAVA_HOME="$(cd "$(dirname "$0")/.." && pwd)/${STANDIN_JAVA_HOME}"; JAVACMD=""; export JAVA_HOME${eol}`;
  return Buffer.from(first + line + (nl < 0 ? '' : text.slice(nl + 1)), 'latin1');
}
