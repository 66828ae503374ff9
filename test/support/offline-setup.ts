import nock from 'nock';
import { afterEach, beforeAll } from 'vitest';

// Outside test/live nothing may leave the machine: a forgotten live call fails loudly.
beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
});
