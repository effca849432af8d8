/**
 * The two SQL dialects Luxor runs on, behind one small driver interface, so that the store
 * is written once (Kysely's lesson: one suite of behaviour, many dialects).
 * SQL is written with `?` placeholders; the PostgreSQL driver numbers them.
 */
export type SqlValue = string | number | bigint | null | Buffer;
export type SqlRow = Record<string, unknown>;

export interface SqlDriver {
  readonly dialect: 'sqlite' | 'postgres';
  exec(sql: string): Promise<void>;
  all<T = SqlRow>(sql: string, params?: SqlValue[]): Promise<T[]>;
  run(sql: string, params?: SqlValue[]): Promise<number>;
  /** Runs `work` in one transaction; everything written inside is durable when it resolves. */
  transaction<T>(work: (tx: SqlWriter) => Promise<T> | T): Promise<T>;
  close(): Promise<void>;
}

/** Writes inside a transaction. Bulk forms let each dialect pick its fastest path. */
export interface SqlWriter {
  run(sql: string, params?: SqlValue[]): Promise<number> | number;
  all<T = SqlRow>(sql: string, params?: SqlValue[]): Promise<T[]> | T[];
  insertMany(table: string, columns: string[], rows: SqlValue[][], onConflict?: string): Promise<void> | void;
}

/** Numbers `?` placeholders as `$1, $2, …` (outside quoted strings). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  let out = '';
  let quoted = false;
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    out += ch === '?' && !quoted ? `$${++n}` : ch;
  }
  return out;
}
