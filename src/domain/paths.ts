import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder with package.json), wherever the compiled file runs from. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'reference'))) return dir;
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('repository root not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** Path of a file under reference/. */
export function referencePath(...parts: string[]): string {
  return join(repoRoot(), 'reference', ...parts);
}

/** The shared data folder (../shared/data beside the repository), or LUXOR_SHARED_DATA. */
export function sharedDataPath(...parts: string[]): string {
  const base = process.env.LUXOR_SHARED_DATA ?? join(repoRoot(), '..', 'shared', 'data');
  return join(base, ...parts);
}
