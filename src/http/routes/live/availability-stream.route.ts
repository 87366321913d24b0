import type { ServerResponse } from 'node:http';
import { Type } from 'typebox';
import type { AppInstance } from '../../app.js';
import { ErrorResponse, IdParams } from '../../schemas/common.js';
import type { AvailabilityFeed, AvailabilityUpdate } from './availability-feed.js';

export interface StreamRouteOptions {
  feed: AvailabilityFeed;
  /** Comment lines keep proxies and load balancers from closing a quiet stream. */
  heartbeatMs: number;
}

const description = `Server-Sent Events of seat availability. The first message is \`event: snapshot\`
with the same body as \`GET /events/{id}/availability\`; then, about once a second when
something changed, \`event: delta\` with \`{from, version, sections, prices, changes:[[seatIndex, state]]}\`
(\`prices\`: each tier's current all-in price, so a demand-pricing change reaches open pages at once)
(seat index in seat-map order, state 0 available, 1 held, 2 sold), or a new \`snapshot\` when
many seats changed at once. A client whose current version is not \`from\` should refetch.
Comment lines (\`: heartbeat\`) keep quiet streams open (every 15 s by default).`;

function frame(update: AvailabilityUpdate): string {
  if (update.kind === 'snapshot') {
    return `id: ${update.availability.version}\nevent: snapshot\ndata: ${JSON.stringify(update.availability)}\n\n`;
  }
  const { kind: _kind, ...delta } = update;
  return `id: ${update.version}\nevent: delta\ndata: ${JSON.stringify(delta)}\n\n`;
}

export async function availabilityStreamRoute(app: AppInstance, opts: StreamRouteOptions): Promise<void> {
  const open = new Set<ServerResponse>();
  // Streams never end by themselves; closing the app must end them or it waits forever.
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
    opts.feed.close();
  });

  app.get(
    '/events/:id/availability/stream',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Live seat availability (Server-Sent Events)',
        description,
        params: IdParams,
        produces: ['text/event-stream'],
        response: {
          200: Type.String({ description: 'text/event-stream' }),
          400: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const res = reply.raw;
      const pending: string[] = [];
      let streaming = false;
      // Unknown or unpublished events fail here, before any header is sent: a JSON 404.
      let unsubscribe: (() => void) | null = await opts.feed.subscribe(request.params.id, (update) => {
        if (streaming) res.write(frame(update));
        else pending.push(frame(update));
      });

      reply.hijack();
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 2000\n\n');
      for (const chunk of pending) res.write(chunk);
      streaming = true;
      open.add(res);

      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), opts.heartbeatMs);
      heartbeat.unref();
      const cleanup = (): void => {
        clearInterval(heartbeat);
        open.delete(res);
        unsubscribe?.();
        unsubscribe = null;
      };
      res.on('close', cleanup);
      res.on('error', cleanup);
      // The client may have gone while we subscribed; 'close' will not fire again.
      if (res.destroyed) cleanup();
    },
  );
}
