/**
 * The joint WCO-UPU post-to-customs item message (CUSITM, UPU Messaging Standard M33 / WCO Data
 * Model) in a JSON rendition, turned into a native declaration (MISSION row 4).
 *
 * Assumption (docs/decisions/0002-intake-cusitm.md): CUSITM is EDIFACT or XML on the wire between
 * posts and customs; Luxor accepts a JSON object whose members carry the CN 23 / CUSITM data
 * elements by these names. An EDIFACT or XML adapter in front of it only renames. XML is not read yet.
 *
 *   itemId            S10 identifier of the item (CUSITM functional reference)     -> transportDocument
 *   messageId?, sentAt, postId (sending designated operator)                       -> envelope
 *   acceptanceDateTime? (posting date)                                             -> not kept (no native element)
 *   originCountry, destinationCountry, originPlace?, destinationPlace? (UN/LOCODE) -> loading/unloading place
 *   sender, addressee  { name, address { street, city, region?, postcode, country }, email?, phone? }
 *   category          CN 23 category of item: gift | documents | commercial-sample | returned-goods | sale-of-goods | other
 *   currency, totalValue, postage?, insurance?, grossWeightKg?
 *   contents[]        { description, quantity, netWeightKg?, value (of the line), hsCode?, originCountry? }
 */
import type { DeclarationMessage, Item, Jurisdiction, Party } from '../domain/message.js';
import { Decimal } from '../domain/decimal.js';
import { currencyMinorDigits } from './codes.js';
import { problem, type Problem } from './problems.js';
import { DEFAULT_LIMITS, validateMessage, type IntakeLimits } from './validate-message.js';

export const CUSITM_CATEGORIES = ['gift', 'documents', 'commercial-sample', 'returned-goods', 'sale-of-goods', 'other'] as const;
export type CusitmCategory = (typeof CUSITM_CATEGORIES)[number];

export interface CusitmParty {
  name?: string;
  address?: { street?: string; city?: string; region?: string; postcode?: string; country: string };
  email?: string;
  phone?: string;
}

export interface CusitmContentPiece {
  description: string;
  quantity: number;
  netWeightKg?: number;
  /** Declared value of the whole line, decimal string. */
  value: string;
  hsCode?: string;
  originCountry?: string;
}

export interface CusitmItem {
  messageId?: string;
  itemId: string;
  postId: string;
  sentAt: string;
  acceptanceDateTime?: string;
  originCountry: string;
  destinationCountry: string;
  originPlace?: string;
  destinationPlace?: string;
  sender: CusitmParty;
  addressee: CusitmParty;
  category: CusitmCategory;
  currency: string;
  totalValue: string;
  postage?: string;
  insurance?: string;
  grossWeightKg?: number;
  contents: CusitmContentPiece[];
}

export type CusitmResult = { ok: true; message: DeclarationMessage } | { ok: false; problems: Problem[] };

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

function party(p: CusitmParty): Party {
  const out: Party = {};
  if (p.name !== undefined) out.name = p.name;
  if (p.address !== undefined) out.address = { ...p.address };
  if (p.email !== undefined) out.email = p.email;
  if (p.phone !== undefined) out.phone = p.phone;
  return out;
}

/**
 * The unit price of a line whose declared value covers `quantity` pieces, at the currency's minor
 * unit (half-even), because native items carry a unit price; the line value the post declared
 * stays exact in `invoice.itemsTotal`.
 */
function unitPrice(value: string, quantity: number, currency: string): string {
  if (!Number.isInteger(quantity) || quantity <= 0) return value;
  const digits = currencyMinorDigits(currency) ?? 2;
  return Decimal.parse(value).div(Decimal.of(quantity), digits, 'half-even').toString();
}

/**
 * Converts one CUSITM item into a native declaration for `jurisdiction` and validates it. Problems
 * about the CUSITM object itself point into it; problems found by the native validator point into
 * the native message (their detail says so).
 */
export function cusitmToDeclaration(raw: unknown, jurisdiction: Jurisdiction, limits: IntakeLimits = DEFAULT_LIMITS): CusitmResult {
  if (!isRec(raw)) return { ok: false, problems: [problem('LUX_ERR_FIELD_TYPE', 'A CUSITM item is a JSON object.', '')] };
  const problems: Problem[] = [];
  const need = (key: string, kind: 'string' | 'object' | 'array'): void => {
    const v = raw[key];
    if (v === undefined || v === null) problems.push(problem('LUX_ERR_FIELD_MISSING', `CUSITM ${key} is required.`, '/' + key));
    else if (kind === 'array' ? !Array.isArray(v) : kind === 'object' ? !isRec(v) : typeof v !== kind) {
      problems.push(problem('LUX_ERR_FIELD_TYPE', `CUSITM ${key} must be ${kind === 'array' ? 'an array' : kind === 'object' ? 'an object' : 'a string'}.`, '/' + key));
    }
  };
  for (const k of ['itemId', 'postId', 'sentAt', 'originCountry', 'destinationCountry', 'currency', 'totalValue', 'category']) need(k, 'string');
  need('sender', 'object');
  need('addressee', 'object');
  need('contents', 'array');
  if (typeof raw.totalValue === 'number') problems.splice(problems.findIndex((p) => p.pointer === '/totalValue'), 1, problem('LUX_ERR_AMOUNT_NOT_STRING', 'CUSITM totalValue must be a decimal string, not a JSON number.', '/totalValue'));
  if (typeof raw.category === 'string' && !(CUSITM_CATEGORIES as readonly string[]).includes(raw.category)) {
    problems.push(problem('LUX_ERR_FIELD_INVALID', `CUSITM category ${JSON.stringify(raw.category)} is not one of ${CUSITM_CATEGORIES.join(', ')}.`, '/category'));
  }
  if (Array.isArray(raw.contents)) {
    raw.contents.forEach((piece: unknown, i: number) => {
      if (!isRec(piece)) { problems.push(problem('LUX_ERR_FIELD_TYPE', `contents[${i}] must be an object.`, `/contents/${i}`)); return; }
      if (typeof piece.value === 'number') problems.push(problem('LUX_ERR_AMOUNT_NOT_STRING', `contents[${i}].value must be a decimal string, not a JSON number.`, `/contents/${i}/value`));
      else if (!Decimal.isDecimalString(piece.value)) problems.push(problem('LUX_ERR_AMOUNT_FORMAT', `contents[${i}].value must be a decimal string such as "12.50".`, `/contents/${i}/value`));
      if (typeof piece.quantity !== 'number') problems.push(problem('LUX_ERR_FIELD_TYPE', `contents[${i}].quantity must be a number.`, `/contents/${i}/quantity`));
    });
  }
  if (problems.length > 0) return { ok: false, problems };

  const item = raw as unknown as CusitmItem;
  const items: Item[] = item.contents.map((c, i) => {
    const it: Item = { line: i + 1, description: c.description, quantity: c.quantity, unitPrice: unitPrice(c.value, c.quantity, item.currency) };
    if (c.hsCode !== undefined) it.hsCode = c.hsCode;
    if (c.netWeightKg !== undefined) it.netMassKg = c.netWeightKg;
    if (c.originCountry !== undefined) it.origin = c.originCountry;
    return it;
  });
  const sender = party(item.sender);
  const addressee = party(item.addressee);
  const message: DeclarationMessage = {
    messageId: item.messageId ?? `cusitm-${item.itemId}`,
    type: 'declaration',
    sentAt: item.sentAt,
    sender: { role: 'post', id: item.postId },
    jurisdiction,
    consignment: {
      transportDocument: { type: 'postal-item', number: item.itemId },
      transportMode: 'post',
      destinationCountry: item.destinationCountry,
      seller: sender,
      consignor: sender,
      buyer: addressee,
      consignee: addressee,
      // CN 23: a gift is between private persons; documents and samples carry no sale; the rest is a sale to a consumer.
      transactionType: item.category === 'gift' ? 'C2C' : item.category === 'sale-of-goods' ? 'B2C' : undefined,
      invoice: {
        currency: item.currency,
        itemsTotal: item.totalValue,
        ...(item.postage !== undefined ? { transportCost: item.postage } : {}),
        ...(item.insurance !== undefined ? { insuranceCost: item.insurance } : {}),
      },
      items,
    },
  };
  const c = message.consignment;
  if (c.transactionType === undefined) delete c.transactionType;
  if (item.originPlace !== undefined) c.loadingPlace = item.originPlace;
  if (item.destinationPlace !== undefined) c.unloadingPlace = item.destinationPlace;
  if (item.grossWeightKg !== undefined) c.grossMassKg = item.grossWeightKg;
  c.packageCount = 1;

  const v = validateMessage(message, limits);
  if (!v.ok) return { ok: false, problems: v.problems.map((p) => ({ ...p, detail: `${p.detail} (in the declaration converted from CUSITM item ${item.itemId})` })) };
  return { ok: true, message };
}
