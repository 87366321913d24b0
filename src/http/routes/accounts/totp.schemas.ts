import { Type, type Static } from 'typebox';
import { PASSWORD_MAX } from '../../../domain/users/users.types.js';

const Code = Type.String({
  minLength: 6,
  maxLength: 20,
  pattern: '^[0-9A-Za-z -]+$',
  description: 'The 6-digit code from the authenticator app, or one of the recovery codes (xxxx-xxxx-xxxx)',
  examples: ['123456'],
});

export const TotpStatusReply = Type.Object({
  enabled: Type.Boolean({ description: 'Sign-in asks for a code' }),
  recoveryCodesLeft: Type.Integer({ minimum: 0, description: 'Unused recovery codes (0 when off)' }),
});

export const TotpEnrolmentReply = Type.Object({
  secret: Type.String({ description: 'Base32 secret, for apps that cannot scan' }),
  uri: Type.String({ description: 'otpauth:// URI' }),
  qrDataUrl: Type.String({ description: 'The URI as a PNG QR code (data: URL)' }),
});

export const TotpConfirmBody = Type.Object(
  { code: Type.String({ minLength: 6, maxLength: 8, pattern: '^\\s*[0-9]{6}\\s*$', description: 'The app’s current 6-digit code' }) },
  { additionalProperties: false },
);
export const TotpConfirmReply = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: 'Shown this once: each signs in once without the app' }),
});

export const TotpDisableBody = Type.Object(
  { code: Type.Optional(Code), password: Type.Optional(Type.String({ minLength: 1, maxLength: PASSWORD_MAX })) },
  { additionalProperties: false, description: 'A current code (or a recovery code) or the account password' },
);

export const TotpLoginBody = Type.Object(
  {
    challenge: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$', description: 'From the TOTP_REQUIRED reply' }),
    code: Code,
  },
  { additionalProperties: false },
);

export type TotpStatusReply = Static<typeof TotpStatusReply>;
export type TotpEnrolmentReply = Static<typeof TotpEnrolmentReply>;
export type TotpConfirmBody = Static<typeof TotpConfirmBody>;
export type TotpConfirmReply = Static<typeof TotpConfirmReply>;
export type TotpDisableBody = Static<typeof TotpDisableBody>;
export type TotpLoginBody = Static<typeof TotpLoginBody>;
