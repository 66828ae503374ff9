import { describe, expect, it } from 'vitest';
import { OdooError, type OdooErrorCode } from './errors.js';
import {
  isIdempotentMethod,
  isOutage,
  mayHaveRun,
  type RetrySettings,
  retryAgain,
  retryPause,
  shouldRetry,
} from './retry-policy.js';

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

describe('mayHaveRun', () => {
  it.each<[string, OdooError, boolean]>([
    ['connection reset: the request may have run', error('network'), true],
    ['deadline passed', error('timeout'), true],
    ['502 from a proxy', error('server'), true],
    ['connection refused: never sent', error('network', true), false],
    ['conflict: Odoo rolled it back', error('conflict'), false],
    ['validation: an answer', error('validation'), false],
  ])('%s → %s', (_, failure, expected) => {
    expect(mayHaveRun(failure)).toBe(expected);
  });
});

describe('isOutage', () => {
  it.each<[string, OdooError, boolean]>([
    ['refused', error('network', true), true],
    ['reset', new OdooError({ code: 'network', message: 'reset', odooName: 'ECONNRESET' }), true],
    ['deadline', error('timeout'), true],
    ['a proxy 503 page', new OdooError({ code: 'server', message: 'HTTP 503', httpStatus: 503 }), true],
    [
      'an exception Odoo answered',
      new OdooError({ code: 'server', message: 'x', odooName: 'builtins.RuntimeError' }),
      false,
    ],
    ['a serialization conflict', error('conflict'), false],
    ['a validation error', error('validation'), false],
  ])('%s → %s', (_, failure, expected) => {
    expect(isOutage(failure)).toBe(expected);
  });
});

describe('retryPause', () => {
  const settings: RetrySettings = { retries: 4, minTimeoutMs: 500, maxTimeoutMs: 15000 };
  it.each([
    [1, 0, 500],
    [2, 0, 1000],
    [3, 0, 2000],
    [6, 0, 15000],
    [20, 0, 15000],
    [1, 1, 1000],
    [3, 0.5, 3000],
  ])('retry %i, random %f → %i ms', (retry, random, expected) => {
    expect(retryPause(retry, settings, random)).toBe(expected);
  });
});

describe('retryAgain', () => {
  const settings: RetrySettings = { retries: 2, minTimeoutMs: 500, maxTimeoutMs: 15000, windowMs: 60000 };
  const refused = error('network', true);
  const odoo500 = new OdooError({ code: 'server', message: 'boom', odooName: 'builtins.RuntimeError' });
  const proxy502 = new OdooError({ code: 'server', message: 'HTTP 502', httpStatus: 502 });
  it.each<[string, OdooError, number, number, number, RetrySettings, boolean]>([
    ['within the retries, whatever the time', refused, 1, 90000, 1000, settings, true],
    ['past the retries, inside the window', refused, 5, 30000, 15000, settings, true],
    ['a proxy 502 past the retries, inside the window', proxy502, 5, 30000, 15000, settings, true],
    ['past the retries, the pause would end past the window', refused, 5, 50000, 15000, settings, false],
    ['an exception Odoo answered, past the retries: Odoo is up', odoo500, 2, 10, 10, settings, false],
    ['an exception Odoo answered, within the retries', odoo500, 1, 10, 10, settings, true],
    ['a conflict past the retries', error('conflict'), 2, 10, 10, settings, false],
    ['past the retries, no window', refused, 2, 10, 10, { ...settings, windowMs: 0 }, false],
    [
      'past the retries, window absent',
      refused,
      2,
      10,
      10,
      { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 1 },
      false,
    ],
  ])('%s', (_, failure, retried, failingFor, pause, given, expected) => {
    expect(retryAgain(failure, retried, failingFor, pause, given)).toBe(expected);
  });
});
