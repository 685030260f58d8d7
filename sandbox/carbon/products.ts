// The products the pack builder knows: name, version, archive folder, and whether it uses the EI or DAS layout.
import { CarbonPlayError } from '../../src/core/errors.js';

export interface Product { key: string; name: string; version: string; dir: string; ei: boolean; das: boolean }

const KNOWN: Record<string, Omit<Product, 'key' | 'dir'>> = {
  as: { name: 'WSO2 Application Server', version: '5.3.0', ei: false, das: false },
  greg: { name: 'WSO2 Governance Registry', version: '5.4.0', ei: false, das: false },
  das: { name: 'WSO2 Data Analytics Server', version: '3.2.0', ei: false, das: true },
  ei: { name: 'WSO2 Enterprise Integrator', version: '6.4.0', ei: true, das: false },
};

/**
 * The subfolders a distribution ships in repository/deployment/server (EI: its Synapse configuration's folder;
 * the others: the servlet, service and module folders). A real pack's deployment folder is never empty, and the
 * depsync role relies on that: it never syncs from an empty source.
 */
export function stockDeploymentDirs(p: Pick<Product, 'ei'>): string[] {
  return p.ei ? ['synapse-configs/', 'synapse-configs/default/'] : ['webapps/', 'axis2services/', 'axis2modules/'];
}

/** Unknown names get a plain Carbon 4.4 layout, so any product key can be packed. */
export function resolveProduct(key: string): Product {
  if (!/^[a-z][a-z0-9-]*$/.test(key)) throw new CarbonPlayError('options', `product name must be lower-case letters, digits and dashes, got '${key}'`);
  const p = KNOWN[key] ?? { name: `WSO2 ${key.toUpperCase()} Server`, version: '4.4.0', ei: false, das: false };
  return { key, dir: `wso2${key}-${p.version}`, ...p };
}
