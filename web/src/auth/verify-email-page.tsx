import { useEffect } from 'react';
import { Link, useLocation } from 'react-router';
import { useVerifyEmail } from '../api/mutations.js';
import { Loading, Notice } from '../components/feedback.js';
import { PageTitle } from '../components/layout.js';
import { tokenFromHash } from './reset-password-page.js';

export default function VerifyEmailPage() {
  const token = tokenFromHash(useLocation().hash);
  const verify = useVerifyEmail();
  const { mutate } = verify;
  useEffect(() => {
    if (token) mutate(token);
  }, [token, mutate]);

  return (
    <div className="narrow">
      <PageTitle>Confirm your e-mail address</PageTitle>
      {!token || verify.isError ? (
        <Notice tone="warning">
          This confirmation link is invalid, already used or expired. Signed in, you can send a new one from the notice at the top of the
          page.
        </Notice>
      ) : verify.isSuccess ? (
        <Notice tone="success">
          Thank you — your address is confirmed. <Link to="/">Find events</Link>
        </Notice>
      ) : (
        <Loading label="Confirming…" />
      )}
    </div>
  );
}
