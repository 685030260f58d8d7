// carbon.xml's DeploymentSynchronizer read as carbon-commons' deployment synchronizer does at start; rejected settings are logged, not fatal.
import type { Logger } from './log.js';
import { textAt, type XmlElement } from './xml.js';

const EXCEPTION = 'org.wso2.carbon.deployment.synchronizer.DeploymentSynchronizerException';
/**
 * carbon-commons v4.4.9 (the 4.4 products' synchronizer) ships repository bundles for svn (and git, a separate feature
 * these products leave out); there is no registry repository any more, though `registry` is still
 * DeploymentSynchronizerConstants.DEFAULT_REPOSITORY_TYPE: carbon.xml's commented "registry based" sample, which has no
 * RepositoryType, fails with "No Repository found for type registry".
 */
const INSTALLED_TYPES = ['svn'];
const DEFAULT_TYPE = 'registry';
/** svnClientAdapter's SVNUrl accepts these protocols only. */
const SVN_PROTOCOLS = ['http', 'https', 'svn', 'svn+ssh', 'file'];

/** Axis2's JavaUtils.isTrueExplicitly for a string: "true", "1" or "yes". */
function isTrueExplicitly(v: string): boolean {
  return ['true', '1', 'yes'].includes(v.trim().toLowerCase());
}

export interface DepSyncFinding { component: string; msg: string; exception?: string[] }

/**
 * What the synchronizer logs at start (carbon-commons v4.4.9). CarbonRepositoryUtils.getDeploymentSyncConfigurationFromConf
 * reads DeploymentSynchronizer.Enabled (absent or not explicitly true: nothing happens), then RepositoryType (default registry)
 * and looks it up among the installed repositories ("No Repository found for type X"); SVNBasedArtifactRepository.init
 * needs SvnUrl ("SVN URL must be specified ...") and a URL SVNUrl can parse ("Provided SVN URL is malformed: URL",
 * with SvnUrlAppendTenantId=true appending the super tenant's id). Each failure is a DeploymentSynchronizerException
 * that DeploymentSynchronizerComponent.activate logs and swallows: the server starts without a synchronizer.
 */
export function checkDeploymentSynchronizer(carbon: XmlElement | undefined): DepSyncFinding[] {
  const get = (name: string) => textAt(carbon, 'DeploymentSynchronizer', name)?.trim();
  const enabled = get('Enabled');
  if (enabled === undefined || !isTrueExplicitly(enabled)) return [];
  const fail = (cause: string, own?: DepSyncFinding): DepSyncFinding[] => [
    ...(own ? [own] : []),
    { component: 'DeploymentSynchronizerComponent', msg: 'Error while initializing a deployment synchronizer for the super tenant Carbon repository', exception: [`${EXCEPTION}: ${cause}`] },
  ];
  const type = get('RepositoryType') || DEFAULT_TYPE;
  if (!INSTALLED_TYPES.includes(type)) return fail(`No Repository found for type ${type}`);
  let url = get('SvnUrl');
  if (!url) {
    const msg = 'SVN URL must be specified for the SVN based deployment synchronizer';
    return fail(msg, { component: 'SVNBasedArtifactRepository', msg });
  }
  // Boolean.valueOf of the parameter: absent is false.
  if (get('SvnUrlAppendTenantId')?.toLowerCase() === 'true') url = (url.endsWith('/') ? url : url + '/') + '-1234';
  const protocol = /^([a-z+]+):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (!protocol || !SVN_PROTOCOLS.includes(protocol)) {
    const msg = `Provided SVN URL is malformed: ${url}`;
    const why = `java.net.MalformedURLException: Invalid svn url: ${url}`;
    return fail(`${msg}\nCaused by: ${why}`, { component: 'SVNBasedArtifactRepository', msg, exception: [why] });
  }
  return [];
}

/** Logs the findings as Carbon does: ERROR lines, each with its exception under it. */
export function logDeploymentSynchronizer(findings: DepSyncFinding[], log: Logger): void {
  for (const f of findings) {
    log.error(f.component, f.msg);
    for (const line of f.exception ?? []) for (const l of line.split('\n')) log.raw(l);
  }
}
