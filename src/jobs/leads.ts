import type { Config } from '../../config/schema.js';
import type { LeadActivity, LeadStore, LeadValues } from '../connectors/odoo/lead-store.js';
import type { Logger } from '../logging/logger.js';
import { completeNote, type LeadAction, planLeads, staleNote } from '../rules/leads/lead-entry.js';
import {
  clientStatusChanges,
  formatRecontacts,
  type PastClientAction,
  planPastClients,
  projectNote,
  recontactNote,
  recontactSummary,
  type WonDealFacts,
} from '../rules/leads/past-clients.js';

export type { LeadStore };

export interface LeadsRequest {
  today: string;
  timeZone: string;
  staleDays: number;
  /** Months after a project's completion its client is called again. */
  recontactMonths: readonly number[];
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
  /** Won deals of the team, and those whose handover is signed. */
  wonDeals: number;
  handedOver: number;
  /** Signed handovers lacking project data; asked of the salesperson; completed since. */
  projectIncomplete: number;
  askedForProject: number;
  projectsCompleted: number;
  /** Projects recorded, their customers now past clients. */
  projectsRecorded: number;
  recontacts: number;
  /** Customers whose status changed: to Klien, to Mantan Klien, cleared. */
  statusChanges: Record<'client' | 'past_client' | 'cleared', number>;
}

export function leadsRequestOf(
  config: Pick<Config, 'leads' | 'odoo'>,
  today: string,
  dryRun = false,
): LeadsRequest {
  return {
    today,
    timeZone: config.odoo.tz,
    staleDays: config.leads.staleDays,
    recontactMonths: config.leads.recontactMonths,
    dryRun,
  };
}

const COMPLETED_FEEDBACK = 'Data prospek sudah lengkap.';
const PROJECT_FEEDBACK = 'Data proyek lengkap: klien tercatat sebagai Mantan Klien.';

/** The fields to write, one write per lead however many actions set them. */
async function writeLeads(
  store: LeadStore,
  entries: ReadonlyArray<readonly [number, LeadValues]>,
): Promise<void> {
  const writes = new Map<number, LeadValues>();
  for (const [leadId, values] of entries) writes.set(leadId, { ...(writes.get(leadId) ?? {}), ...values });
  if (writes.size > 0) await store.write([...writes].map(([leadId, values]) => ({ leadId, values })));
}

function ofKind<A extends { action: string }, K extends A['action']>(actions: readonly A[], kind: K) {
  return actions.filter((action): action is Extract<A, { action: K }> => action.action === kind);
}

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
    wonDeals: 0,
    handedOver: 0,
    projectIncomplete: 0,
    askedForProject: 0,
    projectsCompleted: 0,
    projectsRecorded: 0,
    recontacts: 0,
    statusChanges: { client: 0, past_client: 0, cleared: 0 },
  };
  for await (const page of store.leads(request.timeZone)) {
    report.leads += page.length;
    const matches = await store.matches(page);
    const actions = planLeads(page, matches, request.today, { staleDays: request.staleDays });
    const of = <K extends LeadAction['action']>(kind: K) => ofKind(actions, kind);
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

    await writeLeads(store, [
      ...of('set_missing').map((a) => [a.leadId, { missing: a.missing }] as const),
      ...of('set_duplicates').map((a) => [a.leadId, { duplicates: a.html }] as const),
      ...of('stamp_quotation').map((a) => [a.leadId, { quotationDate: a.date }] as const),
    ]);

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
    if (completed.length > 0) await store.completeActivities(completed, COMPLETED_FEEDBACK, 'incomplete');
  }
  await runPastClients(store, request, report);
  logger.info({ ...report }, 'leads');
  return report;
}

/**
 * LD-4 and the re-contact of LD-5 over the team's won deals: the project data asked for once
 * the BAST is signed, the project recorded when complete, the re-contact activities (made only
 * when none of their months is on the lead, then marked on it, so a run killed between the two
 * makes nothing twice), then the customers' status from all the deals.
 */
async function runPastClients(store: LeadStore, request: LeadsRequest, report: LeadsReport): Promise<void> {
  const deals: WonDealFacts[] = [];
  for await (const page of store.wonDeals()) {
    deals.push(...page);
    report.wonDeals += page.length;
    report.handedOver += page.filter((deal) => deal.bastDate !== null).length;
    const actions = planPastClients(page, request.today, { recontactMonths: request.recontactMonths });
    const of = <K extends PastClientAction['action']>(kind: K) => ofKind(actions, kind);
    const missingSet = new Map(of('set_project_missing').map((a) => [a.leadId, a.missing]));
    report.projectIncomplete += page.filter((deal) =>
      missingSet.has(deal.id) ? missingSet.get(deal.id) !== null : Boolean(deal.projectMissing),
    ).length;
    report.askedForProject += of('ask_project').length;
    report.projectsCompleted += of('project_complete').length;
    report.projectsRecorded += of('record_project').length;
    report.recontacts += of('recontact').filter((action) => action.create).length;
    if (request.dryRun) continue;

    await writeLeads(store, [
      ...of('set_project_missing').map((a) => [a.leadId, { projectMissing: a.missing }] as const),
      ...of('record_project').map((a) => [a.leadId, { projectRecorded: a.date }] as const),
    ]);

    const activities: LeadActivity[] = [
      ...of('ask_project').map((action) => ({
        leadId: action.leadId,
        kind: 'project' as const,
        userId: action.userId,
        deadline: request.today,
        summary: `Lengkapi data proyek: ${action.missing}`,
        note: projectNote(action.missing),
      })),
      ...of('recontact')
        .filter((action) => action.create)
        .map((action) => ({
          leadId: action.leadId,
          kind: 'recontact' as const,
          userId: action.userId,
          deadline: request.today,
          summary: recontactSummary(action.months),
          note: recontactNote(action.months, action.completionDate),
        })),
    ];
    if (activities.length > 0) await store.createActivities(activities);
    const marks = of('mark_recontacts');
    if (marks.length > 0)
      await store.write(
        marks.map((action) => ({
          leadId: action.leadId,
          values: { recontacts: formatRecontacts(action.months) },
        })),
      );
    const completed = of('project_complete').map((action) => action.leadId);
    if (completed.length > 0) await store.completeActivities(completed, PROJECT_FEEDBACK, 'project');
  }
  const changes = clientStatusChanges(deals, await store.clientStatuses());
  for (const change of changes) report.statusChanges[change.status ?? 'cleared'] += 1;
  if (!request.dryRun && changes.length > 0) await store.setClientStatuses(changes);
}
