import { useResendEmailVerification } from '../api/mutations.js';
import { useSession } from './session.js';

/** Until the address is confirmed, tickets and event changes may not reach the account's owner: say so everywhere. */
export function EmailVerificationNotice() {
  const { user } = useSession();
  const resend = useResendEmailVerification();
  if (!user || user.emailVerified) return null;
  return (
    <div className="verify-banner" role="status">
      <div className="container">
        Please confirm your e-mail address ({user.email}) with the link we sent, so your tickets and news about your events reach you.{' '}
        {resend.isSuccess ? (
          <strong>A new link is on its way.</strong>
        ) : (
          <button type="button" className="link-button" onClick={() => resend.mutate()} disabled={resend.isPending}>
            Send the link again
          </button>
        )}
      </div>
    </div>
  );
}
