import { useSession } from '../../auth/session.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';
import { PasswordSection } from './password-section.js';
import { PrivacySection } from './privacy-section.js';
import { ProfileSection } from './profile-section.js';
import { SessionsSection } from './sessions-section.js';
import { TwoFactorSection } from './two-factor-section.js';

function Account() {
  const { hasRole } = useSession();
  return (
    <div className="narrow-wide account-page">
      <PageTitle>Your account</PageTitle>
      <ProfileSection />
      <PasswordSection />
      {/* Two-factor sign-in is offered to the accounts that run events (issue 12). */}
      {hasRole('organizer', 'admin') && <TwoFactorSection />}
      <SessionsSection />
      <PrivacySection />
    </div>
  );
}

export default function AccountPage() {
  return (
    <RequireLogin>
      <Account />
    </RequireLogin>
  );
}
