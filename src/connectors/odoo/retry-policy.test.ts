import { describe, expect, it } from 'vitest';
import { OdooError, type OdooErrorCode } from './errors.js';
import { isIdempotentMethod, shouldRetry } from './retry-policy.js';

const error = (code: OdooErrorCode, notSent = false) => new OdooError({ code, message: code, notSent });

describe('shouldRetry', () => {
  it.each<[string, OdooError, boolean, boolean]>([
    ['network, read', error('network'), true, true],
    ['timeout, read', error('timeout'), true, true],
    ['5xx, read', error('server'), true, true],
    ['conflict, read', error('conflict'), true, true],
    ['access, read', error('access'), true, false],
    ['auth, read', error('auth'), true, false],
    ['validation, read', error('validation'), true, false],
    ['missing, read', error('missing'), true, false],
    ['user, read', error('user'), true, false],
    ['protocol, read', error('protocol'), true, false],
    ['timeout, create: it may have run', error('timeout'), false, false],
    ['5xx, create: it may have run', error('server'), false, false],
    ['connection reset, create', error('network'), false, false],
    ['connection refused, create: never sent', error('network', true), false, true],
    ['conflict, create: Odoo rolled it back', error('conflict'), false, true],
    ['validation, create', error('validation'), false, false],
  ])('%s → %s', (_, failure, idempotent, expected) => {
    expect(shouldRetry(failure, idempotent)).toBe(expected);
  });
});

describe('isIdempotentMethod', () => {
  it.each([
    ['search_read', true],
    ['read', true],
    ['search_count', true],
    ['write', true],
    ['create', false],
    ['load', false],
    ['copy', false],
    ['action_feedback', false],
    ['unlink', false],
  ] as const)('%s → %s', (method, expected) => {
    expect(isIdempotentMethod(method)).toBe(expected);
  });
});
