import { FieldError } from './field-error.js';

/** The new-password input with the policy hint and the server's field message, wherever a password is chosen. */
export function NewPasswordField({ id, messages }: { id: string; messages: Map<string, string> }) {
  return (
    <div className="field">
      <label htmlFor={id}>New password</label>
      <input
        id={id}
        name="newPassword"
        type="password"
        autoComplete="new-password"
        minLength={8}
        required
        aria-invalid={messages.has('newPassword')}
        aria-describedby={`${id}-hint ${id}-error`}
      />
      <p className="hint" id={`${id}-hint`}>
        At least 8 characters and hard to guess: a few unrelated words work well.
      </p>
      <FieldError messages={messages} field="newPassword" id={`${id}-error`} />
    </div>
  );
}
