/**
 * Intellectual property rights at the border (FoS Technical Specifications 8.1.3, IPR; WCO
 * SECURE / Model Provisions for national IPR legislation; in the EU, Regulation (EU) No 608/2013):
 * right holders lodge applications for action naming their trade marks, the goods they cover and
 * the distributors they authorise; customs look for those marks in goods descriptions, and a
 * parcel bearing a protected mark from a seller the right holder did not authorise is held for
 * examination and the right holder notified (Reg. 608/2013 Art. 17-18).
 *
 * The register is dated data the administration keeps; this module only matches it.
 */
import type { DateTime, Item } from '../domain/message.js';
import type { Reason } from '../clearance/seam.js';
import { parseTime } from './keys.js';
import { fold, foldDescription, nameTokens, tokenSetSimilarity } from './normalise.js';

export interface IprApplication {
  id: string;
  /** The trade mark as written (folded for matching: case, accents, punctuation ignored). */
  mark: string;
  rightHolder: string;
  /** HS chapters (2 digits) the application covers; a mark outside them is not flagged. Empty: all goods. */
  chapters: string[];
  /** Sellers the right holder authorises (names; matched tolerantly as party names). */
  authorised?: string[];
  validFrom: DateTime;
  validTo?: DateTime;
}

export interface IprRegister {
  id: string;
  name: string;
  source: string;
  validFrom: DateTime;
  validTo?: DateTime;
  points: number;
  applications: IprApplication[];
}

export interface IprIndex {
  registers: { register: IprRegister; fromMs: number; toMs: number }[];
  /** Applications by the first word of their folded mark. */
  byFirstWord: Map<string, { register: number; application: IprApplication; text: string; fromMs: number; toMs: number; authorised: string[][] }[]>;
}

export function buildIprIndex(registers: IprRegister[]): IprIndex {
  const byFirstWord: IprIndex['byFirstWord'] = new Map();
  const regs = registers.map((register, r) => {
    for (const a of register.applications) {
      const text = fold(a.mark);
      if (!text) continue;
      const first = text.split(' ')[0];
      const list = byFirstWord.get(first) ?? [];
      list.push({ register: r, application: a, text: ' ' + text + ' ', fromMs: parseTime(a.validFrom), toMs: a.validTo === undefined ? Infinity : parseTime(a.validTo), authorised: (a.authorised ?? []).map(nameTokens) });
      byFirstWord.set(first, list);
    }
    return { register, fromMs: parseTime(register.validFrom), toMs: register.validTo === undefined ? Infinity : parseTime(register.validTo) };
  });
  return { registers: regs, byFirstWord };
}

export interface IprHit { register: IprRegister; application: IprApplication; line: number }

/**
 * Protected marks in the goods descriptions, in force at `at`, within the chapters the
 * application covers, unless the seller is an authorised distributor.
 */
export function screenIpr(index: IprIndex, items: Item[], sellerName: string | undefined, at: DateTime): IprHit[] {
  if (index.byFirstWord.size === 0) return [];
  const atMs = parseTime(at);
  const seller = sellerName ? nameTokens(sellerName) : undefined;
  const hits: IprHit[] = [];
  for (const item of items) {
    const text = ' ' + foldDescription(item.description) + ' ';
    let start = 1;
    for (let i = 1; i < text.length; i++) {
      if (text.charCodeAt(i) !== 32) continue;
      if (i > start) {
        const candidates = index.byFirstWord.get(text.slice(start, i));
        if (candidates) {
          for (const c of candidates) {
            const reg = index.registers[c.register];
            if (!(reg.fromMs <= atMs && atMs < reg.toMs && c.fromMs <= atMs && atMs < c.toMs)) continue;
            if (!text.includes(c.text)) continue;
            if (c.application.chapters.length > 0 && !(item.hsCode && c.application.chapters.includes(item.hsCode.slice(0, 2)))) continue;
            if (seller && c.authorised.some((a) => tokenSetSimilarity(a, seller) >= 0.9)) continue;
            if (!hits.some((h) => h.application === c.application && h.line === item.line)) hits.push({ register: reg.register, application: c.application, line: item.line });
          }
        }
      }
      start = i + 1;
    }
  }
  return hits;
}

export function iprReason(hit: IprHit): Reason {
  const a = hit.application;
  return {
    code: 'ipr-protected-mark', source: 'list', score: hit.register.points,
    message: `line ${hit.line}: bears the trade mark "${a.mark}" of ${a.rightHolder}, protected by application ${a.id} (${hit.register.name}), from a seller the right holder has not authorised: proof of authenticity or of authorised distribution requested, examination and notice to the right holder if it is not given`,
    version: a.id,
    measured: { line: hit.line, mark: a.mark },
    threshold: { chapters: a.chapters, authorised: a.authorised ?? [] },
    matched: { registerId: hit.register.id, applicationId: a.id, rightHolder: a.rightHolder, source: hit.register.source },
  };
}
