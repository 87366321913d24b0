import { mailDirOf, mailFilesTo } from '../../adapters/mail/mail-files.js';
import type { Deps } from '../../context.js';
import { findUserById } from '../../db/repositories/users.repository.js';
import {
  accessCodeRedemptionsOfUser,
  auditAboutUser,
  holdsOfUser,
  ordersOfUser,
  paymentsOfUser,
  refundsOfUser,
  scansOfUser,
  sessionsOfUser,
  ticketsOfUser,
  transfersOfUser,
  waitingListEntriesOfUser,
} from '../../db/repositories/personal-data.repository.js';
import { money } from '../money.js';
import type { PersonalDataExporter } from '../users/personal-data.js';
import { listConsentRecords } from './consents.js';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/**
 * The sections of the personal-data export, one per kind of data held. Every
 * value is decrypted and plain JSON; times are ISO 8601 UTC, money in minor units.
 */
export const privacyExporters: readonly PersonalDataExporter[] = [
  {
    section: 'consents',
    async collect(deps, userId) {
      return (await listConsentRecords(deps, userId)).map((c) => ({
        purpose: c.purpose,
        wordingVersion: c.wordingVersion,
        grantedAt: c.grantedAt.toISOString(),
        withdrawnAt: iso(c.withdrawnAt),
      }));
    },
  },
  {
    section: 'orders',
    async collect(deps, userId) {
      return (await ordersOfUser(deps.db, userId)).map((o) => ({
        id: o.id,
        eventId: o.event_id,
        eventTitle: o.event_title,
        eventStartsAt: o.event_starts_at.toISOString(),
        status: o.status,
        total: money(o.total_amount, o.currency),
        createdAt: o.created_at.toISOString(),
        confirmedAt: iso(o.confirmed_at),
        cancelledAt: iso(o.cancelled_at),
        cancelReason: o.cancel_reason,
        failureReason: o.failure_reason,
      }));
    },
  },
  {
    section: 'tickets',
    async collect(deps, userId) {
      return (await ticketsOfUser(deps.db, userId)).map((t) => ({
        id: t.id,
        orderId: t.order_id,
        eventId: t.event_id,
        serial: t.serial,
        status: t.status,
        seat: { section: t.section, row: t.row_label, number: t.number },
        issuedAt: t.created_at.toISOString(),
        voidedAt: iso(t.voided_at),
        checkedInAt: iso(t.checked_in_at),
        checkedInGate: t.checked_in_gate,
      }));
    },
  },
  {
    section: 'transfers',
    async collect(deps, userId) {
      return (await transfersOfUser(deps.db, userId)).map((x) => ({
        id: x.id,
        ticketId: x.ticket_id,
        direction: x.from_user_id === userId ? 'sent' : 'received',
        ...(x.from_user_id === userId ? { to: x.to_email_hint } : {}),
        status: x.status,
        faceValue: money(x.face_value_amount, x.currency),
        offeredAt: x.created_at.toISOString(),
        settledAt: iso(x.settled_at),
      }));
    },
  },
  {
    section: 'payments',
    async collect(deps, userId) {
      const refunds = await refundsOfUser(deps.db, userId);
      return (await paymentsOfUser(deps.db, userId)).map((p) => ({
        id: p.id,
        orderId: p.order_id,
        provider: p.provider,
        status: p.status,
        amount: money(p.amount, p.currency),
        declineCode: p.decline_code,
        createdAt: p.created_at.toISOString(),
        updatedAt: p.updated_at.toISOString(),
        refunds: refunds
          .filter((r) => r.payment_id === p.id)
          .map((r) => ({ id: r.id, amount: money(r.amount, r.currency), reason: r.reason, at: r.created_at.toISOString() })),
      }));
    },
  },
  {
    section: 'scans',
    async collect(deps, userId) {
      return (await scansOfUser(deps.db, userId)).map((s) => ({
        ticketId: s.ticket_id,
        eventId: s.event_id,
        gate: s.gate,
        result: s.result,
        source: s.source,
        scannedAt: s.scanned_at.toISOString(),
      }));
    },
  },
  {
    section: 'holds',
    async collect(deps, userId) {
      return (await holdsOfUser(deps.db, userId)).map((h) => ({
        id: h.id,
        eventId: h.event_id,
        status: h.status,
        total: money(h.total_amount, h.currency),
        createdAt: h.created_at.toISOString(),
        expiresAt: h.expires_at.toISOString(),
        releasedAt: iso(h.released_at),
        releaseReason: h.release_reason,
      }));
    },
  },
  {
    section: 'waitingList',
    async collect(deps, userId) {
      return (await waitingListEntriesOfUser(deps.db, userId)).map((w) => ({
        id: w.id,
        eventId: w.event_id,
        tierId: w.tier_id,
        quantity: w.quantity,
        status: w.status,
        offeredHoldId: w.offered_hold_id,
        joinedAt: w.created_at.toISOString(),
        offeredAt: iso(w.offered_at),
        closedAt: iso(w.closed_at),
        closeReason: w.close_reason,
      }));
    },
  },
  {
    section: 'accessCodes',
    async collect(deps, userId) {
      return (await accessCodeRedemptionsOfUser(deps.db, userId)).map((r) => ({
        code: r.code,
        eventId: r.event_id,
        holdId: r.hold_id,
        discount: money(r.discount_amount, r.currency),
        redeemedAt: r.redeemed_at.toISOString(),
        givenBackAt: iso(r.returned_at),
      }));
    },
  },
  {
    section: 'sessions',
    async collect(deps, userId) {
      return (await sessionsOfUser(deps.db, userId)).map((s) => ({
        id: s.id,
        createdAt: s.created_at.toISOString(),
        expiresAt: s.expires_at.toISOString(),
        revokedAt: iso(s.revoked_at),
      }));
    },
  },
  {
    section: 'audit',
    async collect(deps, userId) {
      return (await auditAboutUser(deps.db, userId)).map((a) => ({
        action: a.action,
        subjectType: a.subject_type,
        subjectId: a.subject_id,
        details: a.details,
        byThemselves: a.actor_id === userId,
        at: a.created_at.toISOString(),
      }));
    },
  },
  { section: 'mail', collect: collectMail },
];

/** Messages sent to the account's address and still on file (the file mailer); with SMTP none are kept. */
async function collectMail(deps: Deps, userId: string): Promise<unknown> {
  const dir = mailDirOf(deps.config);
  const row = await findUserById(deps.db, userId);
  if (!dir || !row?.email_cipher) return [];
  const address = await deps.pii.open(row.email_cipher);
  return (await mailFilesTo(dir, address)).map((m) => ({
    subject: m.subject,
    to: m.to,
    writtenAt: m.writtenAt.toISOString(),
    content: m.content,
  }));
}
