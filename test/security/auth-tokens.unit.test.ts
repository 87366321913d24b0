import { describe, expect, it } from 'vitest';
import { createAuthTokens } from '../../src/security/auth-tokens.js';
import { ManualClock } from '../../src/domain/clock.js';

const secret = 'auth-token-test-secret-0123456789-abcdefghij';

describe('auth tokens', () => {
  it('verifies a token once, then answers from memory until it expires', async () => {
    const clock = new ManualClock(new Date('2031-03-01T10:00:00Z'));
    const tokens = createAuthTokens(secret, clock);
    const claims = { userId: crypto.randomUUID(), sessionId: crypto.randomUUID(), expiresAt: new Date('2031-03-01T11:00:00Z') };
    const token = await tokens.issue(claims);
    expect(await tokens.verify(token)).toEqual(claims);
    expect(await tokens.verify(token)).toEqual(claims);
    clock.advance(60 * 60 * 1000);
    // Remembered or not, an expired token is refused.
    expect(await tokens.verify(token)).toBeNull();
    expect(await createAuthTokens(secret, clock).verify(token)).toBeNull();
  });

  it('never remembers a token that failed, and one changed character fails whatever was verified before', async () => {
    const clock = new ManualClock(new Date('2031-03-01T10:00:00Z'));
    const tokens = createAuthTokens(secret, clock);
    const token = await tokens.issue({
      userId: crypto.randomUUID(),
      sessionId: crypto.randomUUID(),
      expiresAt: new Date('2031-03-02T00:00:00Z'),
    });
    expect(await tokens.verify(token)).not.toBeNull();
    // A character inside the signature (the last one may carry only padding bits).
    const at = token.length - 10;
    const tampered = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
    expect(await tokens.verify(tampered)).toBeNull();
    expect(await tokens.verify(tampered)).toBeNull();
    const foreign = await createAuthTokens(`${secret}-other`, clock).verify(token);
    expect(foreign).toBeNull();
  });
});
