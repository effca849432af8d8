/**
 * Ranking metrics of customs targeting: an administration inspects the top n % of the
 * consignments by score, so precision and recall at an inspection rate are what count
 * (Jeong et al., arXiv 2208.02484, section 5), with ROC AUC as a rate-free summary.
 */

/** Indices sorted by descending score; ties keep input order so results are deterministic. */
export function rankByScore(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const copy = Array.from(order);
  copy.sort((a, b) => (scores[b]! - scores[a]!) || (a - b));
  order.set(copy);
  return order;
}

/** How many consignments an inspection rate selects: ceil is avoided so 5 % of 100 is 5, and at least one. */
export function selectedCount(n: number, rate: number): number {
  return Math.max(1, Math.floor(n * rate + 1e-9));
}

/** Share of non-compliant consignments among the top `rate` share by score. */
export function precisionAt(scores: ArrayLike<number>, labels: ArrayLike<number>, rate: number): number {
  const order = rankByScore(scores);
  const k = selectedCount(scores.length, rate);
  let hits = 0;
  for (let i = 0; i < k; i++) hits += labels[order[i]!]! > 0 ? 1 : 0;
  return hits / k;
}

/** Share of all non-compliant consignments that the top `rate` share catches. */
export function recallAt(scores: ArrayLike<number>, labels: ArrayLike<number>, rate: number): number {
  const order = rankByScore(scores);
  const k = selectedCount(scores.length, rate);
  let hits = 0;
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i]! > 0 ? 1 : 0;
  if (positives === 0) return 0;
  for (let i = 0; i < k; i++) hits += labels[order[i]!]! > 0 ? 1 : 0;
  return hits / positives;
}

/**
 * ROC AUC by the rank-sum (Mann–Whitney) formula, with tied scores given their mean rank,
 * optionally weighted (each positive–negative pair counts w_pos × w_neg).
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>, weights?: ArrayLike<number>): number {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let wPos = 0;
  let wNeg = 0;
  let area = 0;
  let negBelow = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    let tiePos = 0;
    let tieNeg = 0;
    while (j < n && scores[idx[j]!] === scores[idx[i]!]) {
      const w = weights ? weights[idx[j]!]! : 1;
      if (labels[idx[j]!]! > 0) tiePos += w; else tieNeg += w;
      j++;
    }
    area += tiePos * (negBelow + tieNeg / 2);
    negBelow += tieNeg;
    wPos += tiePos;
    wNeg += tieNeg;
    i = j;
  }
  if (wPos === 0 || wNeg === 0) return 0.5;
  return area / (wPos * wNeg);
}

/** Mean binary log loss of probabilities, clipped so that a certain wrong answer stays finite. */
export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>, weights?: ArrayLike<number>): number {
  let sum = 0;
  let wsum = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, probabilities[i]!));
    const w = weights ? weights[i]! : 1;
    sum -= w * (labels[i]! > 0 ? Math.log(p) : Math.log(1 - p));
    wsum += w;
  }
  return wsum === 0 ? 0 : sum / wsum;
}

export interface RankingReport {
  precision_at_1: number; precision_at_2: number; precision_at_5: number; precision_at_10: number;
  recall_at_1: number; recall_at_2: number; recall_at_5: number; recall_at_10: number;
  auc: number;
}

export function rankingReport(scores: ArrayLike<number>, labels: ArrayLike<number>): RankingReport {
  return {
    precision_at_1: precisionAt(scores, labels, 0.01),
    precision_at_2: precisionAt(scores, labels, 0.02),
    precision_at_5: precisionAt(scores, labels, 0.05),
    precision_at_10: precisionAt(scores, labels, 0.1),
    recall_at_1: recallAt(scores, labels, 0.01),
    recall_at_2: recallAt(scores, labels, 0.02),
    recall_at_5: recallAt(scores, labels, 0.05),
    recall_at_10: recallAt(scores, labels, 0.1),
    auc: rocAuc(scores, labels),
  };
}
