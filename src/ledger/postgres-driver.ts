import pg from 'pg';
import { numberPlaceholders, type SqlDriver, type SqlRow, type SqlValue, type SqlWriter } from './sql-driver.js';

// BIGINT columns come back as strings by default; sequences here stay far below 2^53.
pg.types.setTypeParser(20, (text) => Number(text));

/**
 * PostgreSQL through node-postgres. Writes go through one dedicated connection (the log has
 * one writer, which keeps the hash chain linear); reads use the pool. synchronous_commit=on
 * so a commit is on disk when it returns.
 */
export class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  private writerClient: pg.PoolClient | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly schema: string | undefined;

  constructor(url: string, options: { schema?: string } = {}) {
    this.schema = options.schema;
    // Session settings travel in the start-up packet, so no connection ever runs without them.
    const settings = ['-c synchronous_commit=on', ...(this.schema ? [`-c search_path=${this.schema}`] : [])].join(' ');
    this.pool = new pg.Pool({ connectionString: url, max: 6, options: settings });
  }

  async exec(sql: string): Promise<void> {
    if (this.schema) await this.pool.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
    await this.pool.query(sql);
  }

  async all<T = SqlRow>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    const result = await this.pool.query(numberPlaceholders(sql), params as unknown[]);
    return result.rows as T[];
  }

  async run(sql: string, params: SqlValue[] = []): Promise<number> {
    const result = await this.pool.query(numberPlaceholders(sql), params as unknown[]);
    return result.rowCount ?? 0;
  }

  async transaction<T>(work: (tx: SqlWriter) => Promise<T> | T): Promise<T> {
    const next = this.queue.then(() => this.runTransaction(work));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runTransaction<T>(work: (tx: SqlWriter) => Promise<T> | T): Promise<T> {
    if (!this.writerClient) this.writerClient = await this.pool.connect();
    const client = this.writerClient;
    const writer: SqlWriter = {
      run: async (sql, params) => (await client.query(numberPlaceholders(sql), (params ?? []) as unknown[])).rowCount ?? 0,
      all: async <R>(sql: string, params?: SqlValue[]) => (await client.query(numberPlaceholders(sql), (params ?? []) as unknown[])).rows as R[],
      insertMany: async (table, columns, rows, onConflict) => {
        // Multi-row VALUES in chunks below PostgreSQL's 65,535 parameter limit.
        const perChunk = Math.max(1, Math.floor(30000 / columns.length));
        for (let start = 0; start < rows.length; start += perChunk) {
          const chunk = rows.slice(start, start + perChunk);
          const params: unknown[] = [];
          const tuples = chunk.map((row) => '(' + row.map((value) => { params.push(value); return `$${params.length}`; }).join(',') + ')');
          await client.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')}${onConflict ? ' ' + onConflict : ''}`, params);
        }
      },
    };
    await client.query('BEGIN');
    try {
      const result = await work(writer);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    this.writerClient?.release();
    this.writerClient = undefined;
    await this.pool.end();
  }
}
