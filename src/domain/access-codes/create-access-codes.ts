import type { Deps } from '../../context.js';
import { isUniqueViolation } from '../../db/pg-errors.js';
import { existingCodes, insertAccessCodes, tiersOfEvent, type NewAccessCode } from '../../db/repositories/access-codes.repository.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import { managedEvent } from '../catalogue/event-view.js';
import { AppError } from '../errors.js';
import { checkCodeInput, duplicateProblems, maxBulkCodes, parseAccessCodeCsv } from './access-code.rules.js';
import type { AccessCodeInput, AccessCodeView, RowProblem } from './access-code.types.js';
import { accessCodeView } from './access-code-view.js';

/** Creates one code; a bad field or a code the event already has is a 4xx with nothing written. */
export async function createAccessCode(deps: Deps, actor: Principal, eventId: string, input: AccessCodeInput): Promise<AccessCodeView> {
  const [created] = await createAccessCodes(deps, actor, eventId, [input]);
  return created!;
}

/** Creates codes from a JSON list: every row is checked first, and any problem writes nothing. */
export async function createAccessCodes(
  deps: Deps,
  actor: Principal,
  eventId: string,
  inputs: AccessCodeInput[],
): Promise<AccessCodeView[]> {
  return createRows(deps, actor, eventId, () => ({ rows: inputs.map((input, i) => ({ row: i + 1, input })), problems: [] }), 'json');
}

/** Creates codes from a CSV upload (see parseAccessCodeCsv); any bad row writes nothing and is named with its line. */
export async function importAccessCodesCsv(deps: Deps, actor: Principal, eventId: string, csv: string): Promise<AccessCodeView[]> {
  return createRows(deps, actor, eventId, (tiers) => parseAccessCodeCsv(csv, tiers), 'csv');
}

type Parse = (tiers: { id: string; name: string }[]) => { rows: { row: number; input: AccessCodeInput }[]; problems: RowProblem[] };

async function createRows(deps: Deps, actor: Principal, eventId: string, parse: Parse, source: 'json' | 'csv'): Promise<AccessCodeView[]> {
  return deps.db.transaction().execute(async (tx) => {
    const event = await managedEvent(tx, actor, eventId, true);
    if (event.status === 'removed' || event.status === 'cancelled') {
      throw new AppError('INVALID_STATE', `A ${event.status} event takes no access codes`);
    }
    const tiers = await tiersOfEvent(tx, eventId);
    const { rows, problems } = parse(tiers);
    if (rows.length === 0 && problems.length === 0) problems.push({ row: 1, field: 'code', message: 'no codes given' });
    if (rows.length > maxBulkCodes)
      problems.push({ row: maxBulkCodes + 1, field: 'row', message: `at most ${maxBulkCodes} codes at once` });
    const tierIds = new Set(tiers.map((t) => t.id));
    const checked: { row: number; code: NewAccessCode }[] = [];
    for (const r of rows) {
      const c = checkCodeInput(r.input, r.row, tierIds, problems);
      if (c) checked.push({ row: r.row, code: c });
    }
    problems.push(...duplicateProblems(checked.map((c) => ({ code: c.code.code, row: c.row }))));
    const taken = new Set(await existingCodes(tx, eventId, [...new Set(checked.map((c) => c.code.code))]));
    for (const c of checked)
      if (taken.has(c.code.code)) problems.push({ row: c.row, field: 'code', message: `${c.code.code} already exists for this event` });
    if (problems.length > 0) {
      problems.sort((a, b) => a.row - b.row);
      const first = problems[0]!;
      // Row-level details in the error table's field shape: `rows/<row>/<field>`.
      throw new AppError(
        'VALIDATION_FAILED',
        `Row ${first.row}: ${first.field} ${first.message}; nothing was created`,
        problems.map((p) => ({ field: `rows/${p.row}/${p.field}`, message: p.message })),
      );
    }
    // A rival creating the same code between the check and here fails the insert (unique index): a 409, nothing written.
    const created = await insertAccessCodes(
      tx,
      eventId,
      checked.map((c) => c.code),
      deps.clock.now(),
    ).catch((e: unknown) => {
      if (isUniqueViolation(e, 'access_codes_event_id_code_key'))
        throw new AppError('CONFLICT', 'One of these codes was just created; nothing was created');
      throw e;
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: 'access-codes.created',
      subjectType: 'event',
      subjectId: eventId,
      details: { count: created.length, source },
    });
    return created.map(accessCodeView);
  });
}
