// carbon_config's DeploymentSynchronizer: SVN with its URL and credentials (the password a secret); registry-based and LoadFromRegistry refused (Carbon 4.4 has neither); the trust-store fact.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedCounts, createPlayDir, read, runPlay, TEMPLATES, writeFiles } from './helpers.js';

const INVENTORY = 'localhost ansible_connection=local\n';

function carbonHome(dir: string): string {
  const home = join(dir, 'wso2as-5.3.0');
  writeFiles(home, {
    'repository/conf/carbon.xml': read(join(TEMPLATES, 'carbon.xml')),
    'repository/conf/tomcat/catalina-server.xml': read(join(TEMPLATES, 'catalina-server.xml')),
  });
  return home;
}

function site(home: string, vars: Record<string, unknown>): string {
  return JSON.stringify([{
    hosts: 'all', gather_facts: false,
    vars: { carbon_home: home, ...vars },
    roles: ['carbon_config'],
    tasks: [{ debug: { msg: 'trust store {{carbon_truststore_file}}' } }],
    handlers: [{ name: 'restart carbon', debug: { msg: 'restart requested' } }],
  }]);
}

const depsync = (xml: string) => xml.slice(xml.indexOf('<DeploymentSynchronizer>'), xml.indexOf('</DeploymentSynchronizer>'));

describe('carbon_config DeploymentSynchronizer', () => {
  it.each([
    { what: 'LoadFromRegistry', vars: { carbon_load_from_registry: true }, name: 'carbon_load_from_registry' },
    { what: 'a registry-based DeploymentSynchronizer', vars: { carbon_depsync_mode: 'checkout', carbon_depsync_repository_type: 'registry' }, name: 'carbon_depsync_repository_type registry' },
  ])('refuses $what (Carbon 4.4 has none), naming what works, with carbon.xml untouched', async (c) => {
    const dir = createPlayDir();
    const home = carbonHome(dir);
    const before = read(join(home, 'repository/conf/carbon.xml'));
    const run = await runPlay(dir, site(home, c.vars), INVENTORY);
    expect(run.code).toBe(2);
    expect(run.out).toContain(`${c.name}: Carbon 4.4 does not support it`);
    expect(run.out).toMatch(/depsync role \(rsync/);
    expect(read(join(home, 'repository/conf/carbon.xml'))).toBe(before);
  });

  it('a manager on SVN: auto-commit, the repository URL and credentials; the password never shows', async () => {
    const dir = createPlayDir();
    const home = carbonHome(dir);
    const vars = { carbon_depsync_mode: 'commit', carbon_depsync_repository_type: 'svn', carbon_depsync_svn_url: 'http://svn.wso2.example/repos/as', carbon_depsync_svn_user: 'depsync', carbon_depsync_svn_password: 'Svn-S3cret' };
    const run = await runPlay(dir, site(home, vars), INVENTORY, ['--diff']);
    expect(run.code, run.out + run.err).toBe(0);
    expect(run.out + run.err).not.toContain('Svn-S3cret');
    const ds = depsync(read(join(home, 'repository/conf/carbon.xml')));
    expect(ds).toMatch(/<AutoCommit>true<\/AutoCommit>/);
    expect(run.out).toContain(`trust store ${home}/repository/resources/security/client-truststore.jks`);
    expect(ds).toMatch(/<RepositoryType>svn<\/RepositoryType>\s+<SvnUrl>http:\/\/svn\.wso2\.example\/repos\/as<\/SvnUrl>\s+<SvnUser>depsync<\/SvnUser>\s+<SvnPassword>Svn-S3cret<\/SvnPassword>/);
    const again = await runPlay(dir, site(home, vars), INVENTORY);
    expect(changedCounts(again.out)).toEqual({ localhost: 0 });
  });

  it('refuses SVN without a repository URL', async () => {
    const dir = createPlayDir();
    const run = await runPlay(dir, site(carbonHome(dir), { carbon_depsync_mode: 'commit', carbon_depsync_repository_type: 'svn' }), INVENTORY);
    expect(run.code).toBe(2);
    expect(run.out).toMatch(/carbon_depsync_svn_url is empty/);
  });
});
