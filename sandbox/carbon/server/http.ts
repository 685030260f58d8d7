// The transports: servlet HTTP/HTTPS (TLS from the connector's key store), EI's pass-through ports, the console, deploys.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { hostname } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { KeyStoreError, loadKeyStore } from './keystore.js';
import { FatalError, type Logger } from './log.js';
import type { Transport } from './transports.js';
import type { RouteHandler } from './registry-route.js';

export interface HttpOptions {
  transports: Transport[]; hostName: string; deployment: string; workerNode: boolean; log: Logger;
  /** Further routes served on the servlet ports (the registry's resources). */
  routes?: RouteHandler[];
}

function listen(server: Server, t: Transport): Promise<void> {
  return new Promise((resolve, reject) => {
    // java.net.BindException's text, as Tomcat's connector and the pass-through reactor log it.
    server.once('error', (e: NodeJS.ErrnoException) => reject(new FatalError(t.name.startsWith('Pass-through') ? 'PassThroughListeningIOReactorManager' : 'Connector',
      `Failed to start ${t.name} on port ${t.port}: ${e.code === 'EADDRINUSE' ? 'java.net.BindException: Address already in use' : e.message}`)));
    server.listen(t.port, '0.0.0.0', () => resolve());
  });
}

/** The key and chain of a TLS transport; a missing store or a wrong password fails the start, as Tomcat's connector init does. */
function tlsOptions(t: Transport): { key?: string; cert?: string; pfx?: Buffer; passphrase?: string } {
  const ks = t.tls!;
  try {
    const id = loadKeyStore(ks.file, ks.type, ks.password, ks.alias, ks.keyPassword ?? ks.password);
    return { key: id.key, cert: id.cert, pfx: id.pfx, passphrase: id.passphrase };
  } catch (e) {
    if (!(e instanceof KeyStoreError)) throw e;
    throw new FatalError(t.name.startsWith('Pass-through') ? 'PassThroughHttpSSLListener' : 'Connector',
      `Failed to initialize ${t.name} (${ks.where}, key store ${ks.file}): ${e.message}`);
  }
}

/** Starts every transport; the first that cannot bind or load its key store is fatal. */
export async function startHttp(o: HttpOptions): Promise<Server[]> {
  const node = hostname();
  const servers: Server[] = [];
  for (const t of o.transports) {
    const port = t.port;
    const handle = (req: IncomingMessage, res: ServerResponse) => {
      const url = (req.url ?? '/').split('?')[0];
      // A worker (-DworkerNode=true) runs without the management console (CarbonUIServiceComponent is not active).
      if (!o.workerNode && req.method === 'GET' && (url === '/carbon/admin/login.jsp' || url === '/carbon/' || url === '/carbon')) {
        res.writeHead(200, { 'content-type': 'text/html', 'x-carbon-node': node });
        res.end(`<html><head><title>WSO2 Management Console</title></head><body><p>node: ${node}</p><p>HostName: ${o.hostName}</p><p>port: ${port}</p></body></html>\n`);
        return;
      }
      // EI's pass-through ports list the deployed services at /services, worker or not (the LB's service traffic).
      if (t.name.startsWith('Pass-through') && req.method === 'GET' && /^\/services\/?$/.test(url)) {
        res.writeHead(200, { 'content-type': 'text/html', 'x-carbon-node': node }).end(`<html><body><p>Deployed services</p><p>node: ${node}</p><p>port: ${port}</p></body></html>\n`);
        return;
      }
      // PUT /carbon/deploy/NAME writes an artifact to repository/deployment/server; a worker refuses (read-only).
      const dep = /^\/carbon\/deploy\/([\w.-]+)$/.exec(url);
      if (req.method === 'PUT' && dep) {
        if (o.workerNode) {
          o.log.warn('DeploymentInterceptor', `Refused to write ${dep[1]} to repository/deployment/server: this is a read-only worker node`);
          res.writeHead(403).end('worker node is read-only\n');
          return;
        }
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          mkdirSync(o.deployment, { recursive: true });
          writeFileSync(join(o.deployment, basename(dep[1])), Buffer.concat(chunks));
          o.log.info('DeploymentInterceptor', `Deployed ${dep[1]} to repository/deployment/server`);
          res.writeHead(201).end('deployed\n');
        });
        return;
      }
      if (!t.name.startsWith('Pass-through') && (o.routes ?? []).some((r) => r(req, res, url))) return;
      res.writeHead(404).end('not found\n');
    };
    const server = t.tls ? createTlsServer(tlsOptions(t), handle) : createServer(handle);
    servers.push(server);
    await listen(server, t);
  }
  return servers;
}
