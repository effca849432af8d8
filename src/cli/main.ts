#!/usr/bin/env node
import '../platform/v8-flags.js'; // first: V8 flags before any hot code is compiled
import { main } from './run.js';

main(process.argv.slice(2)).then((code) => { if (code >= 0) process.exitCode = code; }, (error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
