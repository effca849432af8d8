/**
 * The revenue engine: what is due on one consignment under the law in force on its reference
 * date, who collects it, and why it must wait. Pure: the same facts, context and reference
 * give the same answer, so a replay of a recorded context reproduces the bill.
 */
import { Decimal, type RoundingMode } from '../domain/decimal.js';
import type { DeclaredConsignment, Item } from '../domain/message.js';
import type { AssessmentContext, ConsignmentFacts, Liability, Reason } from '../clearance/seam.js';
import {
  dataDecimal, hasPrefix, localDate, validOn,
} from './lookup.js';
import { dayView, type CompiledRate, type DayView, type RateHit } from './day-view.js';
import type {
  DeMinimisOutcome, DutyRate, ExciseEntry, LineAssessment, RevenueAssessment, RevenueProfile, RevenueReference, VendorCheck,
} from './types.js';

export { describeRate } from './day-view.js';

const HUNDRED = Decimal.of(100);
const WORK_SCALE = 8;

function reason(code: string, message: string, extra: Partial<Reason> = {}): Reason {
  return { code, source: 'revenue', message, ...extra };
}

// Quantities and masses repeat (1, 2, 0.25 kg...) and each line converted them through their text (String, pattern,
// parse) every time. Decimal is immutable, so one value serves every line that declares the same number.
const SMALL_INTEGERS: Decimal[] = Array.from({ length: 1024 }, (_, k) => Decimal.of(k));
const numbers = new Map<number, Decimal>();

function numberToDecimal(n: number): Decimal {
  if (Number.isInteger(n) && n >= 0 && n < SMALL_INTEGERS.length) return SMALL_INTEGERS[n];
  let d = numbers.get(n);
  if (d === undefined) {
    // Quantities and masses arrive as JSON numbers; their shortest decimal text is the declared figure.
    const text = String(n);
    if (!Decimal.isDecimalString(text)) throw new RangeError(`not a plain decimal number: ${text}`);
    d = Decimal.parse(text);
    if (numbers.size >= 10_000) numbers.clear();
    numbers.set(n, d);
  }
  return d;
}

/** What the duty formula needs to measure a specific rate. */
interface Measures { quantity: Decimal; massKg?: Decimal; litres?: Decimal; lpa?: Decimal }

function measuresOf(item: Item): Measures {
  const quantity = numberToDecimal(item.quantity ?? 1);
  const litres = item.volumeLitres !== undefined ? numberToDecimal(item.volumeLitres).mul(quantity) : undefined;
  return {
    quantity,
    massKg: item.netMassKg !== undefined ? numberToDecimal(item.netMassKg) : undefined,
    litres,
    lpa: litres !== undefined && item.alcoholPercent !== undefined ? litres.mul(numberToDecimal(item.alcoholPercent)).div(HUNDRED, WORK_SCALE) : undefined,
  };
}

function measure(per: string, m: Measures): Decimal | undefined {
  switch (per) {
    case 'kg': return m.massKg;
    case 'unit': case 'pair': return m.quantity;
    case 'litre': return m.litres;
    case 'lpa': return m.lpa;
    default: return undefined;
  }
}

/** Unrounded duty of a rate on a base; undefined names the missing measure. */
export function applyRate(rate: DutyRate, base: Decimal, m: Measures): { amount: Decimal } | { missing: string } {
  let amount = Decimal.ZERO;
  if (rate.adValorem !== undefined) amount = amount.add(base.mul(dataDecimal(rate.adValorem)).div(HUNDRED, WORK_SCALE));
  for (const [kind, part] of [['specific', rate.specific], ['min', rate.min], ['max', rate.max]] as const) {
    if (!part) continue;
    const q = measure(part.per, m);
    if (q === undefined) return { missing: part.per };
    const v = dataDecimal(part.amount).mul(q);
    if (kind === 'specific') amount = amount.add(v);
    else if (kind === 'min') amount = amount.max(v);
    else amount = amount.min(v);
  }
  return { amount };
}

/** The same figure as `applyRate`, from a rate parsed once; a string names the missing measure. */
function rateAmount(rate: CompiledRate, base: Decimal, m: Measures): Decimal | string {
  // ZERO.add(x) is x at x's scale, so the first part stands alone.
  let amount = rate.adValorem !== undefined ? base.mul(rate.adValorem).div(HUNDRED, WORK_SCALE) : Decimal.ZERO;
  if (rate.specific) {
    const q = measure(rate.specific.per, m);
    if (q === undefined) return rate.specific.per;
    const v = rate.specific.amount.mul(q);
    amount = rate.adValorem !== undefined ? amount.add(v) : v;
  }
  if (rate.min) {
    const q = measure(rate.min.per, m);
    if (q === undefined) return rate.min.per;
    amount = amount.max(rate.min.amount.mul(q));
  }
  if (rate.max) {
    const q = measure(rate.max.per, m);
    if (q === undefined) return rate.max.per;
    amount = amount.min(rate.max.amount.mul(q));
  }
  return amount;
}

/** Splits `total` over weights so that the parts add up exactly (the last part takes the remainder). */
function allocate(total: Decimal, weights: Decimal[], digits: number, mode: RoundingMode): Decimal[] {
  const n = weights.length;
  if (n === 0) return [];
  let whole = Decimal.ZERO;
  for (const w of weights) whole = whole.add(w);
  const parts: Decimal[] = [];
  let used = Decimal.ZERO;
  for (let i = 0; i < n - 1; i++) {
    const part = whole.isZero() ? (i === 0 ? total : Decimal.ZERO) : total.mul(weights[i]).div(whole, digits, mode);
    parts.push(part); used = used.add(part);
  }
  parts.push(total.sub(used));
  return parts;
}

/** `allocate` over `count` equal weights: every part but the last is the same quotient. */
function allocateEqually(total: Decimal, count: number, digits: number, mode: RoundingMode): Decimal[] {
  const parts: Decimal[] = [];
  let used = Decimal.ZERO;
  // total × 1 / count, as `allocate` computes it with weights of one.
  const part = count > 1 ? total.div(Decimal.of(count), digits, mode) : Decimal.ZERO;
  for (let i = 0; i < count - 1; i++) { parts.push(part); used = used.add(part); }
  parts.push(total.sub(used));
  return parts;
}

const zeroTexts: string[] = [];
function zeroText(digits: number): string {
  return zeroTexts[digits] ??= Decimal.ZERO.round(digits).toString();
}

function emptyAnswer(facts: ConsignmentFacts, profile: RevenueProfile | undefined, referenceDate: string): RevenueAssessment {
  const digits = profile?.minorDigits ?? 2;
  const zero = zeroText(digits);
  return {
    jurisdiction: facts.jurisdiction, referenceDate, currency: profile?.currency ?? 'XXX',
    liabilities: [], due: zero, total: zero,
    collectionModel: facts.declaration?.collection?.model ?? (facts.declaration?.vendorCollection ? 'vendor' : 'consumer'),
    holds: [], requestsForInformation: [], reasons: [], lines: [],
  };
}

function referenceDateOf(facts: ConsignmentFacts, context: AssessmentContext, profile: RevenueProfile): string {
  const utcDay = dayView(profile, (facts.declaredAt ?? context.now).slice(0, 10));
  const zone = utcDay.p.timeZone?.value ?? 'UTC';
  const rule = utcDay.p.referenceDateRule?.value ?? 'declaration-acceptance';
  const instant = rule === 'arrival' ? (facts.arrival?.arrivedAt ?? facts.declaredAt ?? context.now) : (facts.declaredAt ?? context.now);
  return localDate(instant, zone);
}

function taxRegion(profile: RevenueProfile, decl: DeclaredConsignment, view: DayView): string {
  const rule = view.p.defaultTaxRegion?.value ?? profile.jurisdiction;
  if (rule === 'destination-country') return decl.destinationCountry ?? decl.buyer?.address?.country ?? decl.consignee?.address?.country ?? '';
  if (rule === 'buyer-region') return decl.buyer?.address?.region ?? decl.consignee?.address?.region ?? '';
  return rule;
}

const THOUSAND = Decimal.of(1000);

/**
 * Whether a line is priced at or above an excise entry's unit-price threshold (CN high-end cosmetics). The price is
 * the line's customs value per ml of declared volume, else per g of declared net mass, else per piece for lines
 * counted in sheets or pieces the entry lists. `undefined` when no declared measure prices the line.
 */
export function unitPriceTest(
  t: NonNullable<ExciseEntry['unitPriceThreshold']>, lineValue: Decimal, item: Item, m: Measures,
): { above: boolean; per: 'ml' | 'g' | 'piece'; quantity: Decimal; threshold: Decimal } | undefined {
  let per: 'ml' | 'g' | 'piece' | undefined;
  let quantity: Decimal | undefined;
  let threshold: string | undefined;
  if (t.perMillilitre !== undefined && m.litres !== undefined) { per = 'ml'; quantity = m.litres.mul(THOUSAND); threshold = t.perMillilitre; }
  else if (t.perGram !== undefined && m.massKg !== undefined) { per = 'g'; quantity = m.massKg.mul(THOUSAND); threshold = t.perGram; }
  else if (t.perPiece !== undefined && item.unit !== undefined && (t.pieceUnits ?? []).includes(item.unit)) { per = 'piece'; quantity = m.quantity; threshold = t.perPiece; }
  if (per === undefined || quantity === undefined || threshold === undefined || !quantity.gt(Decimal.ZERO)) return undefined;
  const limit = dataDecimal(threshold);
  // value / quantity >= limit, compared without dividing.
  return { above: lineValue.gte(limit.mul(quantity)), per, quantity, threshold: limit };
}

const DOCUMENT_HS = ['4906', '4907'];
const DOCUMENTS = /^documents?\b/i;
const reasonCodes = new Map<string, string>();
function liabilityCode(type: string): string {
  let code = reasonCodes.get(type);
  if (code === undefined) { code = `LUX_REV_${type.toUpperCase().replace(/-/g, '_')}`; reasonCodes.set(type, code); }
  return code;
}

/** `x` (in `currency`) in the local currency at the rate of the view's date, unrounded; undefined without a rate. */
function toLocalExact(view: DayView, cur: string, x: Decimal, currency: string): Decimal | undefined {
  if (currency === cur) return x;
  const e = view.exchangeRate(currency);
  if (!e) return undefined;
  return e.foreignPerLocal ? x.div(e.rate, WORK_SCALE) : x.mul(e.rate);
}

function toLocalRounded(x: Decimal, fx: RateHit | undefined, digits: number, mode: RoundingMode): Decimal {
  return (fx === undefined ? x : fx.foreignPerLocal ? x.div(fx.rate, WORK_SCALE) : x.mul(fx.rate)).round(digits, mode);
}

function anyUnder(items: Item[], prefixes: string[]): boolean {
  if (prefixes.length === 0) return false;
  for (const it of items) if (hasPrefix(it.hsCode, prefixes)) return true;
  return false;
}

export function assessRevenue(facts: ConsignmentFacts, context: AssessmentContext, reference: RevenueReference): RevenueAssessment {
  const profile = reference[facts.jurisdiction];
  if (!profile) {
    const a = emptyAnswer(facts, profile, (facts.declaredAt ?? context.now).slice(0, 10));
    a.holds.push(reason('LUX_REV_NO_PROFILE', `no revenue profile for ${facts.jurisdiction}`));
    return a;
  }
  const date = referenceDateOf(facts, context, profile);
  const view = dayView(profile, date);
  const answer = emptyAnswer(facts, profile, date);
  const decl = facts.declaration;
  if (!decl) {
    answer.holds.push(reason('LUX_REV_NO_DECLARATION', 'no declaration to assess yet'));
    return answer;
  }
  const D = profile.minorDigits;
  const mode = (view.p.roundingMode?.value ?? 'half-up') as RoundingMode;
  const cur = profile.currency;
  const holds = answer.holds;
  const reasons = answer.reasons;
  const rfi = answer.requestsForInformation;

  // Currency: the jurisdiction's dated rate, never a guess.
  const invoiceCurrency = decl.invoice?.currency ?? cur;
  let fx: RateHit | undefined;
  if (invoiceCurrency !== cur) {
    fx = view.exchangeRate(invoiceCurrency);
    if (!fx) {
      holds.push(reason('LUX_REV_NO_RATE', `no ${view.p.exchangeRateRule?.value ?? ''} exchange rate ${invoiceCurrency}/${cur} in force on ${date}`.replace('  ', ' '), { measured: invoiceCurrency, threshold: date }));
      return answer;
    }
    answer.exchangeRate = fx.entry;
  }

  // Line values in the invoice currency, then converted and rounded line by line.
  const items = decl.items;
  const n = items.length;
  const itemsTotal = decl.invoice ? Decimal.parse(decl.invoice.itemsTotal) : undefined;
  // Each line's value in the invoice currency, then (in place) in the local currency.
  const values: Decimal[] = [];
  let known = Decimal.ZERO;
  let missing = 0;
  for (const it of items) {
    if (it.unitPrice === undefined) { values.push(Decimal.ZERO); missing++; continue; }
    const p = Decimal.parse(it.unitPrice).mul(numberToDecimal(it.quantity ?? 1));
    values.push(p);
    known = known.add(p);
  }
  if (missing > 0 && itemsTotal) {
    // Lines without a price share what the invoice total leaves, in declaration order.
    const rest = allocateEqually(itemsTotal.sub(known).max(Decimal.ZERO), missing, D, mode);
    let k = 0;
    for (let i = 0; i < n; i++) if (items[i].unitPrice === undefined) values[i] = rest[k++];
  }
  if (itemsTotal) {
    let foreignSum = Decimal.ZERO;
    for (const v of values) foreignSum = foreignSum.add(v);
    if (!foreignSum.eq(itemsTotal)) {
      const added = foreignSum.toString();
      reasons.push(reason('LUX_REV_ITEMS_TOTAL_MISMATCH', `items add up to ${added} ${invoiceCurrency}, invoice says ${itemsTotal.toString()}`, { measured: added, threshold: itemsTotal.toString() }));
    }
  }
  let intrinsic = Decimal.ZERO;
  for (let i = 0; i < n; i++) { const v = toLocalRounded(values[i], fx, D, mode); values[i] = v; intrinsic = intrinsic.add(v); }
  const transportText = decl.invoice?.transportCost;
  const insuranceText = decl.invoice?.insuranceCost;
  // An absent cost is Decimal.parse('0'), which is Decimal.ZERO.
  const transport = toLocalRounded(transportText === undefined ? Decimal.ZERO : Decimal.parse(transportText), fx, D, mode);
  const insurance = toLocalRounded(insuranceText === undefined ? Decimal.ZERO : Decimal.parse(insuranceText), fx, D, mode);
  // The place of loading (a UN/LOCODE), else the seller's country; `departure` is its country.
  const loadingPlace = decl.loadingPlace ?? decl.seller?.address?.country ?? '';
  const departure = loadingPlace.slice(0, 2);

  const basis = view.p.valuationBasis?.value ?? 'CIF';
  let transportInValue = Decimal.ZERO;
  if (basis === 'CIF') {
    transportInValue = transport;
    // The row of the airport's UN/LOCODE if the table splits its country by airport, else the country's row.
    const share = decl.transportMode === 'air' ? view.airFreightShare(loadingPlace) : undefined;
    if (share) {
      transportInValue = transport.mul(dataDecimal(share.percent)).div(HUNDRED, WORK_SCALE).round(D, mode);
      reasons.push(reason('LUX_REV_AIR_FREIGHT_SHARE', `${share.percent}% of air transport cost from ${share.departure} enters the customs value`, { measured: transportInValue.toString(), matched: share.source }));
    } else if (decl.transportMode === 'air' && !transport.isZero()) {
      // The rule exists but no percentage for this departure is loaded: say so rather than overstate silently.
      const rule = view.p.airFreightShareRule;
      if (rule) {
        const t = transport.toString();
        reasons.push({ code: 'LUX_REV_AIR_FREIGHT_SHARE_MISSING', source: 'revenue', message: `no ${rule.value} percentage loaded for departure ${departure || '(unknown)'}: the whole air transport cost ${t} ${cur} enters the customs value, which overstates it`, measured: t, matched: rule.source });
      }
    }
  }
  const addedToValue = basis === 'CIF' ? transportInValue.add(insurance) : Decimal.ZERO;
  const customsValue = intrinsic.add(addedToValue);
  // Nothing to spread: every line value is already at the minor digits, and adding a zero of at most that
  // scale gives back the same figure, so the customs values are the values.
  const spread = !addedToValue.isZero();
  const lineCvs = spread ? allocate(addedToValue, values, D, mode) : values;
  const lines: LineAssessment[] = answer.lines;
  for (let i = 0; i < n; i++) {
    const it = items[i];
    const value = values[i].toString();
    let cv = value;
    if (spread) { lineCvs[i] = values[i].add(lineCvs[i]); cv = lineCvs[i].toString(); }
    lines.push({ line: it.line, hsCode: it.hsCode, quantity: it.quantity ?? 1, value, customsValue: cv });
  }
  const intrinsicText = intrinsic.toString();
  answer.intrinsicValue = intrinsicText;
  answer.customsValue = customsValue.toString();
  const liabilities = answer.liabilities;
  // What the border collects (every liability but the vendor's tax: duty and excise are never 'none' when they
  // are computed), summed as the liabilities are made rather than parsed back from their texts.
  let due = Decimal.ZERO;
  let vendorTax = Decimal.ZERO;
  // Every duty and excise amount (what `lineDuty` holds per line), for the tax base.
  let allDuties = Decimal.ZERO;

  // Who pays at the border, and whether the vendor already collected the tax.
  const vc = decl.vendorCollection;
  const declaredModel = decl.collection?.model ?? (vc ? 'vendor' : decl.representative || context.account ? 'intermediary' : 'consumer');
  answer.collectionModel = declaredModel;
  const borderCollector: Liability['collectedBy'] = declaredModel === 'consumer' ? 'consumer'
    : declaredModel === 'intermediary' || decl.collection?.payer || decl.collection?.account || context.account ? 'intermediary' : 'consumer';
  const vendorScheme = view.p.vendorScheme?.value;
  const vendorCeiling = view.d.vendorCollectionCeiling;
  const vendorExcluded = view.list('vendorExcludedHs');
  const transaction = decl.transactionType ?? 'B2C';
  let vendorCheck: VendorCheck | undefined;
  let vendorEligible = false;
  if (vc) {
    const registered = profile.vendors.some((v) => v.scheme === vc.scheme && v.number === vc.number && validOn(v, date));
    const eligible = registered && vc.scheme === vendorScheme && transaction === 'B2C' && vendorCeiling !== undefined
      && intrinsic.lte(vendorCeiling) && !anyUnder(items, vendorExcluded);
    vendorEligible = eligible;
    vendorCheck = { scheme: vc.scheme, number: vc.number, registered, eligible, taxComputed: '0' };
    if (!registered) reasons.push(reason('LUX_REV_VENDOR_UNREGISTERED', `${vc.scheme} number ${vc.number} is not in the register on ${date}: tax is due at import`, { measured: vc.number }));
    else if (!eligible) reasons.push(reason('LUX_REV_VENDOR_INELIGIBLE', `consignment not eligible for ${vc.scheme} (value ${intrinsicText} ${cur}, ceiling ${vendorCeiling?.toString() ?? 'none'}, or excluded goods)`, { measured: intrinsicText, threshold: vendorCeiling?.toString() }));
  }

  // De minimis and the regime that follows from it.
  const dutyThresholdEntry = view.p.dutyDeMinimis;
  let dutyThreshold = view.d.dutyDeMinimis;
  let taxThreshold = view.d.taxDeMinimis;
  const cusmaOrigins = view.list('cusmaCourierOrigins');
  if (cusmaOrigins.length > 0 && decl.transportMode !== 'post' && cusmaOrigins.includes(departure)) {
    dutyThreshold = view.d.cusmaCourierDutyDeMinimis ?? dutyThreshold;
    taxThreshold = view.d.cusmaCourierTaxDeMinimis ?? taxThreshold;
    reasons.push(reason('LUX_REV_CUSMA_COURIER', `courier shipment from ${departure}: duty relief up to ${dutyThreshold?.toString()}, tax relief up to ${taxThreshold?.toString()} ${cur}`));
  }
  const basisName = view.p.dutyDeMinimisBasis?.value ?? 'intrinsic';
  let measured = basisName === 'customs-value' ? customsValue : intrinsic;
  if (view.p.dutyDeMinimisAggregation?.value === 'per-person-per-day') {
    const zone = view.p.timeZone?.value ?? 'UTC';
    for (const rc of context.recent) {
      if (localDate(rc.declaredAt, zone) !== date || rc.consignmentId === facts.id) continue;
      const v = toLocalExact(view, cur, Decimal.parse(rc.itemsTotal), rc.currency);
      if (v) measured = measured.add(v.round(D, mode));
    }
  }
  const excludedHs = view.list('dutyDeMinimisExcludedHs');
  const excludedOrigins = view.list('dutyDeMinimisExcludedOrigins');
  const giftRelief = view.d.giftRelief;
  const flatDuty = view.d.flatDuty;
  const flatCeiling = view.d.flatDutyCeiling;
  const flatScope = view.p.flatDutyScope;

  let outcome: DeMinimisOutcome = 'dutiable';
  let taxAtBorder = true;
  let taxFactor: Decimal | undefined;
  // Lines relieved of duty: all of them (gift, CBEC within limits), or those the relief covers.
  let allRelieved = false;
  let relievedLines: Set<number> | undefined;
  let flat = false;
  let threshold: Decimal | undefined = dutyThreshold;
  let thresholdSource = dutyThresholdEntry?.source;

  const cbecLimit = view.d.cbecTransactionLimit;
  const cbecAnnual = view.d.cbecAnnualLimit;
  if (transaction === 'C2C' && giftRelief !== undefined && intrinsic.lte(giftRelief)) {
    outcome = 'gift-relief'; taxAtBorder = false; threshold = giftRelief; thresholdSource = view.p.giftRelief?.source;
    allRelieved = true;
  } else if (cbecLimit && cbecAnnual && transaction !== 'B2B') {
    const quotaText = context.annualQuotaUsed;
    const yearTotal = (quotaText === undefined ? Decimal.ZERO : Decimal.parse(quotaText)).add(customsValue);
    const withinYear = yearTotal.lte(cbecAnnual);
    const single = n === 1 && (items[0].quantity ?? 1) === 1;
    measured = customsValue; threshold = cbecLimit; thresholdSource = view.p.cbecTransactionLimit?.source;
    if (customsValue.lte(cbecLimit) && withinYear) {
      outcome = 'cbec-within-limits';
      taxFactor = view.d.cbecTaxFactor;
      allRelieved = true;
      answer.quotaUsed = answer.customsValue;
    } else if (withinYear && single) {
      outcome = 'cbec-single-item-full';
      answer.quotaUsed = answer.customsValue;
    } else {
      outcome = 'general-trade';
    }
    const yearText = yearTotal.toString();
    const annualText = cbecAnnual.toString();
    reasons.push({ code: 'LUX_REV_CBEC', source: 'revenue', message: `cross-border e-commerce retail: ${outcome} (value ${answer.customsValue}, limit ${cbecLimit.toString()}; annual ${yearText} of ${annualText})`, measured: yearText, threshold: annualText });
  } else if (flatDuty && flatCeiling && intrinsic.lte(flatCeiling) && transaction === 'B2C') {
    const inScope = flatScope?.value === 'all-b2c-distance-sales' ? transaction === 'B2C'
      : (vendorEligible && vc?.scheme === 'IOSS') || decl.transportMode === 'post';
    threshold = flatCeiling; thresholdSource = view.p.flatDuty?.source;
    if (inScope) { outcome = 'flat-duty'; flat = true; }
    else reasons.push(reason('LUX_REV_FLAT_DUTY_OUT_OF_SCOPE', `consignment under ${flatCeiling.toString()} ${cur} outside the flat-duty scope (${flatScope?.value ?? 'unset'}: ${flatScope?.source ?? ''}): normal tariff`));
  } else if (dutyThreshold !== undefined && measured.lte(dutyThreshold)) {
    outcome = 'relieved';
    const relieved = relievedLines = new Set();
    for (const it of items) {
      if (hasPrefix(it.hsCode, excludedHs) || (it.origin !== undefined && excludedOrigins.includes(it.origin))) continue;
      relieved.add(it.line);
    }
    if (relieved.size < n) reasons.push(reason('LUX_REV_RELIEF_EXCLUDED_LINES', `duty relief does not cover lines ${items.filter((it) => !relieved.has(it.line)).map((it) => it.line).join(', ')} (excluded goods or origin)`));
  }
  if (taxThreshold !== undefined && outcome !== 'gift-relief' && measured.lte(taxThreshold)) taxAtBorder = false;
  const unknownVendorTaxAtBorder = view.p.vendorUnknownTaxAtBorder?.value !== 'false';
  const vendorRegimeApplies = vendorCeiling !== undefined && intrinsic.lte(vendorCeiling) && transaction === 'B2C'
    && !anyUnder(items, vendorExcluded);
  if (vendorEligible) taxAtBorder = false;
  else if (vendorRegimeApplies && !unknownVendorTaxAtBorder) {
    taxAtBorder = false;
    reasons.push({ code: 'LUX_REV_TAX_AT_SALE', source: 'revenue', message: `goods up to ${vendorCeiling?.toString()} ${cur}: the tax is due from the seller at the point of sale, not at the border` });
  }
  answer.deMinimis = { outcome, basis: basisName, measured: measured.toString(), threshold: threshold?.toString(), source: thresholdSource };

  // Gifts over the limit, where the relief is per item (HMRC Notice 143): the items that fit under the limit, taken
  // whole in declaration order, stay relieved of import tax; the rest is taxed. `giftShare` is each line's relieved
  // fraction (units relieved / units on the line).
  let giftShare: Map<number, Decimal> | undefined;
  if (transaction === 'C2C' && giftRelief !== undefined && outcome !== 'gift-relief' && view.p.giftReliefMethod?.value === 'per-item') {
    let room = giftRelief;
    const parts: string[] = [];
    items.forEach((it, i) => {
      const q = it.quantity ?? 1;
      const units = Number.isInteger(q) && q > 0 ? q : 1;
      const unitValue = values[i].div(Decimal.of(units), WORK_SCALE);
      let k = 0;
      while (k < units && unitValue.mul(Decimal.of(k + 1)).lte(room)) k++;
      if (k === 0) return;
      room = room.sub(unitValue.mul(Decimal.of(k)));
      (giftShare ??= new Map()).set(it.line, Decimal.of(k).div(Decimal.of(units), WORK_SCALE));
      parts.push(`line ${it.line}: ${k} of ${units}`);
    });
    if (parts.length > 0) reasons.push(reason('LUX_REV_GIFT_RELIEF_PARTIAL', `gift over ${giftRelief.toString()} ${cur}: items within the limit stay relieved of import tax (${parts.join('; ')})`, { measured: intrinsicText, threshold: giftRelief.toString(), matched: view.p.giftReliefMethod?.source }));
  }

  // Duty per line.
  const cbec = outcome === 'cbec-within-limits' || outcome === 'cbec-single-item-full' || outcome === 'general-trade';
  // Duty by line is read only by the CN consumption tax (CBEC outcomes) and by a partial gift relief: kept only then.
  const lineDuty = cbec || giftShare ? new Map<number, Decimal>() : undefined;
  const region = taxRegion(profile, decl, view);
  const dutyCollector = borderCollector;
  if (flat && flatDuty) {
    const codes = new Map<string, number>();
    for (const it of items) { const key = it.hsCode ?? `line-${it.line}`; if (!codes.has(key)) codes.set(key, it.line); }
    const flatAmount = flatDuty.round(D, mode);
    const flatText = flatAmount.toString();
    const flatRate = flatDuty.toString();
    for (const [code, line] of codes) {
      liabilities.push({ type: 'flat-duty', line, base: '1', rate: `${flatRate} per tariff subheading ${code}`, amount: flatText, currency: cur, source: view.p.flatDuty!.source, collectedBy: dutyCollector });
      due = due.add(flatAmount); allDuties = allDuties.add(flatAmount);
      lineDuty?.set(line, (lineDuty.get(line) ?? Decimal.ZERO).add(flatAmount));
    }
  }
  for (let i = 0; i < n; i++) {
    const it = items[i];
    const m = measuresOf(it);
    if (flat || allRelieved || relievedLines?.has(it.line)) continue;
    if (!it.hsCode) { rfi.push(`line ${it.line}: HS code needed to compute duty`); continue; }
    const hit = view.tariff(it.hsCode, it.origin, it.preference);
    const t = hit.answer;
    if (t.kind === 'ambiguous') {
      lines[i].candidates = t.candidates;
      rfi.push(`line ${it.line}: HS code ${it.hsCode} too short, rates differ between ${t.candidates.join(', ')}`);
      reasons.push(reason('LUX_REV_HS_TOO_SHORT', `line ${it.line}: declare one of ${t.candidates.join(', ')}`, { measured: it.hsCode, matched: t.candidates }));
      continue;
    }
    if (t.kind === 'none') { holds.push(reason('LUX_REV_NO_TARIFF', `line ${it.line}: no tariff rate for ${it.hsCode} on ${date}`, { measured: it.hsCode })); continue; }
    lines[i].dutyRate = t.entry.duty; lines[i].dutySource = t.entry.source;
    const lineCv = lineCvs[i];
    const a = rateAmount(hit.rate!, lineCv, m);
    if (typeof a === 'string') { rfi.push(`line ${it.line}: ${a} needed for the specific duty of ${t.entry.hs}`); continue; }
    const amount = a.round(D, mode);
    const base = lines[i].customsValue;
    liabilities.push({ type: 'duty', line: it.line, base, rate: hit.rateText!, amount: amount.toString(), currency: cur, source: t.entry.source, collectedBy: dutyCollector });
    due = due.add(amount); allDuties = allDuties.add(amount);
    let duty = (lineDuty?.get(it.line) ?? Decimal.ZERO).add(amount);
    for (const ad of view.additionalDuties(it.hsCode, it.origin)) {
      const b = rateAmount(ad.rate, lineCv, m);
      if (typeof b === 'string') { rfi.push(`line ${it.line}: ${b} needed for ${ad.ad.id}`); continue; }
      const amt = b.round(D, mode);
      liabilities.push({ type: 'additional-duty', line: it.line, base, rate: ad.rateText, amount: amt.toString(), currency: cur, source: ad.ad.source, collectedBy: dutyCollector });
      due = due.add(amt); allDuties = allDuties.add(amt);
      duty = duty.add(amt);
    }
    lineDuty?.set(it.line, duty);
  }

  // Excise (and CN consumption tax, which is computed on a tax-inclusive base).
  let consumptionTaxFull = Decimal.ZERO;
  const exciseCollector: Liability['collectedBy'] = outcome === 'gift-relief' ? 'none' : dutyCollector;
  if (outcome !== 'gift-relief') {
    for (let i = 0; i < n; i++) {
      const it = items[i];
      const hits = view.excise(it.hsCode, region);
      if (hits.length === 0) continue;
      const lineCv = lineCvs[i];
      const m = measuresOf(it);
      for (const h of hits) {
        const e = h.e;
        if (e.type === 'consumption-tax' && (!cbec || e.duty.adValorem === undefined)) continue;
        if (e.unitPriceThreshold) {
          const test = unitPriceTest(e.unitPriceThreshold, lineCv, it, m);
          if (!test) {
            rfi.push(`line ${it.line}: ${h.needs} needed to decide whether ${e.id} (due at or above ${h.limits} ${cur}) applies`);
            reasons.push(reason('LUX_REV_UNIT_PRICE_UNKNOWN', `line ${it.line}: no declared measure prices the goods per ml, g or piece; ${e.id} is due only at or above ${h.limits} ${cur} (${e.source})`, { measured: it.hsCode, matched: e.source }));
            continue;
          }
          if (!test.above) {
            reasons.push(reason('LUX_REV_BELOW_UNIT_PRICE_THRESHOLD', `line ${it.line}: ${lineCv.div(test.quantity, WORK_SCALE).round(D, mode).toString()} ${cur}/${test.per} is under ${test.threshold.toString()} ${cur}/${test.per}: ${e.id} not due`, { measured: lineCv.div(test.quantity, WORK_SCALE).toString(), threshold: test.threshold.toString(), matched: e.source }));
            continue;
          }
        }
        if (e.type === 'consumption-tax') {
          if (e.duty.adValorem === undefined) continue;
          const rate = h.rate.adValorem!.div(HUNDRED, WORK_SCALE);
          const dutyHere = lineDuty?.get(it.line) ?? Decimal.ZERO;
          // Kept unrounded: the VAT base includes the full-rate consumption tax, and rounding it
          // first would drift a cent from the published comprehensive rates.
          const full = lineCv.add(dutyHere).mul(rate).div(Decimal.ONE.sub(rate), WORK_SCALE);
          consumptionTaxFull = consumptionTaxFull.add(full);
          const dueHere = (taxFactor ? full.mul(taxFactor) : full).round(D, mode);
          liabilities.push({ type: 'consumption-tax', line: it.line, base: lineCv.add(dutyHere).div(Decimal.ONE.sub(rate), WORK_SCALE).round(D, mode).toString(), rate: `${e.duty.adValorem}%` + (taxFactor ? ` x ${taxFactor.toString()}` : ''), amount: dueHere.toString(), currency: cur, source: e.source, collectedBy: exciseCollector });
          due = due.add(dueHere);
          continue;
        }
        const a = rateAmount(h.rate, lineCv, m);
        if (typeof a === 'string') { rfi.push(`line ${it.line}: ${a} needed for excise ${e.id}`); continue; }
        const amt = a.round(D, mode);
        liabilities.push({ type: 'excise', line: it.line, base: lines[i].customsValue, rate: h.rateText, amount: amt.toString(), currency: cur, source: e.source, collectedBy: exciseCollector });
        due = due.add(amt); allDuties = allDuties.add(amt);
        lineDuty?.set(it.line, (lineDuty.get(it.line) ?? Decimal.ZERO).add(amt));
      }
    }
  }

  // VAT/GST: at the border on the import base, or by the vendor on the sale price.
  const tax = view.taxRate(region);
  if (tax) {
    const rate = tax.rate;
    const taxType = tax.entry.type;
    const includesTransport = view.p.taxBaseIncludesTransport?.value === 'true';
    const transportOutside = includesTransport ? transport.add(insurance).sub(addedToValue) : Decimal.ZERO;
    if (vendorEligible && vc) {
      const base = intrinsic.add(transport).add(insurance);
      const amount = base.mul(rate).div(HUNDRED, WORK_SCALE).round(D, mode);
      const amountText = amount.toString();
      liabilities.push({ type: taxType, base: base.toString(), rate: tax.rateText, amount: amountText, currency: cur, source: tax.entry.source, collectedBy: 'vendor' });
      vendorTax = amount;
      vendorCheck!.taxComputed = amountText;
      if (vc.taxCollected !== undefined) {
        const collectedExact = toLocalExact(view, cur, Decimal.parse(vc.taxCollected), vc.currency ?? invoiceCurrency);
        if (collectedExact === undefined) {
          reasons.push(reason('LUX_REV_VENDOR_TAX_UNCONVERTED', `no rate to convert the collected tax from ${vc.currency}`));
        } else {
          const collected = collectedExact.round(D, mode);
          const collectedText = collected.toString();
          vendorCheck!.taxCollected = collectedText;
          if (collected.lt(amount)) {
            const shortfall = amount.sub(collected);
            vendorCheck!.shortfall = shortfall.toString();
            reasons.push(reason('LUX_REV_VENDOR_SHORTFALL', `${vc.scheme} ${vc.number} collected ${collectedText} ${cur}, Luxor computes ${amountText} ${cur}: short by ${shortfall.toString()}`, { measured: collectedText, threshold: amountText }));
          }
        }
      }
    } else if (taxAtBorder) {
      const factor = taxFactor ?? Decimal.ONE;
      let relievedGift = Decimal.ZERO;
      if (giftShare) {
        for (const [line, share] of giftShare) {
          const i = items.findIndex((it) => it.line === line);
          relievedGift = relievedGift.add(lineCvs[i].add(lineDuty?.get(line) ?? Decimal.ZERO).mul(share));
        }
      }
      const base = customsValue.add(allDuties).add(consumptionTaxFull).add(transportOutside).sub(relievedGift).round(D, mode);
      const amount = base.mul(rate).mul(factor).div(HUNDRED, WORK_SCALE).round(D, mode);
      liabilities.push({ type: taxType, base: base.toString(), rate: taxFactor ? `${tax.rateText} x ${taxFactor.toString()}` : tax.rateText, amount: amount.toString(), currency: cur, source: tax.entry.source, collectedBy: borderCollector });
      due = due.add(amount);
    }
  } else if (view.anyTaxRates && taxAtBorder) {
    holds.push(reason('LUX_REV_NO_TAX_RATE', `no tax rate for region "${region}" on ${date}`, { measured: region }));
  }
  if (vendorCheck) answer.vendor = vendorCheck;

  const fee = view.p.handlingFee;
  const feeAmount = view.d.handlingFee;
  if (fee && feeAmount !== undefined && !feeAmount.isZero()) {
    const amount = feeAmount.round(D, mode);
    liabilities.push({ type: 'handling-fee', base: '1', rate: `${fee.value} per consignment`, amount: amount.toString(), currency: cur, source: fee.source, collectedBy: borderCollector });
    due = due.add(amount);
  }

  // Totals, category, reporting level.
  // Exact sums: the order of the terms changes neither the value nor the scale.
  const total = due.add(vendorTax);
  answer.total = total.round(D, mode).toString();
  const dueText = due.round(D, mode).toString();
  answer.due = dueText;
  const lowValue = view.d.lowValueCeiling;
  let documents = n > 0;
  for (const it of items) if (!(hasPrefix(it.hsCode, DOCUMENT_HS) || DOCUMENTS.test(it.description))) { documents = false; break; }
  documents = documents && intrinsic.isZero();
  const low = lowValue === undefined || intrinsic.lte(lowValue);
  answer.category = documents ? 1 : !low ? 4 : due.isZero() ? 2 : 3;
  answer.reportingLevel = low ? view.p.reportingLevelLow?.value : view.p.reportingLevelHigh?.value;

  for (const l of liabilities) {
    reasons.push({ code: liabilityCode(l.type), source: 'revenue', message: `${l.type}${l.line !== undefined ? ` line ${l.line}` : ''}: ${l.rate} on ${l.base} = ${l.amount} ${l.currency} (${l.collectedBy})`, measured: l.amount, matched: l.source });
  }

  // Holds: over guarantee, awaiting payment.
  if (context.account && !due.isZero() && borderCollector === 'intermediary') {
    const acc = context.account;
    if (acc.currency !== cur) holds.push(reason('LUX_REV_ACCOUNT_CURRENCY', `account ${acc.accountId} is in ${acc.currency}, liabilities in ${cur}`));
    else {
      const headroom = Decimal.parse(acc.guarantee).sub(Decimal.parse(acc.used));
      if (due.gt(headroom)) holds.push(reason('LUX_REV_OVER_GUARANTEE', `due ${dueText} ${cur} exceeds the guarantee headroom ${headroom.toString()} of account ${acc.accountId}`, { measured: dueText, threshold: headroom.toString() }));
    }
  }
  if (borderCollector === 'consumer' && !due.isZero()) {
    let paid = Decimal.ZERO;
    for (const p of facts.payments) if (p.purpose === 'duties' && p.currency === cur) paid = paid.add(Decimal.parse(p.amount));
    if (paid.lt(due)) {
      const paidText = paid.toString();
      holds.push({ code: 'LUX_REV_AWAITING_PAYMENT', source: 'revenue', message: `duties and taxes of ${dueText} ${cur} await payment by the consumer (paid ${paidText})`, measured: paidText, threshold: dueText });
    }
  }
  return answer;
}
