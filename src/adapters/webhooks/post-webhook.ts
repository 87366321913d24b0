import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isInternalAddress } from '../../domain/webhooks/webhook.rules.js';

export interface WebhookResponse {
  /** Null when no HTTP answer came (refused, timed out, blocked address). */
  status: number | null;
  durationMs: number;
  error: string | null;
}

/**
 * POSTs one webhook. Redirects are not followed (a 3xx is a failed attempt),
 * the answer's body is read at most 64 KB and thrown away, and unless
 * `allowInternal` the address DNS returns is checked before connecting — a
 * name that resolves to a private or loopback address (DNS rebinding included)
 * is refused at the socket, not only when the URL was saved.
 */
export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: { allowInternal: boolean; timeoutMs: number },
): Promise<WebhookResponse> {
  const started = performance.now();
  const took = (): number => Math.round(performance.now() - started);
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const lookup: typeof dnsLookup = ((hostname: string, options: object, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err);
      const allowed = opts.allowInternal ? addresses : addresses.filter((a) => !isInternalAddress(a.address));
      if (allowed.length === 0) return callback(new Error(`refused: ${hostname} resolves to a private or loopback address`));
      const wantsAll = (options as { all?: boolean }).all === true;
      return wantsAll ? callback(null, allowed) : callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  }) as typeof dnsLookup;
  // A literal IP never goes through `lookup`.
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (!opts.allowInternal && isIP(literal) !== 0 && isInternalAddress(literal))
    return Promise.resolve({ status: null, durationMs: 0, error: `refused: ${literal} is a private or loopback address` });
  return new Promise((resolve) => {
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        timeout: opts.timeoutMs,
        lookup,
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > 65_536) res.destroy();
        });
        const done = (): void => resolve({ status: res.statusCode ?? null, durationMs: took(), error: null });
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timed out after ${opts.timeoutMs} ms`)));
    req.on('error', (e) => resolve({ status: null, durationMs: took(), error: e.message.slice(0, 300) }));
    req.end(body);
  });
}
