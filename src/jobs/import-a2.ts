import { A2_REQUIRED, A2Aggregate, type A2Field, parseA2Row } from '../rules/import/a2.js';
import type { ColumnAliases } from '../rules/import/layout.js';
import { planA2Units } from '../rules/import/plan.js';
import {
  applyInChunks,
  dataRows,
  findLayout,
  type ImportSummary,
  type KeyedRecords,
  overflowIssue,
  type PipelineRequest,
  RowTally,
  refusedIssue,
  summaryOf,
  writeActions,
} from './import-pipeline.js';

/**
 * The A2 (service) report: KPB dates and kilometres of known units. Its rows
 * are gathered per engine over the whole file (the aggregate is its census),
 * then the units are applied in chunks: a unit the CDB does not know is
 * quarantined, never created.
 */

export interface A2ImportRequest extends PipelineRequest {
  columns: ColumnAliases<A2Field>;
}

export async function importA2(units: KeyedRecords, request: A2ImportRequest): Promise<ImportSummary> {
  const { source } = request;
  const layout = await findLayout(source, request.columns, A2_REQUIRED, 'a2');
  const aggregate = new A2Aggregate();
  const tally = new RowTally();
  for await (const row of dataRows(source, layout)) {
    tally.counts.rows += 1;
    const overflow = overflowIssue(row, layout);
    const parsed = parseA2Row(row.row, row.cells, layout, request.today);
    tally.add(overflow ? [overflow, ...parsed.issues] : parsed.issues);
    if (parsed.record && !overflow) aggregate.add(parsed.record);
    if (tally.counts.rows % 5000 === 0) request.onProgress?.({ phase: 'checking', rows: tally.counts.rows });
  }
  const total = tally.counts.rows;
  request.onProgress?.({ phase: 'checking', rows: total, total });
  let done = 0;
  await applyInChunks(aggregate.units(), request.chunkSize, async (part) => {
    const current = await units.readByKeys(part.map((unit) => unit.engineNumber));
    const plan = planA2Units(part, current);
    tally.add(plan.issues);
    const result = await writeActions(units, plan.actions, request.dryRun);
    tally.counts.unitsUpdated += result.updated;
    for (const action of plan.actions) {
      const rows = plan.rowsByEngine.get(action.key) ?? [];
      const refused = result.written.get(action.key);
      if (refused?.error) {
        tally.add(rows.map((row) => refusedIssue(row, refused, 'unit')));
        continue;
      }
      for (const row of rows) {
        if (tally.isQuarantined(row)) continue;
        if (action.action === 'unchanged') tally.counts.unchanged += 1;
        else tally.counts.applied += 1;
      }
    }
    done += part.reduce((sum, unit) => sum + unit.rows.length, 0);
    request.onProgress?.({ phase: 'applying', rows: done, total });
  });
  return summaryOf({ ...request, kind: 'a2' }, layout.headerRow, tally, {});
}
