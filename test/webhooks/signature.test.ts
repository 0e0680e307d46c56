import { describe, expect, it } from 'vitest';
import { signWebhookPayload, verifyWebhookSignature } from '../../src/webhooks/index.js';

const secret = 'whsec_test-secret';
const body = JSON.stringify({
  id: 'chg_42',
  type: 'accounts.updated',
  createdAt: '2026-11-25T10:00:00.000Z',
  data: {},
});
const signedAt = new Date('2026-11-25T10:00:00Z');

describe('webhook signatures', () => {
  it('round-trips: what cwsync signs, the receiver accepts', () => {
    const header = signWebhookPayload(body, secret, signedAt);

    expect(header).toMatch(/^t=1795600800,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(body, header, secret, { now: signedAt })).toEqual({
      valid: true,
      timestamp: 1795600800,
    });
    expect(
      verifyWebhookSignature(Buffer.from(body), header, secret, { now: signedAt.getTime() + 299_000 }).valid,
    ).toBe(true);
  });

  it('rejects a replay: a timestamp outside the 5-minute window, either way', () => {
    const header = signWebhookPayload(body, secret, signedAt);

    const late = verifyWebhookSignature(body, header, secret, { now: signedAt.getTime() + 301_000 });
    const early = verifyWebhookSignature(body, header, secret, { now: signedAt.getTime() - 301_000 });

    expect(late).toMatchObject({ valid: false, reason: 'timestamp-outside-tolerance' });
    expect(early).toMatchObject({ valid: false, reason: 'timestamp-outside-tolerance' });
    expect(
      verifyWebhookSignature(body, header, secret, {
        now: signedAt.getTime() + 3_600_000,
        toleranceSeconds: 7200,
      }).valid,
    ).toBe(true);
  });

  it('rejects a tampered body, a moved timestamp, and the wrong secret', () => {
    const header = signWebhookPayload(body, secret, signedAt);
    const movedTimestamp = header.replace('t=1795600800', 't=1795600860');

    expect(verifyWebhookSignature(body.replace('42', '43'), header, secret, { now: signedAt })).toMatchObject(
      {
        valid: false,
        reason: 'signature-mismatch',
      },
    );
    expect(verifyWebhookSignature(body, movedTimestamp, secret, { now: signedAt })).toMatchObject({
      valid: false,
      reason: 'signature-mismatch',
    });
    expect(verifyWebhookSignature(body, header, 'whsec_other', { now: signedAt }).valid).toBe(false);
  });

  it('rejects a missing or malformed header', () => {
    expect(verifyWebhookSignature(body, undefined, secret)).toMatchObject({
      valid: false,
      reason: 'missing-header',
    });
    expect(verifyWebhookSignature(body, 'sha256=abc', secret)).toMatchObject({
      valid: false,
      reason: 'malformed-header',
    });
    expect(verifyWebhookSignature(body, 't=1795600800,v1=zz', secret)).toMatchObject({
      valid: false,
      reason: 'malformed-header',
    });
  });

  it('accepts any matching v1 entry, so a secret can be rotated', () => {
    const current = signWebhookPayload(body, secret, signedAt);
    const old = signWebhookPayload(body, 'whsec_old', signedAt).split(',')[1];
    expect(verifyWebhookSignature(body, `${current},${old}`, 'whsec_old', { now: signedAt }).valid).toBe(
      true,
    );
  });
});
