import { describe, expect, it } from 'vitest';
import { classifyOdooFault, type OdooFault, wasNeverSent } from './classify.js';
import type { OdooErrorCode } from './errors.js';

const cases: Array<[string, OdooFault, OdooErrorCode]> = [
  ['bad login over JSON-RPC', { odooName: 'odoo.exceptions.AccessDenied', httpStatus: 200 }, 'auth'],
  ['no read right', { odooName: 'odoo.exceptions.AccessError', httpStatus: 200 }, 'access'],
  ['constraint', { odooName: 'odoo.exceptions.ValidationError', httpStatus: 422 }, 'validation'],
  ['deleted record', { odooName: 'odoo.exceptions.MissingError', httpStatus: 404 }, 'missing'],
  ['business rule', { odooName: 'odoo.exceptions.UserError', httpStatus: 422 }, 'user'],
  ['redirect warning', { odooName: 'odoo.exceptions.RedirectWarning' }, 'user'],
  ['session gone', { odooName: 'odoo.http.SessionExpiredException' }, 'session'],
  ['record locked', { odooName: 'odoo.exceptions.LockError', httpStatus: 409 }, 'conflict'],
  ['serialization', { odooName: 'psycopg2.errors.SerializationFailure' }, 'conflict'],
  ['deadlock', { odooName: 'psycopg2.errors.DeadlockDetected' }, 'conflict'],
  ['unique index', { odooName: 'psycopg2.errors.UniqueViolation' }, 'validation'],
  ['integrity', { odooName: 'psycopg2.IntegrityError' }, 'validation'],
  [
    'unknown database over JSON-RPC',
    { odooName: 'psycopg2.OperationalError', message: 'FATAL:  database "x" does not exist' },
    'missing',
  ],
  [
    'lost PostgreSQL connection',
    { odooName: 'psycopg2.OperationalError', message: 'server closed the connection' },
    'server',
  ],
  [
    'unknown model over JSON-RPC',
    { odooName: 'odoo.exceptions.UserError', message: "Object x_foo doesn't exist" },
    'missing',
  ],
  [
    'unknown model over JSON-RPC, in Bahasa Indonesia (Odoo 17, id_ID user)',
    { odooName: 'odoo.exceptions.UserError', message: "Objek 'x_h23.nope' tidak ada" },
    'missing',
  ],
  [
    'another UserError is not an unknown model',
    { odooName: 'odoo.exceptions.UserError', message: 'Anda tidak dapat menghapus pengguna admin' },
    'user',
  ],
  ['unknown model over JSON-2', { odooName: 'werkzeug.exceptions.NotFound', httpStatus: 404 }, 'missing'],
  ['JSON-2 bad key', { odooName: 'werkzeug.exceptions.Unauthorized', httpStatus: 401 }, 'auth'],
  [
    'JSON-2 bad arguments',
    { odooName: 'werkzeug.exceptions.UnprocessableEntity', httpStatus: 422 },
    'protocol',
  ],
  ['wrong positional args', { odooName: 'builtins.TypeError', httpStatus: 200 }, 'protocol'],
  ['bad domain field', { odooName: 'builtins.ValueError', httpStatus: 500 }, 'protocol'],
  ['unknown Python error', { odooName: 'builtins.RuntimeError', httpStatus: 500 }, 'server'],
  ['proxy 502 without body', { httpStatus: 502 }, 'server'],
  ['proxy 504', { httpStatus: 504 }, 'timeout'],
  ['rate limited', { httpStatus: 429 }, 'server'],
  ['plain 401', { httpStatus: 401 }, 'auth'],
  ['plain 403', { httpStatus: 403 }, 'access'],
  ['plain 404 page', { httpStatus: 404 }, 'missing'],
  ['plain 400', { httpStatus: 400 }, 'protocol'],
  ['connection refused', { networkCode: 'ECONNREFUSED' }, 'network'],
  ['connection reset', { networkCode: 'ECONNRESET' }, 'network'],
  ['socket timeout', { networkCode: 'ETIMEDOUT' }, 'timeout'],
  ['our deadline', { timedOut: true, networkCode: 'ERR_CANCELED' }, 'timeout'],
  ['200 without anything known', {}, 'protocol'],
];

describe('classifyOdooFault', () => {
  it.each(cases)('%s → %s', (_, fault, code) => {
    expect(classifyOdooFault(fault)).toBe(code);
  });
});

describe('wasNeverSent', () => {
  it.each([
    ['ECONNREFUSED', true],
    ['ENOTFOUND', true],
    ['EAI_AGAIN', true],
    ['ECONNRESET', false],
    ['ETIMEDOUT', false],
  ] as const)('%s → %s', (networkCode, expected) => {
    expect(wasNeverSent({ networkCode })).toBe(expected);
  });

  it('is false when there was a reply', () => {
    expect(wasNeverSent({ httpStatus: 502 })).toBe(false);
  });
});
