/**
 * What the store writes per declaration: rows and bytes per table, read off the store a bulk run
 * filled. Rows written per message are the budget that decides throughput (issue 2): each row
 * is an index update or more on the writer thread, and its bytes go through the fsync.
 */
import '../src/platform/v8-flags.js'; // first: V8 flags before any hot code (see the module)
import Database from 'better-sqlite3';

export interface Footprint {
  declarations: number;
  rowsPerDeclaration: number;
  bytesPerDeclaration: number;
  tables: { table: string; rows: number; rowsPerDeclaration: number; bytesPerDeclaration: number }[];
}

/** Reads a SQLite store (read-only, beside a running server: WAL allows it). */
export function storeFootprint(path: string, declarations: number): Footprint {
  const db = new Database(path, { readonly: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
    const out: Footprint['tables'] = [];
    for (const table of tables) {
      const columns = (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name);
      const sizes = columns.map((c) => `COALESCE(LENGTH("${c}"), 0)`).join(' + ');
      const row = db.prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(${sizes}), 0) AS bytes FROM "${table}"`).get() as { n: number; bytes: number };
      if (row.n === 0) continue;
      out.push({ table, rows: row.n, rowsPerDeclaration: round(row.n / declarations), bytesPerDeclaration: Math.round(row.bytes / declarations) });
    }
    out.sort((a, b) => b.bytesPerDeclaration - a.bytesPerDeclaration);
    return {
      declarations,
      rowsPerDeclaration: round(out.reduce((s, t) => s + t.rows, 0) / declarations),
      bytesPerDeclaration: out.reduce((s, t) => s + t.bytesPerDeclaration, 0),
      tables: out,
    };
  } finally {
    db.close();
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
