import { useState, type FormEvent } from 'react';
import { useChangeEmail, useRenameAccount } from '../../api/mutations.js';
import { useSession } from '../../auth/session.js';
import { ErrorMessage, Notice } from '../../components/feedback.js';
import { FieldError, fieldMessages } from '../../components/field-error.js';

export function ProfileSection() {
  const { user } = useSession();
  const rename = useRenameAccount();
  const changeEmail = useChangeEmail();
  const [emailFormKey, setEmailFormKey] = useState(0);
  if (!user) return null;
  const nameFields = fieldMessages(rename.error);
  const emailFields = fieldMessages(changeEmail.error);

  function submitName(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    rename.mutate({ name: String(new FormData(e.currentTarget).get('name')) });
  }
  function submitEmail(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    changeEmail.mutate(
      { email: String(form.get('email')), password: String(form.get('password')) },
      // A fresh form: the password does not linger in the page.
      { onSuccess: () => setEmailFormKey((k) => k + 1) },
    );
  }

  return (
    <section className="card account-section" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      <dl className="account-facts">
        <dt>Name</dt>
        <dd>{user.name ?? '—'}</dd>
        <dt>E-mail</dt>
        <dd>
          <span className="break-anywhere">{user.email}</span>{' '}
          {user.emailVerified ? <span className="badge badge-verified">Confirmed</span> : <span className="badge">Not confirmed yet</span>}
        </dd>
      </dl>

      <form className="form" onSubmit={submitName} noValidate aria-labelledby="name-form-heading">
        <h3 id="name-form-heading">Change your name</h3>
        <div className="field">
          <label htmlFor="account-name">Name</label>
          <input
            id="account-name"
            name="name"
            autoComplete="name"
            defaultValue={user.name ?? ''}
            required
            maxLength={200}
            aria-invalid={nameFields.has('name')}
            aria-describedby="account-name-error"
            onChange={() => rename.isSuccess && rename.reset()}
          />
          <FieldError messages={nameFields} field="name" id="account-name-error" />
        </div>
        {rename.error && nameFields.size === 0 && <ErrorMessage error={rename.error} />}
        {rename.isSuccess && <Notice tone="success">Your name is saved.</Notice>}
        <div>
          <button className="button primary" type="submit" disabled={rename.isPending}>
            {rename.isPending ? 'Saving…' : 'Save name'}
          </button>
        </div>
      </form>

      <form key={emailFormKey} className="form" onSubmit={submitEmail} noValidate aria-labelledby="email-form-heading">
        <h3 id="email-form-heading">Change your e-mail address</h3>
        <p className="hint">
          The account uses the new address at once. We send a confirmation link to it, and a notice to the old address.
        </p>
        <div className="field">
          <label htmlFor="account-email">New e-mail address</label>
          <input
            id="account-email"
            name="email"
            type="email"
            autoComplete="email"
            required
            aria-invalid={emailFields.has('email')}
            aria-describedby="account-email-error"
          />
          <FieldError messages={emailFields} field="email" id="account-email-error" />
        </div>
        <div className="field">
          <label htmlFor="account-email-password">Your password</label>
          <input
            id="account-email-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={emailFields.has('password')}
            aria-describedby="account-email-password-error"
          />
          <FieldError messages={emailFields} field="password" id="account-email-password-error" />
        </div>
        {changeEmail.error && emailFields.size === 0 && <ErrorMessage error={changeEmail.error} />}
        {changeEmail.isSuccess && (
          <Notice tone="success">Your address is changed. Open the link we sent to {changeEmail.data.user.email} to confirm it.</Notice>
        )}
        <div>
          <button className="button primary" type="submit" disabled={changeEmail.isPending}>
            {changeEmail.isPending ? 'Saving…' : 'Change e-mail'}
          </button>
        </div>
      </form>
    </section>
  );
}
