import { type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { useResetPassword } from '../api/mutations.js';
import { ErrorMessage, Notice } from '../components/feedback.js';
import { fieldMessages } from '../components/field-error.js';
import { PageTitle } from '../components/layout.js';
import { NewPasswordField } from '../components/new-password-field.js';

/** The mailed link carries its token in the fragment (#token=…), which browsers never send to a server. */
export function tokenFromHash(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token');
}

export default function ResetPasswordPage() {
  const token = tokenFromHash(useLocation().hash);
  const reset = useResetPassword();
  const fields = fieldMessages(reset.error);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (token) reset.mutate({ token, newPassword: String(new FormData(e.currentTarget).get('newPassword')) });
  }

  if (!token) {
    return (
      <div className="narrow">
        <PageTitle>Choose a new password</PageTitle>
        <Notice tone="warning">
          This page needs the link from your reset mail. <Link to="/forgot-password">Ask for a new link</Link>.
        </Notice>
      </div>
    );
  }
  return (
    <div className="narrow">
      <PageTitle>Choose a new password</PageTitle>
      {reset.isSuccess ? (
        <Notice tone="success">
          Your password is changed and every device that was signed in has been signed out. <Link to="/login">Sign in</Link> with the new
          password.
        </Notice>
      ) : (
        <form className="form card" onSubmit={submit} noValidate>
          <NewPasswordField id="newPassword" messages={fields} />
          {fields.has('token') && (
            <Notice tone="warning">
              This link is invalid, already used or expired. <Link to="/forgot-password">Ask for a new link</Link>.
            </Notice>
          )}
          {reset.error && fields.size === 0 && <ErrorMessage error={reset.error} />}
          <button className="button primary" type="submit" disabled={reset.isPending}>
            {reset.isPending ? 'Please wait…' : 'Set new password'}
          </button>
        </form>
      )}
    </div>
  );
}
