/**
 * Random audit sampling (FoS Technical Specifications 2.4.2): a share of consignments goes to
 * inspection whatever the rules say, so that outcomes exist for parcels no rule selected and the
 * model learns from an unbiased sample. The draw is a hash of (consignment, ruleset version,
 * seed): a replay draws exactly the same parcels, and nobody can steer it.
 */

/** cyrb53: a fast, well-mixed 53-bit string hash (public domain, bryc). */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A uniform number in [0, 1) determined by the consignment, the ruleset version and the seed. */
export function auditDraw(consignmentId: string, rulesetVersion: string, seed: number): number {
  return cyrb53(consignmentId + '\u0000' + rulesetVersion, seed | 0) / 2 ** 53;
}

export function isAuditSelected(consignmentId: string, rulesetVersion: string, seed: number, rate: number): boolean {
  return rate > 0 && auditDraw(consignmentId, rulesetVersion, seed) < rate;
}
