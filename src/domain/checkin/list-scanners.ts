import type { Deps } from '../../context.js';
import { scannersOf } from '../../db/repositories/checkin.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { managedEvent } from '../catalogue/event-view.js';
import type { ScannerView } from './checkin.types.js';

/** The event's door staff as its organizer sees them: the accounts they assigned themselves, by email. */
export async function listScanners(deps: Deps, actor: Principal, eventId: string): Promise<ScannerView[]> {
  await managedEvent(deps.db, actor, eventId);
  const rows = await scannersOf(deps.db, eventId);
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      email: r.email_cipher ? await deps.pii.open(r.email_cipher) : null,
      name: r.name_cipher ? await deps.pii.open(r.name_cipher) : null,
      assignedAt: r.created_at.toISOString(),
    })),
  );
}
