import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { ApiError } from '../api/client.js';
import type { User } from '../api/types.js';
import { ErrorMessage } from '../components/feedback.js';
import { useSession } from './session.js';

/**
 * The second step of signing in to an account with two-factor sign-in on: the
 * password was right, and the server answered a challenge instead of a session.
 */
export function LoginCodeStep({
  challenge,
  onSignedIn,
  onRestart,
}: {
  challenge: string;
  onSignedIn(user: User): void;
  onRestart(): void;
}) {
  const { loginWithCode } = useSession();
  const verify = useMutation({
    mutationFn: (code: string) => loginWithCode(challenge, code),
    onSuccess: onSignedIn,
  });
  const restart = verify.error instanceof ApiError && (verify.error.details as { restart?: boolean } | undefined)?.restart === true;
  const error = verify.error && (verify.error instanceof ApiError ? verify.error.message : 'Something went wrong, please try again.');

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    verify.mutate(String(new FormData(e.currentTarget).get('code')).trim());
  }

  return (
    <form className="form card" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="totp-code">Authentication code</label>
        <input
          id="totp-code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          autoFocus
          required
          maxLength={20}
          aria-invalid={!!error}
          aria-describedby="totp-code-hint"
        />
        <p className="hint" id="totp-code-hint">
          The 6-digit code your authenticator app shows for Boxoffice. Lost your phone? Enter one of your recovery codes instead.
        </p>
      </div>
      {error && <ErrorMessage error={error} />}
      {restart ? (
        <button className="button primary" type="button" onClick={onRestart}>
          Start again
        </button>
      ) : (
        <button className="button primary" type="submit" disabled={verify.isPending}>
          {verify.isPending ? 'Checking…' : 'Verify'}
        </button>
      )}
    </form>
  );
}
