#!/usr/bin/env -S node --max-old-space-size=176
import { captureStandardError } from '../logging/logger.js';
import { main } from './program.js';

// A reader that stops early (`h23-bridge --help | head -3`) closes the pipe: end quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

captureStandardError();
process.exitCode = await main(process.argv);
