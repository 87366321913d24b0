import { useState, type FormEvent } from 'react';
import { useChangePassword } from '../../api/mutations.js';
import { ErrorMessage, Notice } from '../../components/feedback.js';
import { FieldError, fieldMessages } from '../../components/field-error.js';
import { NewPasswordField } from '../../components/new-password-field.js';

export function PasswordSection() {
  const change = useChangePassword();
  const [formKey, setFormKey] = useState(0);
  const fields = fieldMessages(change.error);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    change.mutate(
      { currentPassword: String(form.get('currentPassword')), newPassword: String(form.get('newPassword')) },
      { onSuccess: () => setFormKey((k) => k + 1) },
    );
  }

  return (
    <section className="card account-section" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <form key={formKey} className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="current-password">Current password</label>
          <input
            id="current-password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={fields.has('currentPassword')}
            aria-describedby="current-password-error"
          />
          <FieldError messages={fields} field="currentPassword" id="current-password-error" />
        </div>
        <NewPasswordField id="new-password" messages={fields} />
        {change.error && fields.size === 0 && <ErrorMessage error={change.error} />}
        {change.isSuccess && <Notice tone="success">Your password is changed. Every other device has been signed out.</Notice>}
        <div>
          <button className="button primary" type="submit" disabled={change.isPending}>
            {change.isPending ? 'Saving…' : 'Change password'}
          </button>
        </div>
      </form>
    </section>
  );
}
