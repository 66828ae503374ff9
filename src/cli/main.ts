#!/usr/bin/env -S node --max-old-space-size=176
import { main } from './program.js';

process.exitCode = await main(process.argv);
