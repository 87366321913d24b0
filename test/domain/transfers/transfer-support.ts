import { createUser, type TestUser } from '../../factories/users.js';
import type { ManualClock, TestApp } from '../../support/test-app.js';

/** The transfer calls the transfer tests make; `ctx` reads the app and clock their beforeAll made. */
export function transferCalls(ctx: () => { t: TestApp; clock: ManualClock }) {
  return {
    /** A fan whose address is confirmed: only such an account may accept. */
    async confirmedFan(): Promise<TestUser> {
      const { t, clock } = ctx();
      const u = await createUser(t.deps);
      await t.deps.db.updateTable('users').set({ email_verified_at: clock.now() }).where('id', '=', u.id).execute();
      return u;
    },
    offer: (from: TestUser, ticketId: string, email: string) =>
      ctx().t.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/transfer`, headers: from.auth, payload: { email } }),
    settle: (user: TestUser, transferId: string, action: 'accept' | 'decline' | 'cancel') =>
      ctx().t.app.inject({ method: 'POST', url: `/api/v1/transfers/${transferId}/${action}`, headers: user.auth }),
  };
}
