// A CARBON_HOME for the secure_vault role tests (the product's real files when present) and the play that runs the role.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { templateAxis2 } from '../../sandbox/carbon/pack.js';
import { templateKeyStores } from '../../sandbox/carbon/template-keystores.js';
import { FIXTURES, hasFixtures } from '../carbon/fixture-dist.js';
import { read, TEMPLATES, writeFiles } from './helpers.js';

export const INVENTORY = 'localhost ansible_connection=local\n';
export const SECRETS = { db: 'Db-Pa55&<x', um: 'Um-Pa55"y', admin: 'Adm1n-Pa55' };

export interface Product { key: string; conf: string }
export const AS: Product = { key: 'as-5.3.0', conf: 'repository/conf' };
// EI keeps its config under conf/, and its axis2.xml has the pass-through https listener's and sender's key stores.
export const EI: Product = { key: 'ei-6.4.0', conf: 'conf' };

/** A CARBON_HOME from the product's real files when present (else the template pack's), with its key store. */
export function makeHome(dir: string, p: Product = AS): string {
  const home = join(dir, `wso2${p.key}`);
  const src = (rel: string, tpl: string) => (hasFixtures ? read(join(FIXTURES, p.key, p.conf, rel)) : read(join(TEMPLATES, tpl)));
  writeFiles(join(home, p.conf), {
    'carbon.xml': src('carbon.xml', 'carbon.xml'),
    'user-mgt.xml': src('user-mgt.xml', 'user-mgt.xml'),
    'datasources/master-datasources.xml': src('datasources/master-datasources.xml', 'master-datasources.xml'),
    'tomcat/catalina-server.xml': src('tomcat/catalina-server.xml', 'catalina-server.xml'),
    'axis2/axis2.xml': hasFixtures ? read(join(FIXTURES, p.key, p.conf, 'axis2/axis2.xml')) : templateAxis2({ ei: p === EI }),
  });
  mkdirSync(join(home, 'repository/resources/security'), { recursive: true });
  mkdirSync(join(home, 'bin'), { recursive: true });
  const ks = join(home, 'repository/resources/security/wso2carbon.jks');
  if (hasFixtures) copyFileSync(join(FIXTURES, p.key, 'repository/resources/security/wso2carbon.jks'), ks);
  else writeFileSync(ks, templateKeyStores().keyStore);
  return home;
}

export function site(home: string, algorithm: string, p: Product = AS, vault = true, extra: Record<string, unknown> = {}): string {
  return JSON.stringify([{
    hosts: 'all', gather_facts: false,
    vars: {
      ...extra,
      carbon_home: home, carbon_conf_dir: join(home, p.conf), carbon_secure_vault: vault, carbon_secure_vault_algorithm: algorithm,
      carbon_db_password: SECRETS.db, carbon_admin_password: SECRETS.admin,
      carbon_datasources: [
        { name: 'WSO2_CARBON_DB', jndi: 'jdbc/WSO2CarbonDB', database: 'regdb' },
        { name: 'WSO2_UM_DB', jndi: 'jdbc/WSO2UMDB', database: 'umdb', password: SECRETS.um },
      ],
      carbon_datasources_absent: [],
    },
    roles: ['datasources', 'user_store', 'secure_vault'],
    handlers: [{ name: 'restart carbon', debug: { msg: 'restart requested' } }],
  }]);
}

export const xmlFiles = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? xmlFiles(join(dir, n)) : n.endsWith('.xml') ? [join(dir, n)] : []));
export const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
/** A file's text outside comments: the real files keep commented samples with plain passwords. */
export const liveText = (f: string) => readFileSync(f, 'latin1').replace(/<!--[\s\S]*?-->/g, '');
