import type { Config } from '../../config/schema.js';
import type { LeadActivity, LeadStore } from '../connectors/odoo/lead-store.js';
import type { Logger } from '../logging/logger.js';
import { completeNote, type LeadAction, planLeads, staleNote } from '../rules/leads/lead-entry.js';

export type { LeadStore };

export interface LeadsRequest {
  today: string;
  timeZone: string;
  staleDays: number;
  dryRun: boolean;
}

export interface LeadsReport {
  today: string;
  dryRun: boolean;
  leads: number;
  incomplete: number;
  askedToComplete: number;
  completed: number;
  withDuplicates: number;
  quotationsStamped: number;
  staleReminders: number;
}

export function leadsRequestOf(
  config: Pick<Config, 'leads' | 'odoo'>,
  today: string,
  dryRun = false,
): LeadsRequest {
  return { today, timeZone: config.odoo.tz, staleDays: config.leads.staleDays, dryRun };
}

const COMPLETED_FEEDBACK = 'Data prospek sudah lengkap.';

/**
 * The leads of the H23 team (SOP Manajemen Hubungan Pelanggan LD-1, LD-2): read → plan
 * (`planLeads`) → write what the lead shows (missing data, possible duplicates, the quotation
 * date), then the activities, then the completions. Each action is asked again by every run
 * until it holds, and none is done twice: an activity is made only while none of its kind is open.
 */
export async function runLeads(
  store: LeadStore,
  logger: Logger,
  request: LeadsRequest,
): Promise<LeadsReport> {
  const report: LeadsReport = {
    today: request.today,
    dryRun: request.dryRun,
    leads: 0,
    incomplete: 0,
    askedToComplete: 0,
    completed: 0,
    withDuplicates: 0,
    quotationsStamped: 0,
    staleReminders: 0,
  };
  for await (const page of store.leads(request.timeZone)) {
    report.leads += page.length;
    const matches = await store.matches(page);
    const actions = planLeads(page, matches, request.today, { staleDays: request.staleDays });
    const of = <K extends LeadAction['action']>(kind: K) =>
      actions.filter((action): action is Extract<LeadAction, { action: K }> => action.action === kind);
    const missingSet = new Map(of('set_missing').map((a) => [a.leadId, a.missing]));
    const duplicatesSet = new Map(of('set_duplicates').map((a) => [a.leadId, a.html]));
    report.incomplete += page.filter((lead) =>
      missingSet.has(lead.id) ? missingSet.get(lead.id) !== null : Boolean(lead.missing),
    ).length;
    report.withDuplicates += page.filter((lead) =>
      duplicatesSet.has(lead.id) ? duplicatesSet.get(lead.id) !== null : Boolean(lead.duplicates),
    ).length;
    report.askedToComplete += of('ask_complete').length;
    report.completed += of('completed').length;
    report.quotationsStamped += of('stamp_quotation').length;
    report.staleReminders += of('remind_stale').length;
    if (request.dryRun) continue;

    const writes = new Map<
      number,
      Partial<Record<'missing' | 'duplicates' | 'quotationDate', string | null>>
    >();
    const put = (
      leadId: number,
      values: Partial<Record<'missing' | 'duplicates' | 'quotationDate', string | null>>,
    ) => writes.set(leadId, { ...(writes.get(leadId) ?? {}), ...values });
    for (const action of of('set_missing')) put(action.leadId, { missing: action.missing });
    for (const action of of('set_duplicates')) put(action.leadId, { duplicates: action.html });
    for (const action of of('stamp_quotation')) put(action.leadId, { quotationDate: action.date });
    if (writes.size > 0) await store.write([...writes].map(([leadId, values]) => ({ leadId, values })));

    const activities: LeadActivity[] = [
      ...of('ask_complete').map((action) => ({
        leadId: action.leadId,
        kind: 'incomplete' as const,
        userId: action.userId,
        deadline: request.today,
        summary: `Lengkapi data prospek: ${action.missing}`,
        note: completeNote(action.missing),
      })),
      ...of('remind_stale').map((action) => ({
        leadId: action.leadId,
        kind: 'stale' as const,
        userId: action.userId,
        deadline: request.today,
        summary: 'Prospek tanpa perkembangan: tindak lanjuti',
        note: staleNote(action.since, request.staleDays),
      })),
    ];
    if (activities.length > 0) await store.createActivities(activities);
    const completed = of('completed').map((action) => action.leadId);
    if (completed.length > 0) await store.completeActivities(completed, COMPLETED_FEEDBACK);
  }
  logger.info({ ...report }, 'leads');
  return report;
}
