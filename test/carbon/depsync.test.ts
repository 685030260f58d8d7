// carbon.xml DeploymentSynchronizer settings Carbon 4.4's synchronizer rejects at start, and the lines it logs.
import { describe, expect, it } from 'vitest';
import { checkDeploymentSynchronizer } from '../../sandbox/carbon/server/depsync.js';
import { parseXml } from '../../sandbox/carbon/server/xml.js';

const COMPONENT = 'DeploymentSynchronizerComponent: Error while initializing a deployment synchronizer for the super tenant Carbon repository';
const EXC = 'org.wso2.carbon.deployment.synchronizer.DeploymentSynchronizerException';

function carbon(inner: string | undefined): string {
  const block = inner === undefined ? '' : `<DeploymentSynchronizer>${inner}</DeploymentSynchronizer>`;
  return `<Server xmlns="http://wso2.org/projects/carbon/carbon.xml"><Ports><Offset>0</Offset></Ports>${block}</Server>`;
}

/** Findings as "Component: message" plus their exception lines, for compact expectations. */
function run(inner: string | undefined): string[] {
  return checkDeploymentSynchronizer(parseXml(carbon(inner))).flatMap((f) => [`${f.component}: ${f.msg}`, ...(f.exception ?? [])]);
}

describe('checkDeploymentSynchronizer', () => {
  const ok: { name: string; inner: string | undefined }[] = [
    { name: 'no block at all', inner: undefined },
    { name: 'disabled, whatever else it says', inner: '<Enabled>false</Enabled><RepositoryType>registry</RepositoryType>' },
    { name: 'not explicitly true', inner: '<Enabled>on</Enabled>' },
    { name: 'SVN with a URL, auto-commit', inner: '<Enabled>true</Enabled><AutoCommit>true</AutoCommit><AutoCheckout>true</AutoCheckout><RepositoryType>svn</RepositoryType><SvnUrl>http://svn.example.com/repos/</SvnUrl>' },
    { name: '"yes" is true; svn+ssh', inner: '<Enabled>yes</Enabled><RepositoryType>svn</RepositoryType><SvnUrl>svn+ssh://svn/repo</SvnUrl>' },
  ];
  it.each(ok)('accepts: $name', ({ inner }) => {
    expect(run(inner)).toEqual([]);
  });

  const bad: { name: string; inner: string; want: string[] }[] = [
    { name: 'a repository type no installed bundle provides', inner: '<Enabled>true</Enabled><RepositoryType>registry</RepositoryType><SvnUrl>http://x/</SvnUrl>',
      want: [COMPONENT, `${EXC}: No Repository found for type registry`] },
    { name: 'carbon.xml\'s "registry based" sample: no RepositoryType means registry, which 4.4 no longer ships', inner: '<Enabled>true</Enabled><AutoCommit>false</AutoCommit><AutoCheckout>true</AutoCheckout>',
      want: [COMPONENT, `${EXC}: No Repository found for type registry`] },
    { name: 'no SvnUrl', inner: '<Enabled>true</Enabled><AutoCheckout>true</AutoCheckout><RepositoryType>svn</RepositoryType>',
      want: ['SVNBasedArtifactRepository: SVN URL must be specified for the SVN based deployment synchronizer', COMPONENT, `${EXC}: SVN URL must be specified for the SVN based deployment synchronizer`] },
    { name: 'an SvnUrl with no protocol SVN knows, tenant id appended', inner: '<Enabled>1</Enabled><RepositoryType>svn</RepositoryType><SvnUrl>rsync://host/repo</SvnUrl><SvnUrlAppendTenantId>true</SvnUrlAppendTenantId>',
      want: ['SVNBasedArtifactRepository: Provided SVN URL is malformed: rsync://host/repo/-1234', 'java.net.MalformedURLException: Invalid svn url: rsync://host/repo/-1234',
        COMPONENT, `${EXC}: Provided SVN URL is malformed: rsync://host/repo/-1234\nCaused by: java.net.MalformedURLException: Invalid svn url: rsync://host/repo/-1234`] },
  ];
  it.each(bad)('rejects: $name', ({ inner, want }) => {
    expect(run(inner)).toEqual(want);
  });
});
