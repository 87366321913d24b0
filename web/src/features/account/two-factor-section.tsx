import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useConfirmTotp, useDisableTotp, useStartTotp } from '../../api/mutations.js';
import { myTotpQuery } from '../../api/queries.js';
import { ErrorMessage, Loading, Notice } from '../../components/feedback.js';
import { FieldError, fieldMessages } from '../../components/field-error.js';

export function TwoFactorSection() {
  const status = useQuery(myTotpQuery());
  const start = useStartTotp();
  const confirm = useConfirmTotp();
  const disable = useDisableTotp();
  // Kept after confirming, until the section is left: the codes are shown this once.
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const confirmFields = fieldMessages(confirm.error);
  const disableFields = fieldMessages(disable.error);

  function submitConfirm(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    confirm.mutate(String(new FormData(e.currentTarget).get('code')).trim(), {
      onSuccess: (reply) => {
        setRecoveryCodes(reply.recoveryCodes);
        start.reset();
        disable.reset();
      },
    });
  }
  function submitDisable(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const code = String(form.get('code') ?? '').trim();
    const password = String(form.get('password') ?? '');
    disable.mutate(code ? { code } : { password }, {
      onSuccess: () => {
        setRecoveryCodes(null);
        confirm.reset();
      },
    });
  }

  return (
    <section className="card account-section" aria-labelledby="totp-heading">
      <h2 id="totp-heading">Two-factor sign-in</h2>
      {status.isPending && <Loading />}
      {status.error && <ErrorMessage error={status.error} onRetry={() => void status.refetch()} />}
      {disable.isSuccess && <Notice tone="success">Two-factor sign-in is off. Sign-in asks only for your password.</Notice>}
      {recoveryCodes && (
        <div className="recovery-codes">
          <Notice tone="success">
            Two-factor sign-in is on. Keep these recovery codes somewhere safe: each signs you in once without your phone. They are shown
            only now.
          </Notice>
          <ul aria-label="Recovery codes" className="code-list">
            {recoveryCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {status.data?.enabled ? (
        <>
          <p>On: signing in asks for a code from your authenticator app. {status.data.recoveryCodesLeft} recovery codes left.</p>
          <form className="form" onSubmit={submitDisable} noValidate aria-labelledby="totp-off-heading">
            <h3 id="totp-off-heading">Turn it off</h3>
            <p className="hint">Enter a current code from the app, or your password.</p>
            <div className="field-pair">
              <div className="field">
                <label htmlFor="totp-off-code">Code from the app</label>
                <input
                  id="totp-off-code"
                  name="code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={20}
                  aria-invalid={disableFields.has('code')}
                  aria-describedby="totp-off-code-error"
                />
                <FieldError messages={disableFields} field="code" id="totp-off-code-error" />
              </div>
              <div className="field">
                <label htmlFor="totp-off-password">or password</label>
                <input
                  id="totp-off-password"
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  aria-invalid={disableFields.has('password')}
                  aria-describedby="totp-off-password-error"
                />
                <FieldError messages={disableFields} field="password" id="totp-off-password-error" />
              </div>
            </div>
            {disable.error && disableFields.size === 0 && <ErrorMessage error={disable.error} />}
            <div>
              <button className="button danger" type="submit" disabled={disable.isPending}>
                {disable.isPending ? 'Turning off…' : 'Turn off two-factor sign-in'}
              </button>
            </div>
          </form>
        </>
      ) : (
        status.data &&
        !start.data && (
          <>
            <p>
              Off. With it on, signing in also asks for a code from an authenticator app on your phone, so a stolen password is not enough.
            </p>
            {start.error && <ErrorMessage error={start.error} />}
            <button type="button" className="button primary" onClick={() => start.mutate()} disabled={start.isPending}>
              {start.isPending ? 'Preparing…' : 'Set up two-factor sign-in'}
            </button>
          </>
        )
      )}
      {start.data && !status.data?.enabled && (
        <form className="form" onSubmit={submitConfirm} noValidate aria-labelledby="totp-setup-heading">
          <h3 id="totp-setup-heading">Scan this code with your authenticator app</h3>
          <img
            className="totp-qr"
            src={start.data.qrDataUrl}
            width={240}
            height={240}
            alt="QR code to add Boxoffice to your authenticator app"
          />
          <p className="hint">
            Cannot scan? Enter this key in the app: <code className="break-anywhere">{start.data.secret}</code>
          </p>
          <div className="field">
            <label htmlFor="totp-confirm-code">Code shown by the app</label>
            <input
              id="totp-confirm-code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              maxLength={8}
              aria-invalid={confirmFields.has('code')}
              aria-describedby="totp-confirm-code-error"
            />
            <FieldError messages={confirmFields} field="code" id="totp-confirm-code-error" />
          </div>
          {confirm.error && confirmFields.size === 0 && <ErrorMessage error={confirm.error} />}
          <div>
            <button className="button primary" type="submit" disabled={confirm.isPending}>
              {confirm.isPending ? 'Checking…' : 'Turn on'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
