// The servlet transports: HTTP and the "HTTPS" port (plain HTTP here), the login page, and a deploy endpoint.
import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FatalError, type Logger } from './log.js';

export interface HttpOptions { ports: number[]; hostName: string; deployment: string; workerNode: boolean; log: Logger }

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new FatalError('CoyoteAdapter',
      `Failed to start the servlet transport on port ${port}: ${e.code === 'EADDRINUSE' ? 'Address already in use' : e.message}`)));
    server.listen(port, '0.0.0.0', () => resolve());
  });
}

/** Starts every transport; the first port that cannot bind is fatal, as a Tomcat connector failure is. */
export async function startHttp(o: HttpOptions): Promise<Server[]> {
  const node = hostname();
  const servers: Server[] = [];
  for (const port of o.ports) {
    const server = createServer((req, res) => {
      const url = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && (url === '/carbon/admin/login.jsp' || url === '/carbon/' || url === '/carbon')) {
        res.writeHead(200, { 'content-type': 'text/html', 'x-carbon-node': node });
        res.end(`<html><head><title>WSO2 Management Console</title></head><body><p>node: ${node}</p><p>HostName: ${o.hostName}</p><p>port: ${port}</p></body></html>\n`);
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
      res.writeHead(404).end('not found\n');
    });
    servers.push(server);
    await listen(server, port);
  }
  return servers;
}
