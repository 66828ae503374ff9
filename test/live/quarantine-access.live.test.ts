import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { isOdooError } from '../../src/connectors/odoo/errors.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { ImportBatchStore } from '../../src/connectors/odoo/import-batch-store.js';
import { installModule } from '../../src/jobs/module-install.js';
import { silentLogger } from '../../src/logging/logger.js';
import { createLiveUser, describeLive } from './live-env.js';

const logger = silentLogger();

/**
 * Issue 18: an import batch's quarantine report lists customers' names and numbers row by row;
 * the report (and the uploaded file) are Odoo attachments of the batch. In a real Odoo, as users
 * of each role: the PIC and an administrator read it, through the batch and as the attachment;
 * an internal user, a CRM admin and a branch head can do neither (nor find the attachment by
 * searching for it).
 */
describeLive('quarantine reports readable by the PIC and administrators only, in a real Odoo', (config) => {
  let admin: OdooClient;
  const users: Record<
    'bridge' | 'plain' | 'crmAdmin' | 'branchHead' | 'pic',
    { id: number; client: OdooClient }
  > = {} as never;
  const tag = `${process.pid % 1000}${Date.now() % 100000}`;
  const report =
    'Baris;Kolom;Nilai;Masalah\n7;No HP;0812-9999-0007;nomor HP tidak valid\n9;Nama Konsumen;Rudi Hartono;duplikat\n';
  let batchId = 0;
  let attachmentId = 0;

  beforeAll(async () => {
    nock.enableNetConnect();
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    await installModule(admin, logger, { dryRun: false });
    const roles = {
      bridge: ['base.group_user', 'h23_crm.group_bridge'],
      plain: ['base.group_user'],
      crmAdmin: ['base.group_user', 'h23_crm.group_crm_admin'],
      branchHead: ['base.group_user', 'h23_crm.group_branch_head'],
      pic: ['base.group_user', 'h23_crm.group_pic_crm'],
    } as const;
    for (const [role, groups] of Object.entries(roles))
      users[role as keyof typeof roles] = await createLiveUser(admin, config, `h23qr${role}${tag}`, groups);
    // The bridge records a command-line import as it does: a batch, then its result with the report.
    const batches = new ImportBatchStore(users.bridge.client);
    batchId = await batches.open(`CDB karantina ${tag}`, 'cdb', `cdb-${tag}.csv`, new Date());
    await batches.finish(
      batchId,
      {
        state: 'done',
        rows: { total: 10, applied: 8, unchanged: 0, quarantined: 2 },
        report: { fileName: `karantina-${tag}.csv`, text: report },
        message: 'CDB: 10 baris dibaca; 8 diterapkan, 2 dikarantina.',
      },
      new Date(),
    );
    const [attachment] = await admin.searchRead(
      'ir.attachment',
      [
        ['res_model', '=', 'x_h23_import_batch'],
        ['res_id', '=', batchId],
        ['res_field', '=', 'x_quarantine_report'],
      ],
      ['id'],
    );
    attachmentId = attachment?.id ?? 0;
  }, 120_000);

  afterAll(async () => {
    if (batchId) await admin.unlink('x_h23_import_batch', [batchId]).catch(() => undefined);
    const ids = Object.values(users).map((user) => user.id);
    if (ids.length)
      await admin.write(
        'res.users',
        ids.map((id) => ({ id, values: { active: false } })),
      );
  });

  const readReport = async (client: OdooClient) => {
    const [batch] = await client.read('x_h23_import_batch', [batchId], ['x_quarantine_report']);
    return Buffer.from(String(batch?.x_quarantine_report ?? ''), 'base64').toString('utf8');
  };
  const readAttachment = async (client: OdooClient) => {
    const [attachment] = await client.read('ir.attachment', [attachmentId], ['datas']);
    return Buffer.from(String(attachment?.datas ?? ''), 'base64').toString('utf8');
  };
  const refusal = async (work: Promise<unknown>) =>
    work.then(
      () => 'read',
      (error: unknown) => (isOdooError(error) ? error.code : `unexpected ${String(error)}`),
    );

  it('is stored as an attachment of the batch', () => {
    expect(batchId).toBeGreaterThan(0);
    expect(attachmentId).toBeGreaterThan(0);
  });

  it('is read by the PIC and an administrator, through the batch and as the attachment', async () => {
    for (const client of [users.pic.client, admin]) {
      expect(await readReport(client)).toBe(report);
      expect(await readAttachment(client)).toBe(report);
    }
  });

  it('is refused to an internal user, a CRM admin and a branch head, and not found by them', async () => {
    for (const role of ['plain', 'crmAdmin', 'branchHead'] as const) {
      const { client } = users[role];
      expect(await refusal(readReport(client)), `${role} reads the batch`).toBe('access');
      expect(await refusal(readAttachment(client)), `${role} reads the attachment`).toBe('access');
      const found = await client
        .searchRead(
          'ir.attachment',
          [
            ['res_model', '=', 'x_h23_import_batch'],
            ['res_field', '=', 'x_quarantine_report'],
          ],
          ['id'],
        )
        .catch((error: unknown) => (isOdooError(error) ? [] : Promise.reject(error)));
      expect(found, `${role} finds the attachment`).toEqual([]);
    }
  });
});
