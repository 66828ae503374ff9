import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hasValidSignature, signatureOf } from './signature.js';

// Made per run: no secret, not even a test one, is written in the repository.
const secret = randomBytes(16).toString('hex');
const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');

describe('hasValidSignature', () => {
  it('accepts the HMAC-SHA256 of the raw body with the app secret', () => {
    expect(hasValidSignature(body, signatureOf(body, secret), secret)).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['of another secret', signatureOf(body, 'other')],
    ['of another body', signatureOf(Buffer.from('{}'), secret)],
    ['without the sha256= prefix', signatureOf(body, secret).slice('sha256='.length)],
    ['truncated', signatureOf(body, secret).slice(0, 20)],
  ])('refuses a signature %s', (_name, header) => {
    expect(hasValidSignature(body, header, secret)).toBe(false);
  });

  it('refuses everything when no app secret is configured', () => {
    expect(hasValidSignature(body, signatureOf(body, ''), '')).toBe(false);
  });
});
