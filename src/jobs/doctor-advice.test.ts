import { describe, expect, it } from 'vitest';
import type { OdooErrorCode } from '../connectors/odoo/errors.js';
import { type AdviceInput, adviseOnFailure, type DoctorStep } from './doctor-advice.js';

function input(
  step: DoctorStep,
  code: OdooErrorCode,
  message = '',
  extra: Partial<AdviceInput> & { odooName?: string; httpStatus?: number } = {},
): AdviceInput {
  const { odooName, httpStatus, ...rest } = extra;
  return {
    step,
    error: { code, message, odooName, httpStatus },
    url: 'https://erp.dealer.co.id',
    db: 'dealer',
    protocol: 'auto',
    usesApiKey: true,
    ...rest,
  };
}

describe('adviseOnFailure', () => {
  it.each<[string, AdviceInput, RegExp, RegExp]>([
    [
      'wrong host',
      input('reach', 'network', '', { odooName: 'ENOTFOUND' }),
      /cannot be resolved/,
      /spelling of ODOO_URL/,
    ],
    [
      'wrong port',
      input('reach', 'network', '', { odooName: 'ECONNREFUSED' }),
      /Nothing accepts connections/,
      /8069/,
    ],
    ['slow server', input('reach', 'timeout'), /did not answer in time/, /ODOO_TIMEOUT_MS/],
    ['not Odoo', input('reach', 'protocol', 'HTTP 404'), /not like an Odoo server/, /without \/web/],
    [
      'JSON-2 on Odoo 17',
      input('protocol', 'protocol', 'JSON-2 needs Odoo 19'),
      /JSON-2 needs Odoo 19/,
      /ODOO_PROTOCOL=auto/,
    ],
    [
      'wrong database',
      input('login', 'missing', 'database "x" does not exist', { databases: ['dealer_prod', 'dealer_test'] }),
      /no database named "dealer".*dealer_prod, dealer_test/,
      /ODOO_DB/,
    ],
    [
      'bad or expired API key',
      input('login', 'auth', 'Invalid apikey'),
      /wrong, revoked or expired/,
      /New API Key/,
    ],
    [
      'bad password',
      input('login', 'auth', 'Access Denied', { usesApiKey: false }),
      /login and password/,
      /ODOO_PASSWORD/,
    ],
    [
      'missing rights',
      input('rights', 'access', 'no right to create res.partner'),
      /create res\.partner/,
      /CRM H23 \/ Bridge \(pengguna teknis\)/,
    ],
    ['anything else', input('login', 'server', 'boom'), /\(server\): boom/, /LOG_LEVEL=debug/],
  ])('%s', (_, failure, cause, fix) => {
    const advice = adviseOnFailure(failure);
    expect(advice.cause).toMatch(cause);
    expect(advice.fix).toMatch(fix);
  });

  it('gives each failure its own cause', () => {
    const causes = [
      input('reach', 'network', '', { odooName: 'ENOTFOUND' }),
      input('reach', 'network', '', { odooName: 'ECONNREFUSED' }),
      input('login', 'missing', 'database'),
      input('login', 'auth'),
      input('login', 'auth', '', { usesApiKey: false }),
      input('rights', 'access'),
      input('protocol', 'protocol'),
    ].map((failure) => adviseOnFailure(failure).cause);
    expect(new Set(causes).size).toBe(causes.length);
  });
});
