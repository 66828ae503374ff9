import { describe, expect, it } from 'vitest';
import type { OdooErrorCode } from '../connectors/odoo/errors.js';
import {
  type AdviceInput,
  adviseOnFailure,
  adviseOnSetup,
  type DoctorStep,
  type SetupAdvice,
  type SetupInput,
} from './doctor-advice.js';

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

describe('adviseOnSetup: branches set up for the KPB schedule', () => {
  const pusat = { id: 1, name: 'Cabang Pusat', dealerCode: 'AHS01', crmAdminIds: [11] };
  const timur = { id: 2, name: 'Cabang Timur', dealerCode: 'AHS02', crmAdminIds: [] };
  const setup = (extra: Partial<SetupInput> = {}): SetupInput => ({
    branches: [pusat],
    unitsWithoutBranch: new Map(),
    unitsByBranch: new Map([[1, 500]]),
    openWithoutBranch: 0,
    openWithoutAdmin: 0,
    ...extra,
  });

  it.each<[string, SetupInput, SetupAdvice['status'], string, RegExp | undefined]>([
    [
      'every unit in a branch with a CRM admin',
      setup(),
      'ok',
      '1 branch(es); every unit of the KPB window is in a branch with a CRM admin',
      undefined,
    ],
    [
      'units without a branch whose code a branch now has: linked on the next run, nothing held',
      setup({ unitsWithoutBranch: new Map([['AHS01', 7]]) }),
      'ok',
      '1 branch(es); every unit of the KPB window is in a branch with a CRM admin; 7 unit(s) without a branch get theirs on the next schedule run',
      undefined,
    ],
    [
      'no branch at all (the issue: CDB imported first)',
      setup({ branches: [], unitsWithoutBranch: new Map([['AHS01', 35]]), unitsByBranch: new Map() }),
      'warn',
      'no branch (Cabang) in Odoo yet; 35 unit(s) held from KPB follow-ups: no branch for dealer code AHS01 (35)',
      /^Before importing the CDB, create each branch in Odoo \(CRM H23 → Konfigurasi → Cabang\) with its Kode Dealer .* and its CRM admins/,
    ],
    [
      'no branch and nothing imported yet',
      setup({ branches: [], unitsByBranch: new Map() }),
      'warn',
      'no branch (Cabang) in Odoo yet',
      /^Before importing the CDB, create each branch/,
    ],
    [
      'unknown dealer codes and a branch without CRM admin',
      setup({
        branches: [pusat, timur],
        unitsWithoutBranch: new Map<string | null, number>([
          ['AHS09', 3],
          [null, 1],
        ]),
        unitsByBranch: new Map([
          [1, 500],
          [2, 20],
        ]),
      }),
      'warn',
      '24 unit(s) held from KPB follow-ups: no branch for dealer code AHS09 (3), no dealer code (1); branch "Cabang Timur" has no CRM admin (20)',
      /^Create a branch for each dealer code named.*; add the CRM admins \(Admin CRM\) of each branch named\. The next schedule run schedules them\.$/,
    ],
    [
      'open follow-ups made without an admin, branches now complete',
      setup({ openWithoutAdmin: 35, openWithoutBranch: 35 }),
      'warn',
      'open follow-ups 35 without a branch, 35 without a CRM admin',
      /^The next schedule run schedules the held units and gives the open follow-ups their branch, admin and activity\.$/,
    ],
    [
      'a default branch no branch carries',
      setup({ defaultBranch: 'AHS9' }),
      'warn',
      'import.defaultBranch is "AHS9", but no branch has that dealer code (known: AHS01): imports and the schedule stop with an error',
      /correct import\.defaultBranch \(IMPORT_DEFAULT_BRANCH\)/,
    ],
    [
      'a default branch takes the units of unknown codes',
      setup({ defaultBranch: 'AHS01', unitsWithoutBranch: new Map([['AHS09', 3]]) }),
      'ok',
      '1 branch(es); every unit of the KPB window is in a branch with a CRM admin; 3 unit(s) without a branch get theirs on the next schedule run',
      undefined,
    ],
  ])('%s', (_, input, status, detail, fix) => {
    const advice = adviseOnSetup(input);
    expect(advice.status).toBe(status);
    expect(advice.detail).toBe(detail);
    if (fix) expect(advice.fix).toMatch(fix);
    else expect(advice.fix).toBeUndefined();
  });
});
