/**
 * V8 flags the platform runs with. Imported first by every entry point (the CLI and the
 * benchmarks), so that they are set before any hot code is compiled; V8 flags are per process,
 * so the worker threads (SQLite writer, checkpointer) get them too.
 *
 * `--no-allocation-site-pretenuring`: V8 watches each allocation site and, when its objects
 * tend to survive a young-generation collection, allocates them straight in the old generation.
 * The spine keeps a batch's objects alive until its commit, so most sites of the assess path
 * (reasons, rule-field memos, party checks) are marked long-lived; the same sites then allocate
 * their short-lived temporaries in the old generation, where each dead one keeps the young
 * objects it points to alive through the next scavenges, which promote them in turn. Measured
 * (session 9, docs/benchmarks.md): assessing one consignment 100,000 times promoted 152 MB with
 * pretenuring and 20 MB without; `npm run bench`'s assess_mean_per_s 32,574 with it and 66,166
 * without (assess_per_s, the best pass, 50,830 and 75,800); the spine in process, four
 * alternating pairs of 15,000 declarations, 1,946-2,090/s with pretenuring against
 * 2,185-2,347/s without. Over HTTP the bulk rate did not move beyond the host's noise (three
 * alternating pairs of 20,000: 1,653-2,058/s without, 1,812-1,974/s with).
 *
 * `LUXOR_V8_PRETENURING=on` leaves V8's default, to measure the difference again.
 */
import { setFlagsFromString } from 'node:v8';

export const V8_FLAGS: readonly string[] = ['--no-allocation-site-pretenuring'];

/** Whether this process runs with V8_FLAGS (false when LUXOR_V8_PRETENURING=on). */
export const v8FlagsApplied = process.env.LUXOR_V8_PRETENURING !== 'on';

if (v8FlagsApplied) for (const flag of V8_FLAGS) setFlagsFromString(flag);
