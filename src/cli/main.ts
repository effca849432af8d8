#!/usr/bin/env node
import { main } from './run.js';

main(process.argv.slice(2)).then((code) => { if (code >= 0) process.exitCode = code; }, (error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
