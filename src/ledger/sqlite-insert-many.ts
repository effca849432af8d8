import type Database from 'better-sqlite3';
import type { SqlValue } from './sql-driver.js';

/**
 * Inserts rows in fixed-size groups of one statement each: one call into SQLite per group
 * instead of per row; the remainder row by row (so few statements are ever prepared).
 */
export function sqliteInsertMany(
  statement: (sql: string) => Database.Statement, table: string, columns: string[], rows: SqlValue[][], onConflict?: string,
  bind: (row: SqlValue[]) => SqlValue[] = (row) => row,
): void {
  if (rows.length === 0) return;
  const tuple = `(${columns.map(() => '?').join(',')})`;
  const group = Math.max(1, Math.min(64, Math.floor(30000 / columns.length)));
  const head = `INSERT INTO ${table} (${columns.join(',')}) VALUES `;
  const tail = onConflict ? ' ' + onConflict : '';
  let start = 0;
  if (rows.length >= group) {
    const grouped = statement(head + Array.from({ length: group }, () => tuple).join(',') + tail);
    for (; start + group <= rows.length; start += group) grouped.run(...bind(rows.slice(start, start + group).flat()));
  }
  if (start < rows.length) {
    const single = statement(head + tuple + tail);
    for (; start < rows.length; start++) single.run(...bind(rows[start]));
  }
}
