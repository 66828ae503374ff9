import type { OdooClient } from '../src/connectors/odoo/client.js';

export interface Measurement {
  label: string;
  count: number;
  seconds: number;
  perSecond: number;
  calls: number;
  /** Peak resident set size during the work, and its growth over the start. */
  peakRssMb: number;
  rssGrowthMb: number;
}

/** Runs `work` (which returns the rows it handled), sampling RSS every 5 ms and counting Odoo calls. */
export async function measure(
  client: OdooClient,
  label: string,
  work: () => Promise<number>,
): Promise<Measurement> {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const callsBefore = client.calls;
  const started = performance.now();
  const count = await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const result: Measurement = {
    label,
    count,
    seconds,
    perSecond: count / seconds,
    calls: client.calls - callsBefore,
    peakRssMb: peak / 2 ** 20,
    rssGrowthMb: (peak - rssBefore) / 2 ** 20,
  };
  process.stdout.write(
    `${label.padEnd(40)} ${count} rows in ${seconds.toFixed(2)} s = ${Math.round(result.perSecond)} rows/s, ${result.calls} calls, peak RSS ${result.peakRssMb.toFixed(0)} MB (+${result.rssGrowthMb.toFixed(1)} MB)\n`,
  );
  return result;
}
