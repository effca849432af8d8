/**
 * Data quality of advance electronic data (FoS Technical Specifications 2.2.2, 2022 FoS
 * Standard 3): vague goods descriptions, HS codes that do not exist or do not fit the
 * description, late data, missing elements. One score per message (100 = nothing wrong) and a
 * running score per submitter, both returned to the submitter so quality improves at source.
 */
import type { ConsignmentFacts, Reason } from '../clearance/seam.js';
import type { Item } from '../domain/message.js';
import { hsStatus, type HsNomenclature } from './hs-nomenclature.js';
import { consignmentView, hoursBetween } from './keys.js';
import { descriptionTokens, fold, foldDescription, hasCjk } from './normalise.js';

const DIGITS_ONLY = /^\d+$/;

export interface DataQualityConfig {
  penalties: {
    missingField: number; missingFieldCap: number; vagueDescription: number; vagueDescriptionCap: number;
    hsUnknown: number; hsOutdated: number; hsTooShort: number; hsInconsistent: number; late: number; veryLate: number;
  };
  vagueWords: Record<string, string[] | string>;
  consistency: { groups: { keywords: string[]; chapters: string[] }[] };
  timeliness: { minimumHoursBeforeArrival: Record<string, number>; defaultHours: number; minimumHoursBeforeLoading?: Record<string, number>; loadingSource?: string };
  completeness: Record<string, string[] | string>;
}

export interface DataQualityResult { score: number; reasons: Reason[] }
export type DataQualityCheck = (facts: ConsignmentFacts) => DataQualityResult;

function get(obj: unknown, path: string[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Whether every element of a data set is present: the same test as the naming loop, compiled once
 * per data set into one function of plain property reads (`v.buyer?.address?.street`), which V8
 * runs far faster than walking each path by its names. The paths come from the reference data set
 * and must be identifiers (checked); `present` is passed in rather than captured.
 */
function compileCompleteness(paths: string[][]): (view: unknown) => boolean {
  const lines: string[] = [];
  for (const path of paths) {
    const head = path[0].endsWith('[]') ? path[0].slice(0, -2) : path[0];
    for (const part of [head, ...path.slice(1)]) if (!IDENTIFIER.test(part)) throw new Error(`data-quality completeness: "${path.join('.')}" is not a path of identifiers`);
    if (path[0].endsWith('[]')) {
      const rest = path.slice(1).map((p) => '?.' + p).join('');
      lines.push(`{ const list = v.${head}; if (!Array.isArray(list) || list.length === 0) return false; for (let i = 0; i < list.length; i++) { const it = list[i]; if (it === null || typeof it !== 'object' || !present(it${rest})) return false; } }`);
    } else {
      lines.push(`if (!present(v${path.map((p) => '?.' + p).join('')})) return false;`);
    }
  }
  // Generated from validated identifiers only (above): no text from a message reaches this code.
  const make = new Function('present', `return function isComplete(v) { if (v === null || typeof v !== 'object') return false; ${lines.join(' ')} return true; };`) as (p: typeof present) => (view: unknown) => boolean;
  return make(present);
}

/** Where the head of a goods description ends: punctuation that opens a list of features, or a preposition of use or feature. */
const HEAD_END = /[,;(:/]| (?:with|for|incl|including|mit|fur|für|avec|pour|con|para|per|voor|met|dla)\b/i;

/** The folded head of a description (what the goods are), or undefined when the description has no separate head. */
function headOf(description: string): string | undefined {
  const m = HEAD_END.exec(description);
  if (!m || m.index === 0) return undefined;
  const head = fold(description.slice(0, m.index));
  return head === '' ? undefined : head;
}

export function createDataQuality(config: DataQualityConfig, hs: HsNomenclature): DataQualityCheck {
  const vague = new Set<string>();
  const vagueCjk: string[] = [];
  for (const [lang, words] of Object.entries(config.vagueWords)) {
    if (lang === 'source' || !Array.isArray(words)) continue;
    for (const w of words) { if (hasCjk(w)) vagueCjk.push(w); else vague.add(fold(w)); }
  }
  vagueCjk.sort((a, b) => b.length - a.length);
  const groupWords = new Map<string, number[]>();
  const groupPhrases: { text: string; group: number }[] = [];
  config.consistency.groups.forEach((g, i) => {
    for (const k of g.keywords) {
      const f = fold(k);
      if (f.includes(' ')) groupPhrases.push({ text: ' ' + f + ' ', group: i });
      else groupWords.set(f, [...(groupWords.get(f) ?? []), i]);
    }
  });
  const fieldLists: Record<string, string[][]> = {};
  const complete: Record<string, (view: unknown) => boolean> = {};
  for (const [stage, fields] of Object.entries(config.completeness)) {
    if (Array.isArray(fields)) { fieldLists[stage] = fields.map((f) => f.split('.')); complete[stage] = compileCompleteness(fieldLists[stage]); }
  }
  const P = config.penalties;

  function isVague(description: string): boolean {
    const d = description.trim();
    if (d.length < 3) return true;
    if (hasCjk(d)) {
      let rest = d;
      for (const w of vagueCjk) rest = rest.split(w).join(' ');
      return fold(rest).replace(/[\d\s]/g, '') === '';
    }
    // distinct tokens (memoised per description): "every word vague" reads the same on a set
    for (const t of descriptionTokens(d)) {
      if (t === '' || DIGITS_ONLY.test(t)) continue;
      if (!vague.has(t)) return false;
    }
    return true; // no word but numbers, or every word vague
  }

  /**
   * The chapters the goods may fall in: those of the keywords in the head of the description
   * (what the goods are: the words before the first comma, bracket or "with"/"for"; the whole
   * description when it has no such break). "Digital sports watch, LED display" is a watch (chapters 91, 85), not LED
   * goods; "Phone case for 6.1 inch smartphone" is a phone case. A feature or use named after the
   * head widens nothing, so a code for the feature's goods no longer passes for the head's.
   */
  function consistencyGroups(description: string): Set<string> | undefined {
    const head = headOf(description);
    // A head naming goods the table does not know says nothing: a feature named after it ("drone
    // with 4K camera") must not stand in for the goods.
    return chaptersOf(head ?? foldDescription(description));
  }

  function chaptersOf(folded: string): Set<string> | undefined {
    const text = ' ' + folded + ' ';
    let chapters: Set<string> | undefined;
    const addGroup = (g: number): void => {
      chapters ??= new Set();
      for (const c of config.consistency.groups[g].chapters) chapters.add(c);
    };
    let start = 1;
    for (let i = 1; i < text.length; i++) {
      if (text.charCodeAt(i) !== 32) continue;
      if (i > start) { const gs = groupWords.get(text.slice(start, i)); if (gs) for (const g of gs) addGroup(g); }
      start = i + 1;
    }
    for (const p of groupPhrases) if (text.includes(p.text)) addGroup(p.group);
    return chapters;
  }

  // Descriptions repeat (the same listing sells many times): what a description says is worked
  // out once. Bounded; cleared when full.
  const described = new Map<string, { vague: boolean; chapters: Set<string> | undefined }>();
  function describe(description: string): { vague: boolean; chapters: Set<string> | undefined } {
    let d = described.get(description);
    if (!d) {
      if (described.size >= 50_000) described.clear();
      d = { vague: isVague(description), chapters: consistencyGroups(description) };
      described.set(description, d);
    }
    return d;
  }

  return (facts: ConsignmentFacts): DataQualityResult => {
    const reasons: Reason[] = [];
    let penalty = 0;
    const view = consignmentView(facts);
    const items: Item[] = view.items ?? [];

    // completeness against the regulated data set of the stage reached
    const stage = facts.declaration ? 'declaration' : facts.preLoading ? 'pre-loading' : undefined;
    if (stage && fieldLists[stage]) {
      // Most messages are complete: count first without building anything, name the gaps only when there are some.
      if (!complete[stage](view)) {
        const missing: string[] = [];
        for (const path of fieldLists[stage]) {
          if (path[0].endsWith('[]')) {
            const list = get(view, [path[0].slice(0, -2)]);
            const arr = Array.isArray(list) ? list : [];
            arr.forEach((it: unknown, i: number) => { if (!present(get(it, path.slice(1)))) missing.push(`${path[0].slice(0, -2)}[${i}].${path.slice(1).join('.')}`); });
            if (arr.length === 0) missing.push(path[0].slice(0, -2));
          } else if (!present(get(view, path))) missing.push(path.join('.'));
        }
        const p = Math.min(P.missingFieldCap, missing.length * P.missingField);
        penalty += p;
        reasons.push({ code: 'dq-incomplete', source: 'check', message: `${missing.length} required data element(s) missing: ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''}`, measured: missing, threshold: `${stage} data set` });
      }
    }

    // vague descriptions, HS existence and consistency, per item
    let vaguePenalty = 0;
    for (const it of items) {
      const said = describe(it.description);
      if (said.vague) {
        vaguePenalty += P.vagueDescription;
        reasons.push({ code: 'dq-vague-description', source: 'check', message: `line ${it.line}: goods description "${it.description}" is too vague to assess`, measured: it.description, threshold: 'a description naming the goods (not gift, parts, accessories, sample, goods …)' });
      }
      if (!it.hsCode) continue;
      const status = hsStatus(hs, it.hsCode);
      if (status !== 'valid') {
        const p = status === 'outdated' ? P.hsOutdated : status === 'too-short' ? P.hsTooShort : P.hsUnknown;
        penalty += p;
        reasons.push({ code: `dq-hs-${status}`, source: 'check', message: `line ${it.line}: HS code ${it.hsCode} is ${status === 'outdated' ? `not in ${hs.edition} (an older edition's code)` : status === 'too-short' ? 'shorter than a 6-digit subheading' : `not an ${hs.edition} subheading`}`, measured: it.hsCode, threshold: `${hs.edition} 6-digit subheading` });
        continue;
      }
      const chapters = said.chapters;
      const chapter = it.hsCode.slice(0, 2);
      if (chapters && !chapters.has(chapter)) {
        penalty += P.hsInconsistent;
        reasons.push({ code: 'dq-hs-inconsistent', source: 'check', message: `line ${it.line}: HS chapter ${chapter} does not fit the description "${it.description}"`, measured: { hsCode: it.hsCode, description: it.description }, threshold: { chapters: [...chapters].sort() } });
      }
    }
    penalty += Math.min(P.vagueDescriptionCap, vaguePenalty);

    // timeliness: each advance filing (pre-loading data, declaration) at least the mode's minimum
    // before arrival; one that came after the goods arrived is not advance data at all
    const arrival = facts.arrival?.arrivedAt ?? view.expectedArrival ?? facts.transport?.expectedArrival;
    const mode = view.transportMode ?? facts.transport?.transportMode;
    const min = (mode && config.timeliness.minimumHoursBeforeArrival[mode]) ?? config.timeliness.defaultHours;
    let latePenalty = 0;
    // the two filings in turn, without an array of pairs per consignment
    for (let f = 0; f < 2; f++) {
      const what = f === 0 ? 'pre-loading data' : 'declaration';
      const lead = hoursBetween(f === 0 ? facts.preLoadedAt : facts.declaredAt, arrival);
      if (lead === undefined || lead >= min) continue;
      latePenalty = Math.max(latePenalty, lead < 0 ? P.veryLate : P.late);
      reasons.push({ code: lead < 0 ? 'dq-after-arrival' : 'dq-late', source: 'check', message: `${what} received ${lead < 0 ? `${(-lead).toFixed(1)} h after ${facts.arrival ? 'arrival' : 'expected arrival'}` : `${lead.toFixed(1)} h before ${facts.arrival ? 'arrival' : 'expected arrival'}`}; ${mode ?? 'default'} minimum is ${min} h before`, measured: Math.round(lead * 10) / 10, threshold: min });
    }
    // pre-loading data is due before the goods are loaded (where the mode has such a rule)
    const beforeLoading = mode ? config.timeliness.minimumHoursBeforeLoading?.[mode] : undefined;
    const departure = view.expectedDeparture ?? facts.transport?.expectedDeparture;
    const loadLead = beforeLoading === undefined ? undefined : hoursBetween(facts.preLoadedAt, departure);
    if (loadLead !== undefined && beforeLoading !== undefined && loadLead < beforeLoading) {
      latePenalty = Math.max(latePenalty, P.veryLate);
      reasons.push({ code: 'dq-after-loading', source: 'check', message: `pre-loading data received ${(-loadLead).toFixed(1)} h after loading (departure ${departure}); ${mode} pre-loading data is due before loading`, measured: Math.round(loadLead * 10) / 10, threshold: beforeLoading });
    }
    penalty += latePenalty;
    return { score: Math.max(0, 100 - penalty), reasons };
  };
}

/** Running data-quality score of a submitter: an exponentially weighted mean, pure and incremental. */
export interface SubmitterQuality { submitter: string; messages: number; mean: number; ewma: number }

export function observeSubmitterQuality(state: SubmitterQuality | undefined, submitter: string, score: number, alpha = 0.05): SubmitterQuality {
  if (!state) return { submitter, messages: 1, mean: score, ewma: score };
  const messages = state.messages + 1;
  return { submitter, messages, mean: state.mean + (score - state.mean) / messages, ewma: state.ewma + alpha * (score - state.ewma) };
}
