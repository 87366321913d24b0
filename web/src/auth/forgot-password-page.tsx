import { type FormEvent } from 'react';
import { Link } from 'react-router';
import { useRequestPasswordReset } from '../api/mutations.js';
import { ErrorMessage, Notice } from '../components/feedback.js';
import { FieldError, fieldMessages } from '../components/field-error.js';
import { PageTitle } from '../components/layout.js';

export default function ForgotPasswordPage() {
  const request = useRequestPasswordReset();
  const fields = fieldMessages(request.error);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    request.mutate(String(new FormData(e.currentTarget).get('email')));
  }

  return (
    <div className="narrow">
      <PageTitle>Reset your password</PageTitle>
      {request.isSuccess ? (
        <Notice tone="success">
          {request.data.message} Open the link in the mail within an hour; it works once. Nothing arrived? Check your spam folder or{' '}
          <button type="button" className="link-button" onClick={() => request.reset()}>
            try again
          </button>
          .
        </Notice>
      ) : (
        <form className="form card" onSubmit={submit} noValidate>
          <p className="muted">We will mail you a link to choose a new password.</p>
          <div className="field">
            <label htmlFor="email">Email</label>
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="email"
              required
              aria-invalid={fields.has('email')}
              aria-describedby="email-error"
            />
            <FieldError messages={fields} field="email" id="email-error" />
          </div>
          {request.error && fields.size === 0 && <ErrorMessage error={request.error} />}
          <button className="button primary" type="submit" disabled={request.isPending}>
            {request.isPending ? 'Please wait…' : 'Send reset link'}
          </button>
        </form>
      )}
      <p>
        <Link to="/login">Back to sign in</Link>
      </p>
    </div>
  );
}
