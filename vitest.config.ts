import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'offline',
          include: [
            'src/**/*.test.ts',
            'config/**/*.test.ts',
            'test/unit/**/*.test.ts',
            'test/contract/**/*.test.ts',
          ],
          setupFiles: ['test/support/offline-setup.ts'],
        },
      },
      {
        test: {
          name: 'live',
          include: ['test/live/**/*.test.ts'],
          // Live tests share one Odoo database: run them one file at a time.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
