// HTTP access to registry resources (GET/PUT /registry/resource/<path>): the stand-in's way to exercise registry.xml's mounts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CarbonConfig } from './config.js';
import type { Logger } from './log.js';
import { getResource, putResource, READ_ONLY_PUT, resolveRegistryPath } from './registry.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: string) => boolean;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * PUT stores the body as the resource, GET returns it. Under a read-only mount (or a read-only registry) a PUT writes
 * nothing, as UserRegistry.put does; where Carbon returns silently, the stand-in answers 403 with Carbon's reason and logs it.
 */
export function createRegistryRoute(cfg: CarbonConfig, lib: string, log: Logger): RouteHandler {
  return (req, res, url) => {
    const m = /^\/registry\/resource(\/.+)$/.exec(url);
    if (!m || (req.method !== 'PUT' && req.method !== 'GET')) return false;
    const path = decodeURIComponent(m[1]);
    const target = resolveRegistryPath(cfg, path);
    const fail = (status: number, text: string) => res.writeHead(status, { 'content-type': 'text/plain' }).end(text + '\n');
    if (!target) { fail(500, `no registry database for ${path}`); return true; }
    const work = async () => {
      if (req.method === 'GET') {
        const data = await getResource(target, lib);
        if (data) res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(data);
        else fail(404, `Resource does not exist at path ${path}`);
        return;
      }
      const body = await readBody(req);
      const done = await putResource(target, body, req.headers['content-type'] ?? 'application/octet-stream', lib);
      if (done === 'read-only') {
        log.warn('UserRegistry', `${READ_ONLY_PUT} (put ${path}${target.via ? `, mount ${target.via}` : ''})`);
        fail(403, READ_ONLY_PUT);
        return;
      }
      log.info('UserRegistry', `Resource ${path} stored${target.via ? ` at ${target.path} through mount ${target.via}` : ''}`);
      res.writeHead(201, { 'content-type': 'text/plain' }).end(`${path}\n`);
    };
    work().catch((e: Error) => { if (!res.headersSent) fail(500, e.message); });
    return true;
  };
}
