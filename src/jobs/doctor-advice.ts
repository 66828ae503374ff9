import type { OdooError } from '../connectors/odoo/errors.js';

/** The doctor's steps, in the order they run. */
export type DoctorStep = 'reach' | 'version' | 'protocol' | 'login' | 'rights' | 'whatsapp';

export interface Advice {
  cause: string;
  fix: string;
}

export interface AdviceInput {
  step: DoctorStep;
  error: Pick<OdooError, 'code' | 'message' | 'odooName' | 'httpStatus'>;
  url: string;
  db: string;
  protocol: 'jsonrpc' | 'json2' | 'auto';
  usesApiKey: boolean;
  /** Databases the server lists, when it lists them. */
  databases?: string[] | null;
}

/**
 * Pure: a failed step and its error → what went wrong in plain words and what to do.
 * Written for the IT person who installs the bridge, not for a developer.
 */
export function adviseOnFailure(input: AdviceInput): Advice {
  const { step, error, url, db } = input;
  if (error.code === 'network') {
    if (/ENOTFOUND|EAI_AGAIN/.test(error.odooName ?? '')) {
      return {
        cause: `The host name in ODOO_URL (${url}) cannot be resolved.`,
        fix: 'Check the spelling of ODOO_URL and that this machine can resolve it (DNS, /etc/hosts, VPN).',
      };
    }
    if (/ECONNREFUSED/.test(error.odooName ?? '')) {
      return {
        cause: `Nothing accepts connections at ${url}.`,
        fix: 'Check the port in ODOO_URL (Odoo listens on 8069 by default, 443 behind a proxy) and that Odoo is running.',
      };
    }
    return {
      cause: `The connection to ${url} failed (${error.odooName ?? 'network error'}).`,
      fix: 'Check the network path to Odoo (firewall, proxy, TLS certificate) and try again.',
    };
  }
  if (error.code === 'timeout') {
    return {
      cause: `Odoo at ${url} did not answer in time.`,
      fix: 'Check that the server is not overloaded or behind a blocking firewall; raise ODOO_TIMEOUT_MS if calls are legitimately slow.',
    };
  }
  if (step === 'reach') {
    return {
      cause: `${url} answers, but not like an Odoo server.`,
      fix: 'Set ODOO_URL to the base address of Odoo, without /web, /odoo or /jsonrpc at the end.',
    };
  }
  if (step === 'protocol') {
    return {
      cause: error.message,
      fix:
        error.code === 'auth'
          ? 'Create an API key for the bridge user and set ODOO_API_KEY, or use ODOO_PROTOCOL=jsonrpc with a password.'
          : 'Set ODOO_PROTOCOL=auto (or jsonrpc): JSON-2 exists only on Odoo 19 and later.',
    };
  }
  if (error.code === 'missing' && /database|No database/i.test(error.message)) {
    const known = input.databases?.length ? ` This server has: ${input.databases.join(', ')}.` : '';
    return {
      cause: `Odoo has no database named "${db}".${known}`,
      fix: 'Set ODOO_DB to the exact database name (as shown on the Odoo login page or in Settings → Technical → Database Structure).',
    };
  }
  if (error.code === 'auth' || error.code === 'session') {
    if (input.usesApiKey) {
      return {
        cause:
          'Odoo rejected the API key: it is wrong, revoked or expired (Odoo answers all three the same way), or it belongs to another user or database.',
        fix: 'Log in to Odoo as the bridge user, Preferences → Account Security → New API Key (with an expiry date), and put it in ODOO_API_KEY. Check ODOO_USER matches that user.',
      };
    }
    return {
      cause: 'Odoo rejected the login and password.',
      fix: 'Check ODOO_USER and ODOO_PASSWORD; better, create an API key for the bridge user and set ODOO_API_KEY instead of a password.',
    };
  }
  if (error.code === 'access') {
    return {
      cause: `The bridge user lacks a right it needs: ${error.message}`,
      fix: 'Add the bridge user to the group "CRM H23 / Bridge (pengguna teknis)" (`npx h23-bridge setup` creates that user in it) or grant the right named above.',
    };
  }
  if (error.code === 'protocol' && error.httpStatus === 404) {
    return {
      cause: error.message,
      fix: 'Use ODOO_PROTOCOL=jsonrpc, or upgrade to Odoo 19 for JSON-2.',
    };
  }
  return {
    cause: `Odoo answered with an error (${error.code}): ${error.message}`,
    fix: 'Run again with LOG_LEVEL=debug to see Odoo’s traceback and report it with the Odoo version.',
  };
}

/** What doctor knows of the dealer's setup for the KPB schedule (see `checkSetup` in doctor-setup.ts). */
export interface SetupInput {
  branches: ReadonlyArray<{
    id: number;
    name: string;
    dealerCode: string | null;
    crmAdminIds: readonly number[];
  }>;
  /** Units of the schedule's window without a branch, by dealer code (null: none). */
  unitsWithoutBranch: ReadonlyMap<string | null, number>;
  /** Units of the schedule's window per branch. */
  unitsByBranch: ReadonlyMap<number, number>;
  openWithoutBranch: number;
  openWithoutAdmin: number;
  /** `import.defaultBranch`, upper case. */
  defaultBranch?: string;
}

export interface SetupAdvice {
  status: 'ok' | 'warn';
  detail: string;
  fix?: string;
}

const BRANCH_MENU = 'CRM H23 → Konfigurasi → Cabang';

/**
 * Pure: whether the branches are set up for the KPB schedule — every unit in a
 * branch (by its CDB dealer code) that has a CRM admin — and, when not, which
 * units are held and what to do, in plain words.
 */
export function adviseOnSetup(input: SetupInput): SetupAdvice {
  const codes = new Map(
    input.branches.flatMap((branch) => (branch.dealerCode ? [[branch.dealerCode, branch] as const] : [])),
  );
  const defaultBranch = input.defaultBranch ? codes.get(input.defaultBranch) : undefined;
  if (input.defaultBranch && !defaultBranch) {
    return {
      status: 'warn',
      detail: `import.defaultBranch is "${input.defaultBranch}", but no branch has that dealer code (${codes.size > 0 ? `known: ${[...codes.keys()].sort().join(', ')}` : 'no branch has a dealer code'}): imports and the schedule stop with an error`,
      fix: `Give the branch that Kode Dealer in Odoo (${BRANCH_MENU}), or correct import.defaultBranch (IMPORT_DEFAULT_BRANCH).`,
    };
  }
  let toLink = 0;
  const noBranch: Array<[string | null, number]> = [];
  for (const [code, count] of input.unitsWithoutBranch) {
    if ((code && codes.has(code)) || defaultBranch) toLink += count;
    else noBranch.push([code, count]);
  }
  noBranch.sort((a, b) => b[1] - a[1] || (a[0] ?? '').localeCompare(b[0] ?? ''));
  const noAdmin = input.branches
    .filter((branch) => branch.crmAdminIds.length === 0)
    .map((branch) => [branch, input.unitsByBranch.get(branch.id) ?? 0] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);
  const held = noBranch.reduce((sum, [, n]) => sum + n, 0) + noAdmin.reduce((sum, [, n]) => sum + n, 0);
  const linkNote =
    toLink > 0 ? `; ${toLink} unit(s) without a branch get theirs on the next schedule run` : '';
  const orphans = [
    ...(input.openWithoutBranch > 0 ? [`${input.openWithoutBranch} without a branch`] : []),
    ...(input.openWithoutAdmin > 0 ? [`${input.openWithoutAdmin} without a CRM admin`] : []),
  ];
  if (held === 0 && orphans.length === 0 && input.branches.length > 0) {
    return {
      status: 'ok',
      detail: `${input.branches.length} branch(es); every unit of the KPB window is in a branch with a CRM admin${linkNote}`,
    };
  }
  const parts = [
    ...(noBranch.length > 0
      ? [
          `no branch for ${noBranch.map(([code, n]) => (code ? `dealer code ${code} (${n})` : `no dealer code (${n})`)).join(', ')}`,
        ]
      : []),
    ...noAdmin.map(([branch, n]) => `branch "${branch.name}" has no CRM admin (${n})`),
  ];
  const details = [
    ...(input.branches.length === 0 ? ['no branch (Cabang) in Odoo yet'] : []),
    ...(held > 0 ? [`${held} unit(s) held from KPB follow-ups: ${parts.join('; ')}`] : []),
    ...(orphans.length > 0 ? [`open follow-ups ${orphans.join(', ')}`] : []),
  ];
  if (input.branches.length === 0) {
    return {
      status: 'warn',
      detail: details.join('; '),
      fix: `Before importing the CDB, create each branch in Odoo (${BRANCH_MENU}) with its Kode Dealer (the CDB's "Kode Dealer" column) and its CRM admins (Admin CRM). Units whose dealer code no branch has get no KPB follow-up until it does; then the next schedule run links and schedules them.`,
    };
  }
  const fixes = [
    ...(noBranch.some(([code]) => code)
      ? [
          `create a branch for each dealer code named, with that Kode Dealer and its CRM admins (${BRANCH_MENU})`,
        ]
      : []),
    ...(noBranch.some(([code]) => !code)
      ? [
          'set the branch of the units without a dealer code by hand, re-import the CDB, or, with a single branch, name it in import.defaultBranch',
        ]
      : []),
    ...(noAdmin.length > 0 ? ['add the CRM admins (Admin CRM) of each branch named'] : []),
  ];
  const then =
    orphans.length > 0
      ? 'The next schedule run schedules the held units and gives the open follow-ups their branch, admin and activity.'
      : 'The next schedule run schedules them.';
  return {
    status: 'warn',
    detail: `${details.join('; ')}${linkNote}`,
    fix: `${fixes.length > 0 ? `${capitalise(fixes.join('; '))}. ` : ''}${then}`,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
