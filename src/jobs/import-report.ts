import type { A2Field } from '../rules/import/a2.js';
import type { CdbField } from '../rules/import/cdb.js';
import type { ColumnAliases } from '../rules/import/layout.js';
import { importA2 } from './import-a2.js';
import { type ImportStores, importCdb } from './import-cdb.js';
import type { ImportSummary, PipelineRequest, PortalKind } from './import-pipeline.js';

export interface ImportRequest extends PipelineRequest {
  kind: PortalKind;
  cdbColumns: ColumnAliases<CdbField>;
  a2Columns: ColumnAliases<A2Field>;
  /** CDB: dealer code of the branch for units whose code is empty or names no branch (`import.defaultBranch`). */
  defaultBranch?: string;
  /** CDB: records the check may keep to spare a second read of the file (tests: 0 reads it twice). */
  keepRows?: number;
}

/**
 * Imports one portal report into Odoo: read → check (whole file) → plan per
 * chunk against Odoo → apply → report. Nothing is written before the whole
 * file has been read once, so a truncated or garbled file leaves Odoo as it
 * was; every write is keyed (engine number, owner key), so a killed run is
 * completed by running it again. The pipeline is `import-pipeline.ts`; the
 * reports' own parts are `import-cdb.ts` and `import-a2.ts`.
 */
export async function importReport(stores: ImportStores, request: ImportRequest): Promise<ImportSummary> {
  const { kind, cdbColumns, a2Columns, defaultBranch, keepRows, ...common } = request;
  if (kind === 'cdb')
    return importCdb(stores, {
      ...common,
      columns: cdbColumns,
      ...(defaultBranch ? { defaultBranch } : {}),
      ...(keepRows === undefined ? {} : { keepRows }),
    });
  return importA2(stores.units, { ...common, columns: a2Columns });
}
