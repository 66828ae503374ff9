import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import {
  environmentSecrets,
  literalNames,
  literalSecrets,
  type ScanRules,
  sampleNames,
  scanLine,
} from '../support/log-scan.js';

const root = join(import.meta.dirname, '..', '..');
const rules: ScanRules = {
  names: [...sampleNames(), 'Rudi Hartono'],
  secrets: [
    ...environmentSecrets({ ODOO_API_KEY: 'k3y-of-the-admin-0001', ODOO_PASSWORD: 'admin' }),
    ...literalSecrets(root),
  ],
};
const kinds = (line: string) => scanLine(line, rules).map((leak) => `${leak.kind}: ${leak.match}`);

describe('the log scan (npm run test:logscan)', () => {
  it.each([
    // Phone numbers in full, as people and the portals write them.
    ['WA ke 0812-3456-7890', ['phone: 0812-3456-7890']],
    ['{"phone":"+62 812 3456 7890"}', ['phone: +62 812 3456 7890']],
    ['nomor 6281234567890 tidak aktif', ['phone: 6281234567890']],
    ['kantor (021) 555-1234', ['phone: (021) 555-1234']],
    ['"mobile":"81234567890"', ['phone: 81234567890']],
    // Customers by name, in any case; the sample's and the live tests'.
    ['{"partner":"BUDI SANTOSO"}', ['name: BUDI SANTOSO']],
    ['owner Rudi Hartono adopted', ['name: Rudi Hartono']],
    // Secrets: the environment's, the tests' own, and their shapes.
    ['key k3y-of-the-admin-0001 refused', ['secret: k3y-of-the-admin-0001']],
    ['sent with e2e-system-user-token-0000', ['secret: e2e-system-user-token-0000']],
    ['login h23-demo-crm1', ['secret: h23-demo-crm1']],
    ['password pw-h23qa123-Secret1', ['secret: pw-h23qa123-Secret1']],
    ['Authorization: Bearer 0123456789abcdef0123', ['secret: Bearer 0123456789abcdef0123']],
    ['key 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b', ['secret: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b']],
    [
      'link /survey/start/x?answer_token=3c9b2a44-5d1e-4f5a-9b7e-0d2c1e4f5a6b',
      [
        'secret: 3c9b2a44-5d1e-4f5a-9b7e-0d2c1e4f5a6b',
        'secret: ?answer_token=3c9b2a44-5d1e-4f5a-9b7e-0d2c1e4f5a6b',
      ],
    ],
  ])('finds what %s leaks', (line, expected) => {
    expect(kinds(line).sort()).toEqual([...expected].sort());
  });

  it.each([
    // What the logger leaves: masks, ids, times, counts, the admin's short password.
    '{"level":"info","time":"2026-12-02T01:41:17.384Z","runId":"20261202014116-93o8ea","msg":"import finished"}',
    '{"phone":"0812*****890","partner":{"name":"B*** S***"},"password":"[redacted]"}',
    '{"phone":"+62812*****890","counts":{"rows":121,"applied":119},"ms":0.123456789}',
    'WO 2025-0001 for engine JBK1E1234567, batch 12, login admin',
    'Authorization: bearer [redacted]',
  ])('leaves %s alone', (line) => {
    expect(kinds(line)).toEqual([]);
  });

  it('finds nothing in what the logger writes of a customer (the masks are the fix, not the scan)', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'debug',
      destination: { write: (line: string) => lines.push(line) },
    });
    logger.info(
      { partner: { name: 'Budi Santoso', phone: '0812-3456-7890' }, apiKey: 'k3y-of-the-admin-0001' },
      'owner +62 812 3456 7890 adopted',
    );
    expect(lines).toHaveLength(1);
    expect(kinds(lines[0] as string)).toEqual([]);
  });

  it('collects the live tests’ customers and not their labels', () => {
    const names = literalNames(root);
    expect(names).toEqual(expect.arrayContaining(['Budi Santoso', 'Agus Salim', 'Rudi Hartono']));
    for (const label of ['Nama Konsumen', 'Cabang Survei', 'Live Webhook', 'Gatot Subroto'])
      expect(names).not.toContain(label);
  });
});
