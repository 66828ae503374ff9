import { describe, expect, it } from 'vitest';
import { paceMessages } from './pacing.js';

const pace = (recipients: string[], perSecond = 80) =>
  paceMessages(recipients, (recipient) => recipient, perSecond).map(({ item, atMs }) => `${item}@${atMs}`);

describe('paceMessages', () => {
  it('spaces messages at the number’s throughput', () => {
    expect(pace(['a', 'b', 'c', 'd'], 2)).toEqual(['a@0', 'b@500', 'c@1000', 'd@1500']);
  });

  it('sends a customer’s second message 6 s after the first, the others going on meanwhile', () => {
    expect(pace(['a', 'a', 'b', 'c'], 1)).toEqual(['a@0', 'b@1000', 'c@2000', 'a@6000']);
  });

  it('keeps 6 s between each of three messages to one customer', () => {
    expect(pace(['a', 'a', 'a'], 80)).toEqual(['a@0', 'a@6000', 'a@12000']);
  });

  it('keeps 6 s between the messages to one customer however the others push them', () => {
    const paced = paceMessages(
      ['a', 'a', 'a', ...Array.from({ length: 600 }, (_, i) => `b${i}`)],
      (r) => r,
      80,
    );
    const times = paced.filter(({ item }) => item === 'a').map(({ atMs }) => atMs);
    for (let index = 1; index < times.length; index += 1) {
      expect((times[index] as number) - (times[index - 1] as number)).toBeGreaterThanOrEqual(6000);
    }
  });

  it('10,000 messages at 80 per second take 125 s', () => {
    const recipients = Array.from({ length: 10_000 }, (_, index) => `+62812${index}`);
    const paced = paceMessages(recipients, (recipient) => recipient, 80);
    expect(paced.at(-1)?.atMs).toBe(Math.round((9_999 * 1000) / 80));
    expect(new Set(paced.map((entry) => entry.item)).size).toBe(10_000);
  });
});
