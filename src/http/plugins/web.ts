import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:web` puts the SPA. */
export const defaultWebRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/**
 * Serves the built React app at `/` when it exists: hashed assets cached for a
 * year, index.html revalidated every time, and any other GET that wants HTML
 * answered with index.html so client-side routes survive a reload. API paths
 * and non-HTML requests keep the JSON 404.
 */
export async function registerWeb(app: FastifyInstance, root: string = defaultWebRoot): Promise<boolean> {
  if (!existsSync(path.join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root,
    // Files are listed once at start-up, leaving unknown paths to the SPA fallback below.
    wildcard: false,
    index: false,
    preCompressed: true,
    // Our own Cache-Control below, per kind of file, instead of send's max-age=0.
    cacheControl: false,
    setHeaders(res, filePath) {
      const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
      res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  app.get('/', { schema: { hide: true } }, sendApp);
  app.get('/*', { schema: { hide: true } }, sendApp);
  return true;
}

async function sendApp(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const wantsHtml = request.headers.accept?.includes('text/html') ?? false;
  if (request.url.startsWith('/api/') || !wantsHtml) {
    reply.callNotFound();
    return reply;
  }
  return reply.sendFile('index.html');
}
