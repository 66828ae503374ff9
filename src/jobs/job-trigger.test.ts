import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobTrigger } from './job-trigger.js';

/** A daemon stand-in: one job `wor` whose runs last `runMs`, counting runs and overlaps. */
function harness(options: { runMs?: number; active?: boolean } = {}) {
  const state = {
    active: options.active ?? true,
    busy: false,
    runs: 0,
    overlaps: 0,
    startedAt: [] as number[],
  };
  const trigger = new JobTrigger({
    has: (name) => name === 'wor',
    isActive: () => state.active,
    isBusy: () => state.busy,
    run: async () => {
      if (state.busy) state.overlaps += 1;
      state.busy = true;
      state.runs += 1;
      state.startedAt.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, options.runMs ?? 0));
      state.busy = false;
    },
    debounceMs: 2000,
  });
  return { state, trigger };
}

describe('JobTrigger', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs nothing before the debounce ends, then once for a burst of requests', async () => {
    const { state, trigger } = harness();
    for (let at = 0; at < 5; at += 1) {
      expect(trigger.triggerJob('wor')).toBe('queued');
      await vi.advanceTimersByTimeAsync(300);
    }
    expect(state.runs).toBe(0);
    expect(trigger.isPending('wor')).toBe(true);
    await vi.advanceTimersByTimeAsync(800);
    expect(state.runs).toBe(1);
    expect(state.startedAt).toEqual([2000]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(state.runs).toBe(1);
    expect(trigger.isPending('wor')).toBe(false);
  });

  it('a request during a run gets one more run after it, never two at once', async () => {
    const { state, trigger } = harness({ runMs: 5000 });
    trigger.triggerJob('wor');
    await vi.advanceTimersByTimeAsync(2000);
    expect(state.runs).toBe(1);
    // Three requests while the first run (2 s → 7 s) works: they become one run, after it.
    for (const gap of [500, 500, 500]) {
      await vi.advanceTimersByTimeAsync(gap);
      expect(trigger.triggerJob('wor')).toBe('queued');
    }
    await vi.advanceTimersByTimeAsync(20_000);
    expect(state.runs).toBe(2);
    expect(state.overlaps).toBe(0);
    expect(state.startedAt[1]).toBeGreaterThanOrEqual(7000);
  });

  it('waits for a run the cron started rather than running beside it', async () => {
    const { state, trigger } = harness();
    state.busy = true; // the cron's run, which this trigger did not start
    trigger.triggerJob('wor');
    await vi.advanceTimersByTimeAsync(7000);
    expect(state.runs).toBe(0);
    state.busy = false;
    await vi.advanceTimersByTimeAsync(2000);
    expect(state.runs).toBe(1);
  });

  it.each([
    { name: 'an unknown job', job: 'nope', active: true, answer: 'unknown' },
    { name: 'a standby daemon', job: 'wor', active: false, answer: 'standby' },
  ])('$name queues nothing', async ({ job, active, answer }) => {
    const { state, trigger } = harness({ active });
    expect(trigger.triggerJob(job)).toBe(answer);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(state.runs).toBe(0);
    expect(trigger.isPending(job)).toBe(false);
  });

  it('drops a queued run when the lease is lost before it starts (the new holder catches up)', async () => {
    const { state, trigger } = harness();
    trigger.triggerJob('wor');
    state.active = false;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(state.runs).toBe(0);
  });

  it('stop() cancels what waits and queues nothing more', async () => {
    const { state, trigger } = harness();
    trigger.triggerJob('wor');
    trigger.stop();
    trigger.triggerJob('wor');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(state.runs).toBe(0);
  });
});
