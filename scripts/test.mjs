// Runs every compiled test file with Node's own test runner.
// Node 20's `--test` takes no globs, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('../dist/test', import.meta.url).pathname;
const filter = process.argv.slice(2);
function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}
const files = walk(root).filter((f) => filter.length === 0 || filter.some((p) => f.includes(p))).sort();
// The tests run with the V8 flags the platform runs with (src/platform/v8-flags.ts); Node's test
// runner passes them on to each test file's process.
const { V8_FLAGS, v8FlagsApplied } = await import('../dist/src/platform/v8-flags.js');
const result = spawnSync(process.execPath, [...(v8FlagsApplied ? V8_FLAGS : []), '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
