import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_USERS, demoPassword } from '../../src/jobs/demo.js';
import { SAMPLE_FIRST_NAMES, SAMPLE_LAST_NAMES } from '../../src/sample/generate.js';

/**
 * What no log line may hold (SPEC: names and phones masked in logs; STYLE rule 9: secrets
 * redacted): a full Indonesian phone number, a customer's name, a password, an API key, a
 * token. The live suite's lines are captured with `H23_LOG_CAPTURE` (src/logging/logger.ts)
 * and scanned by `npm run test:logscan` (test/log-scan.ts) with these rules.
 */

export type LeakKind = 'phone' | 'name' | 'secret';

export interface Leak {
  kind: LeakKind;
  /** What matched, and which rule. */
  match: string;
  rule: string;
}

export interface ScanRules {
  /** Full names (any case) of the customers the suite seeded. */
  names: readonly string[];
  /** Secret values the suite used, exactly, or as patterns. */
  secrets: ReadonlyArray<{ rule: string; pattern: RegExp }>;
}

// Indonesian numbers written in full, as people and the portals write them: +62 812-3456-7890,
// 6281234567890, 0812 3456 7890, (021) 555-1234, and a mobile without its prefix (81234567890).
// A masked one (0812*****890) is not a number in full: a `*` next to the digits stops a match.
const PHONES: ReadonlyArray<{ rule: string; pattern: RegExp }> = [
  { rule: 'mobile +62/62/0', pattern: /(?<![\w+*])(?:\+62|62|0)[\s-]*8\d(?:[\s-]*\d){6,10}(?![\w*])/g },
  { rule: 'landline (0xx)', pattern: /(?<![\w*])\(0\d{1,3}\)[\s-]*\d{3,4}[\s-]*\d{3,4}(?![\w*])/g },
  { rule: 'landline 0xx', pattern: /(?<![\w+*])0[1-79]\d{1,2}[\s-]\d{3,4}[\s-]?\d{3,4}(?![\w*])/g },
  { rule: 'mobile without prefix', pattern: /(?<![\w+*.:-])8[1-9]\d{8,10}(?![\w*])/g },
];

// Shapes of secrets whatever their value: Odoo's API keys (40 hex), random hex secrets (32+),
// survey and attachment access tokens (UUIDs), a bearer header, a token in a link.
const SECRET_SHAPES: ReadonlyArray<{ rule: string; pattern: RegExp }> = [
  { rule: 'hex key (32+ hex digits)', pattern: /(?<![0-9a-f])[0-9a-f]{32,}(?![0-9a-f])/g },
  {
    rule: 'UUID (access token)',
    pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
  },
  { rule: 'bearer header', pattern: /\bbearer\s+(?!\[redacted\])[\w.~+/-]{8,}/gi },
  {
    rule: 'token in a link',
    pattern: /[?&](?:access_token|answer_token|token|hub\.verify_token)=[^\s&"']{6,}/gi,
  },
];

export function scanLine(line: string, rules: ScanRules, nameMatcher = namePattern(rules.names)): Leak[] {
  const leaks: Leak[] = [];
  for (const { rule, pattern } of PHONES)
    for (const match of line.matchAll(pattern))
      if (match[0].replace(/\D/g, '').length >= 9) leaks.push({ kind: 'phone', match: match[0], rule });
  if (nameMatcher)
    for (const match of line.matchAll(nameMatcher))
      leaks.push({ kind: 'name', match: match[0], rule: 'customer name' });
  for (const { rule, pattern } of [...rules.secrets, ...SECRET_SHAPES])
    for (const match of line.matchAll(pattern)) leaks.push({ kind: 'secret', match: match[0], rule });
  return leaks;
}

/** One case-insensitive pattern for all the names, each whole (not inside a longer word). */
export function namePattern(names: readonly string[]): RegExp | null {
  const unique = [...new Set(names.map((name) => name.trim().replace(/\s+/g, ' ')).filter(Boolean))];
  if (unique.length === 0) return null;
  const alternatives = unique
    .sort((a, b) => b.length - a.length)
    .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
  return new RegExp(`(?<![\\p{L}])(?:${alternatives.join('|')})(?![\\p{L}])`, 'giu');
}

/** Every pair of the sample generator's given and family names: its customers (src/sample). */
export function sampleNames(): string[] {
  return SAMPLE_FIRST_NAMES.flatMap((first) => SAMPLE_LAST_NAMES.map((last) => `${first} ${last}`));
}

/** Words of labels, products and places that make a capitalised literal no person's name. */
const NOT_A_PERSON = new Set(
  `h23 contract cabang live webhook wo wor dms honda beat vario scoopy pcx servis libur nasional dealer
  ahass satu salah format cdb a2 kpb fu1 fu2 fu3 follow up admin crm kepala area koordinator customer
  service manajer bengkel demo test uji pic unit motor registrasi impor laporan ringkasan harian kualitas
  database pesan whatsapp keluhan booking kalender kerja bridge odoo jl gg jakarta timur barat bekasi
  depok bogor tangerang bandung surabaya semarang yogyakarta kantor armada kurir sekolah pameran ok bad
  recursion xmlid relations officer head marketing team tim template sudirman kaliurang godean baru lama
  tanpa mesin kill sms email e-mail no nama konsumen tgl beli hp pembawa validasi review kpi penawaran
  terkirim yani subroto mada wuruk afrika bonjol umar polim`.split(/\s+/),
);

/**
 * Person-like literals of the live tests and their support (test/live, test/support): two to four
 * capitalised words (an honorific allowed), none of them a label's or a product's. What a live
 * test names a customer, carrier or contact.
 */
export function literalNames(root: string): string[] {
  const names = new Set<string>();
  for (const folder of ['test/live', 'test/support']) {
    for (const file of readdirSync(join(root, folder))) {
      if (!file.endsWith('.ts')) continue;
      const source = readFileSync(join(root, folder, file), 'utf8');
      for (const match of source.matchAll(/'([^'\n]{3,60})'|`([^`$\n]{3,60})`/g)) {
        const text = (match[1] ?? match[2] ?? '').trim();
        const words = text.replace(/^(?:BPK|Bpk|IBU|Ibu|Bapak|Sdr|Sdri|H|Hj)\.?\s+/, '').split(/\s+/);
        if (words.length < 2 || words.length > 4) continue;
        if (!words.every((word) => /^(?:[A-Z][a-z]+|[A-Z]{2,})$/.test(word))) continue;
        if (words.some((word) => NOT_A_PERSON.has(word.toLowerCase()))) continue;
        names.add(words.join(' '));
      }
    }
  }
  return [...names];
}

/** The secrets of the environment the suite ran with (values of 8 characters or more: `admin` is no secret to find). */
export function environmentSecrets(env: NodeJS.ProcessEnv): Array<{ rule: string; pattern: RegExp }> {
  const names = [
    'ODOO_PASSWORD',
    'ODOO_API_KEY',
    'ODOO_BRIDGE_API_KEY',
    'ODOO_EXPIRED_API_KEY',
    'ODOO_MASTER_PASSWORD',
    'WHATSAPP_TOKEN',
    'WHATSAPP_APP_SECRET',
    'WHATSAPP_VERIFY_TOKEN',
    'H23_WEBHOOK_TOKEN',
  ];
  return names.flatMap((name) => {
    const value = env[name];
    return value && value.length >= 8 ? [{ rule: `$${name}`, pattern: exactly(value) }] : [];
  });
}

/**
 * Secrets the live tests write in their source: constants named like a token, secret or
 * password (`${…}` parts of a template match any value), the demo users' and the live users'
 * passwords.
 */
export function literalSecrets(root: string): Array<{ rule: string; pattern: RegExp }> {
  const secrets: Array<{ rule: string; pattern: RegExp }> = DEMO_USERS.map((user) => ({
    rule: `demo password of ${user.role}`,
    pattern: exactly(demoPassword(user.role)),
  }));
  // createLiveUser (test/live/live-env.ts): `pw-${login}-Secret1`.
  secrets.push({ rule: 'live user password', pattern: /pw-[\w.-]+-Secret1/g });
  for (const folder of ['test/live', 'test/support']) {
    for (const file of readdirSync(join(root, folder))) {
      if (!file.endsWith('.ts')) continue;
      const source = readFileSync(join(root, folder, file), 'utf8');
      for (const match of source.matchAll(
        /\b(?:const|let)\s+(\w*(?:TOKEN|SECRET|VERIFY|PASSWORD|[tT]oken|[sS]ecret|[pP]assword)\w*)\s*=\s*(['`])([^'`\n]{8,})\2/g,
      )) {
        const [, name, , value = ''] = match;
        const parts = value.split(/\$\{[^}]*\}/);
        if (parts.join('').length < 8) continue;
        const pattern = new RegExp(
          parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^\\s"\'&]+'),
          'g',
        );
        secrets.push({ rule: `${name} (${folder}/${file})`, pattern });
      }
    }
  }
  return secrets;
}

function exactly(value: string): RegExp {
  return new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');
}

export interface FileScan {
  files: number;
  lines: number;
  leaks: Array<Leak & { file: string; line: number; text: string }>;
}

/** Every line of every file in `folder`. */
export function scanFolder(folder: string, rules: ScanRules): FileScan {
  const matcher = namePattern(rules.names);
  const result: FileScan = { files: 0, lines: 0, leaks: [] };
  for (const file of readdirSync(folder).sort()) {
    if (!file.endsWith('.log')) continue;
    result.files += 1;
    const lines = readFileSync(join(folder, file), 'utf8').split('\n');
    for (const [index, text] of lines.entries()) {
      if (!text.trim()) continue;
      result.lines += 1;
      for (const leak of scanLine(text, rules, matcher))
        result.leaks.push({ ...leak, file, line: index + 1, text: text.slice(0, 400) });
    }
  }
  return result;
}
