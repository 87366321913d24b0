import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import jsqr from 'jsqr';
import { expect } from 'vitest';
import { createPublishedEvent, type PublishedEvent } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { checkout, hold } from '../../support/booking-helpers.js';
import type { TestApp } from '../../support/test-app.js';

export interface Bought {
  event: PublishedEvent;
  customer: TestUser;
  orderId: string;
  ticketIds: string[];
}

/** A published event and a customer who bought `seats` of its seats with a test card. */
export async function buyTickets(t: TestApp, seats = 1, event?: PublishedEvent): Promise<Bought> {
  const ev = event ?? (await createPublishedEvent(t.deps, { seatedRows: 1, seatsPerRow: 6 }));
  const customer = await createUser(t.deps);
  const taken = await t.deps.db.selectFrom('tickets').select('seat_id').where('event_id', '=', ev.eventId).execute();
  const free = ev.seatIds.filter((s) => !taken.some((x) => x.seat_id === s)).slice(0, seats);
  const h = await hold(t.app, customer, ev.eventId, { seatIds: free });
  expect(h.statusCode, h.body).toBe(201);
  const res = await checkout(t.app, customer, h.json().hold.id, `buy-${h.json().hold.id}`);
  expect(res.statusCode, res.body).toBe(201);
  const order = res.json().order;
  return { event: ev, customer, orderId: order.id, ticketIds: order.tickets.map((x: { id: string }) => x.id) };
}

export async function codeOf(t: TestApp, user: TestUser, ticketId: string): Promise<string> {
  const res = await t.app.inject({ url: `/api/v1/tickets/${ticketId}/code`, headers: user.auth });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().code;
}

export async function scan(t: TestApp, user: TestUser, body: { eventId: string; code: string; gate?: string }) {
  return t.app.inject({ method: 'POST', url: '/api/v1/checkin/scan', headers: user.auth, payload: body });
}

const run = promisify(execFile);

/** The QR codes of a tickets PDF as a door camera would read them: each page rendered by poppler, then decoded by jsQR. */
export async function printedCodes(t: TestApp, owner: TestUser, orderId: string, work: string): Promise<string[]> {
  const res = await t.app.inject({ url: `/api/v1/orders/${orderId}/tickets.pdf`, headers: owner.auth });
  expect(res.statusCode, res.body).toBe(200);
  const file = path.join(work, `${randomUUID()}.pdf`);
  await writeFile(file, res.rawPayload);
  const pages = Number(/Pages:\s+(\d+)/.exec((await run('pdfinfo', [file])).stdout)![1]);
  const codes: string[] = [];
  for (let page = 1; page <= pages; page++) {
    const prefix = path.join(work, `${randomUUID()}`);
    await run('pdftoppm', ['-f', String(page), '-l', String(page), '-r', '200', '-gray', '-singlefile', file, prefix]);
    codes.push(qrOfPgm(await readFile(`${prefix}.pgm`)));
  }
  return codes;
}

/** A binary PGM (P5, 8-bit) as RGBA for jsQR. */
function qrOfPgm(pgm: Buffer): string {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const gray = pgm.subarray(header[0].length);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([gray[i]!, gray[i]!, gray[i]!, 255], i * 4);
  const found = jsqr.default(rgba, width, height);
  expect(found, 'a QR code on the page').not.toBeNull();
  return found!.data;
}
