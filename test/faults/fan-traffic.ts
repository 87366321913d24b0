import { randomUUID } from 'node:crypto';
import type { TestUser } from '../factories/users.js';

/** One answer seen by a client (or the failure to get one). */
export interface Reply {
  what: string;
  /** HTTP status, or 0 when the connection failed (a killed process). */
  status: number;
  ms: number;
  retryAfter: string | null;
  code: string | null;
  /** performance.now() when the answer came. */
  at: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- reply bodies are read field by field
type Body = any;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every reply of a phase, for the figures and the "never a 500, never a hang" checks. */
export class ReplyLog {
  readonly replies: Reply[] = [];

  async call(
    what: string,
    url: string,
    opts: { method?: string; auth?: TestUser['auth']; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<{ status: number; body: Body; retryAfter: string | null }> {
    const started = performance.now();
    let status = 0;
    let body: Body;
    let retryAfter: string | null = null;
    try {
      const res = await fetch(url, {
        method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
        headers: { ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }), ...opts.auth, ...opts.headers },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        // A hang is a failure of its own: it shows up as status 0 after this long.
        signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000),
      });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      const text = await res.text();
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
    } catch (e) {
      body = String(e);
    }
    const at = performance.now();
    this.replies.push({ what, status, ms: at - started, retryAfter, code: body?.error?.code ?? null, at });
    return { status, body, retryAfter };
  }

  /** Opens the event's seat-map stream and closes it once the status line came: a 200 stream, or an error answer. */
  async openStream(what: string, url: string): Promise<void> {
    const started = performance.now();
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 20_000);
    let status: number;
    let retryAfter: string | null = null;
    let code: string | null = null;
    try {
      const res = await fetch(url, { signal: abort.signal });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      if (status !== 200) code = ((await res.json().catch(() => null)) as Body)?.error?.code ?? null;
    } catch {
      status = 0;
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
    const at = performance.now();
    this.replies.push({ what, status, ms: at - started, retryAfter, code, at });
  }

  between(from: number, to: number): Reply[] {
    return this.replies.filter((r) => r.at >= from && r.at <= to);
  }
}

export type FanOutcome = 'bought' | 'pending' | 'sold_out' | 'declined' | 'gave_up' | 'timeout';

export interface FanOptions {
  base: string;
  eventId: string;
  sectionId: string;
  token: string;
  /** Send the same checkout again after a 503 (a well-behaved client); false: the fan walks away. */
  retryCheckout: boolean;
  deadline: number;
}

/**
 * One fan: holds a seat (best available), then pays with an Idempotency-Key.
 * 503 (or 409 BUSY) → waits Retry-After and tries again; 502 or a dropped connection (a
 * killed instance behind nginx) → the hold is retried, a checkout is left to
 * reconciliation (the fan walks away, as in the report).
 */
export async function runFan(log: ReplyLog, fan: TestUser, o: FanOptions): Promise<FanOutcome> {
  let holdId: string | null = null;
  while (!holdId) {
    if (Date.now() > o.deadline) return 'timeout';
    const held = await log.call('hold', `${o.base}/api/v1/events/${o.eventId}/holds`, {
      auth: fan.auth,
      body: { sectionId: o.sectionId, quantity: 1 },
    });
    if (held.status === 201) holdId = held.body.hold.id;
    else if (held.status === 409 && held.body?.error?.code === 'SEATS_UNAVAILABLE') return 'sold_out';
    else if (held.status === 503) await sleep(retryAfterMs(held.retryAfter));
    else if (held.status === 0 || held.status === 502 || (held.status === 409 && held.body?.error?.code === 'BUSY')) await sleep(200);
    else return 'gave_up';
  }
  const key = randomUUID();
  for (;;) {
    if (Date.now() > o.deadline) return 'timeout';
    const paid = await log.call('checkout', `${o.base}/api/v1/holds/${holdId}/checkout`, {
      auth: fan.auth,
      headers: { 'idempotency-key': key },
      body: { payment: { method: 'card', token: o.token } },
    });
    if (paid.status === 201) return paid.body.order.status === 'confirmed' ? 'bought' : 'pending';
    if (paid.status === 402 || paid.body?.error?.code === 'PAYMENT_DECLINED') return 'declined';
    if ((paid.status === 503 || (paid.status === 409 && paid.body?.error?.code === 'BUSY')) && o.retryCheckout) {
      await sleep(retryAfterMs(paid.retryAfter));
      continue;
    }
    return 'gave_up';
  }
}

/** Retry-After in seconds as a client would honour it, a little shortened so the test stays brisk. */
function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 2) * 500 : 500;
}

/**
 * Reads a browser keeps doing during the on-sale, on each given base: the
 * event, listing, seat map and availability, the signed-in user and their
 * orders, the waiting room's status, readiness and a new seat-map stream. Runs until stop() and records every answer.
 */
export function startReaders(log: ReplyLog, bases: string[], eventId: string, auth: TestUser['auth']): { stop(): Promise<void> } {
  let running = true;
  const loops = bases.map(async (base) => {
    while (running) {
      await Promise.all([
        log.call('event', `${base}/api/v1/events/${eventId}`),
        log.call('availability', `${base}/api/v1/events/${eventId}/availability`),
        log.call('me', `${base}/api/v1/me`, { auth }),
        log.call('my orders', `${base}/api/v1/me/orders`, { auth }),
        log.call('listing', `${base}/api/v1/events`),
        log.call('seat map', `${base}/api/v1/events/${eventId}/seatmap`),
        log.call('queue status', `${base}/api/v1/events/${eventId}/queue/status`),
        log.call('readyz', `${base}/readyz`),
        log.openStream('stream', `${base}/api/v1/events/${eventId}/availability/stream`),
      ]);
      // A few browsers' worth, not a load test: the machine also runs five servers and the fans.
      await sleep(250);
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}
