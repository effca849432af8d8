/**
 * One row of the append-only event log, as the store adapters persist it. The hash covers
 * every other field (see hash-chain.ts), so a row cannot change without breaking the chain.
 */
export interface EventRow {
  seq: number;
  consignmentId: string | null;
  type: string;
  /** RFC 3339 with zone. */
  at: string;
  actor: string;
  /** Canonical JSON (canonical-json.ts), no personal data: that is sealed apart (personal-data.ts). */
  payload: string;
  /** Hex SHA-256 commitment to the sealed personal data, or null when the event carries none. */
  commitment: string | null;
  /** Hex hash of the previous row, GENESIS_HASH for the first. */
  prevHash: string;
  /** Hex hash of this row. */
  hash: string;
}

/** What the pipeline hands to the chain: a row before it has a place (seq) and links. */
export type EventDraft = Omit<EventRow, 'seq' | 'prevHash' | 'hash'>;
