/**
 * Watch lists in the store (records of kind 'watch-list', one version per change, so the store
 * keeps who changed a list and when) laid over the shipped lists, and the engine they feed. A
 * change takes effect on the next consignment, without a restart. An entry is never deleted: an
 * analyst ends it with `validTo`, so that a back-test of last month still matches what was listed
 * then.
 */
import type { Store } from '../ledger/store.js';
import { validateWatchList, watchEntryProblems, type RiskEngine, type WatchEntry, type WatchList, type WatchListProblem } from '../risk/index.js';

export const WATCH_LIST_KIND = 'watch-list';

export interface StoredWatchList { list: WatchList; version: number; changedBy: string; changedAt: string }

export class WatchListInvalid extends Error {
  constructor(readonly problems: WatchListProblem[]) { super(problems.map((p) => `${p.pointer || '/'}: ${p.message}`).join('; ')); }
}

/** The stored lists' ids and versions, in one string: what says whether the index must be rebuilt. */
function signatureOf(stored: Map<string, StoredWatchList>): string {
  return [...stored.values()].map((s) => `${s.list.id}@${s.version}`).sort().join(' ');
}

export class WatchLists {
  private stored = new Map<string, StoredWatchList>();
  /** The stored lists' ids and versions as last applied ('' for none: the shipped lists as they are). */
  private signature = '';

  private constructor(private readonly store: Store, private readonly engine: RiskEngine, private readonly shipped: WatchList[]) {}

  /** The registry over `store`; `shipped` are the lists the engine starts with, which a stored list of the same id replaces. */
  static async open(store: Store, engine: RiskEngine, shipped: WatchList[]): Promise<WatchLists> {
    const registry = new WatchLists(store, engine, shipped);
    await registry.reload();
    return registry;
  }

  /**
   * Reads the stored lists again: at start, and every few seconds in a server so that a change made
   * through another process on the same store takes effect there too. The match index is rebuilt
   * only when a list's version changed.
   */
  async reload(): Promise<void> {
    const latest = new Map<string, StoredWatchList>();
    for (const row of await this.store.records(WATCH_LIST_KIND)) {
      const version = Number(row.version);
      const current = latest.get(row.id);
      if (!current || version > current.version) latest.set(row.id, { ...(JSON.parse(row.body) as Omit<StoredWatchList, 'version'>), version });
    }
    const signature = signatureOf(latest);
    if (signature === this.signature) return;
    this.signature = signature;
    this.stored = latest;
    this.engine.replaceWatchLists(this.lists());
  }

  /** The lists the engine matches against: the shipped ones, each replaced by a stored list of its id, and the stored ones. */
  lists(): WatchList[] {
    const out = this.shipped.filter((l) => !this.stored.has(l.id));
    for (const s of this.stored.values()) out.push(s.list);
    return out;
  }

  get(id: string): (WatchList & { version: number | null; changedBy?: string; changedAt?: string }) | undefined {
    const s = this.stored.get(id);
    if (s) return { ...s.list, version: s.version, changedBy: s.changedBy, changedAt: s.changedAt };
    const shipped = this.shipped.find((l) => l.id === id);
    return shipped ? { ...shipped, version: null } : undefined;
  }

  /** Creates or replaces a whole list (validated), as a new version. */
  async put(input: unknown, changedBy: string, at: string): Promise<StoredWatchList> {
    const v = validateWatchList(input);
    if (!v.ok) throw new WatchListInvalid(v.problems);
    return this.save(v.list, changedBy, at);
  }

  /** Adds an entry to a list, or replaces the entry of that id (to end it: the same entry with `validTo`). */
  async putEntry(listId: string, input: unknown, changedBy: string, at: string): Promise<StoredWatchList | undefined> {
    const list = this.get(listId);
    if (!list) return undefined;
    const problems = watchEntryProblems(input, '');
    if (problems.length) throw new WatchListInvalid(problems);
    const entry = input as WatchEntry;
    const { version: _v, changedBy: _b, changedAt: _a, ...plain } = list;
    const entries = plain.entries.some((e) => e.id === entry.id) ? plain.entries.map((e) => (e.id === entry.id ? entry : e)) : [...plain.entries, entry];
    return this.save({ ...plain, entries }, changedBy, at);
  }

  private async save(list: WatchList, changedBy: string, at: string): Promise<StoredWatchList> {
    const version = (this.stored.get(list.id)?.version ?? 0) + 1;
    const stored: StoredWatchList = { list, version, changedBy, changedAt: at };
    // Zero-padded so that the store's order of versions is their number's.
    await this.store.putRecord({ kind: WATCH_LIST_KIND, id: list.id, version: String(version).padStart(8, '0'), status: 'active', body: JSON.stringify({ list, changedBy, changedAt: at }), updatedAt: at });
    this.stored.set(list.id, stored);
    this.signature = signatureOf(this.stored);
    this.engine.replaceWatchLists(this.lists());
    return stored;
  }
}
