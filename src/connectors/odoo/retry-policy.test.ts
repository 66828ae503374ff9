import { describe, expect, it } from 'vitest';
import { OdooError, type OdooErrorCode } from './errors.js';
import {
  isIdempotentMethod,
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
  it.each<[string, number, number, number, RetrySettings, boolean]>([
    ['within the retries, whatever the time', 1, 90000, 1000, settings, true],
    ['past the retries, inside the window', 5, 30000, 15000, settings, true],
    ['past the retries, the pause would end past the window', 5, 50000, 15000, settings, false],
    ['past the retries, no window', 2, 10, 10, { ...settings, windowMs: 0 }, false],
    ['past the retries, window absent', 2, 10, 10, { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 1 }, false],
  ])('%s', (_, retried, failingFor, pause, given, expected) => {
    expect(retryAgain(retried, failingFor, pause, given)).toBe(expected);
  });
});
