import { type FuzzJob, importOne } from './import-one.js';

/**
 * The import process of the fuzz run: takes one file at a time from the runner over IPC and
 * answers with its outcome and the process's peak RSS so far. Started by `run.ts` with the
 * CLI's own heap ceiling (`--max-old-space-size=176`), killed by it on a hang.
 */
process.on('message', (job: FuzzJob) => {
  void importOne(job)
    .catch((error: unknown) => ({
      outcome: 'crash' as const,
      error: `after the import: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      ms: 0,
      violations: [],
    }))
    .then((outcome) => {
      process.send?.({ ...outcome, maxRssKb: process.resourceUsage().maxRSS });
    });
});
process.send?.({ ready: true, maxRssKb: process.resourceUsage().maxRSS });
