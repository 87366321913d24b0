import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client.js';
import type { User } from '../api/types.js';
import { ErrorMessage } from '../components/feedback.js';
import { PageTitle } from '../components/layout.js';
import { LoginCodeStep } from './login-code-step.js';
import { useSession } from './session.js';

/** Organizers land on their dashboard, door staff on the scanner, customers on the home page. */
function homeOf(roles: readonly string[]): string {
  if (roles.some((r) => r === 'organizer' || r === 'admin')) return '/organizer';
  return roles.includes('scanner') ? '/scan' : '/';
}

/** Only same-site paths: a `next` pointing elsewhere would be an open redirect. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const { login, register } = useSession();
  const navigate = useNavigate();
  // Set when the password was right and the account asks for a code from the authenticator app.
  const [challenge, setChallenge] = useState<string | null>(null);
  const finish = (user: User) => navigate(next === '/' ? homeOf(user.roles) : next, { replace: true });
  const signIn = useMutation({
    mutationFn: (form: FormData) => {
      const email = String(form.get('email'));
      const password = String(form.get('password'));
      return mode === 'login' ? login(email, password) : register(String(form.get('name')), email, password);
    },
    // Organizers and admins come to manage events: without a page to return to, they land on their dashboard.
    onSuccess: finish,
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'TOTP_REQUIRED') {
        setChallenge((err.details as { challenge: string }).challenge);
      }
    },
  });
  const error =
    signIn.error &&
    !(signIn.error instanceof ApiError && signIn.error.code === 'TOTP_REQUIRED') &&
    (signIn.error instanceof ApiError ? signIn.error.message : 'Something went wrong, please try again.');
  const busy = signIn.isPending;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    signIn.mutate(new FormData(e.currentTarget));
  }

  if (challenge) {
    return (
      <div className="narrow">
        <PageTitle>Two-factor sign-in</PageTitle>
        <LoginCodeStep
          challenge={challenge}
          onSignedIn={finish}
          onRestart={() => {
            setChallenge(null);
            signIn.reset();
          }}
        />
      </div>
    );
  }

  return (
    <div className="narrow">
      <PageTitle>{mode === 'login' ? 'Sign in' : 'Create an account'}</PageTitle>
      {next !== '/' && <p className="muted">Sign in to continue where you left off.</p>}
      <form className="form card" onSubmit={submit}>
        {mode === 'register' && (
          <div className="field">
            <label htmlFor="name">Name</label>
            <input id="name" name="name" autoComplete="name" required maxLength={200} />
          </div>
        )}
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="email" required />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
            minLength={8}
            required
          />
          {mode === 'register' && <p className="hint">At least 8 characters.</p>}
          {mode === 'login' && (
            <p className="hint">
              <Link to="/forgot-password">Forgot your password?</Link>
            </p>
          )}
        </div>
        {error && <ErrorMessage error={error} />}
        <button className="button primary" type="submit" disabled={busy}>
          {busy ? 'Please wait…' : mode === 'login' ? 'Sign in' : 'Create account'}
        </button>
      </form>
      <p>
        {mode === 'login' ? 'New to Boxoffice?' : 'Already have an account?'}{' '}
        <button type="button" className="link-button" onClick={() => setMode(mode === 'login' ? 'register' : 'login')}>
          {mode === 'login' ? 'Create an account' : 'Sign in instead'}
        </button>
      </p>
    </div>
  );
}
