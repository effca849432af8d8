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
import { dayView, type DayView } from './day-view.js';
import type {
  DeMinimisOutcome, DutyRate, ExchangeRateEntry, ExciseEntry, LineAssessment, RevenueAssessment, RevenueProfile, RevenueReference, VendorCheck,
} from './types.js';

const HUNDRED = Decimal.of(100);
const WORK_SCALE = 8;

function reason(code: string, message: string, extra: Partial<Reason> = {}): Reason {
  return { code, source: 'revenue', message, ...extra };
}

function numberToDecimal(n: number): Decimal {
  // Quantities and masses arrive as JSON numbers; their shortest decimal text is the declared figure.
  const text = String(n);
  if (!Decimal.isDecimalString(text)) throw new RangeError(`not a plain decimal number: ${text}`);
  return Decimal.parse(text);
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

export function describeRate(rate: DutyRate): string {
  const parts: string[] = [];
  if (rate.adValorem !== undefined) parts.push(`${rate.adValorem}%`);
  if (rate.specific) parts.push(`${rate.specific.amount}/${rate.specific.per}`);
  if (rate.min) parts.push(`min ${rate.min.amount}/${rate.min.per}`);
  if (rate.max) parts.push(`max ${rate.max.amount}/${rate.max.per}`);
  return parts.join(' + ');
}

function sum(values: Decimal[]): Decimal {
  return values.reduce((a, b) => a.add(b), Decimal.ZERO);
}

/** Splits `total` over weights so that the parts add up exactly (the last part takes the remainder). */
function allocate(total: Decimal, weights: Decimal[], digits: number, mode: RoundingMode): Decimal[] {
  const whole = sum(weights);
  if (weights.length === 0) return [];
  const parts: Decimal[] = [];
  let used = Decimal.ZERO;
  weights.forEach((w, i) => {
    if (i === weights.length - 1) { parts.push(total.sub(used)); return; }
    const part = whole.isZero() ? (i === 0 ? total : Decimal.ZERO) : total.mul(w).div(whole, digits, mode);
    parts.push(part); used = used.add(part);
  });
  return parts;
}

function emptyAnswer(facts: ConsignmentFacts, profile: RevenueProfile | undefined, referenceDate: string): RevenueAssessment {
  const digits = profile?.minorDigits ?? 2;
  return {
    jurisdiction: facts.jurisdiction, referenceDate, currency: profile?.currency ?? 'XXX',
    liabilities: [], due: Decimal.ZERO.round(digits).toString(), total: Decimal.ZERO.round(digits).toString(),
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

export function assessRevenue(facts: ConsignmentFacts, context: AssessmentContext, reference: RevenueReference): RevenueAssessment {
  const profile = reference[facts.jurisdiction];
  const fallbackDate = (facts.declaredAt ?? context.now).slice(0, 10);
  if (!profile) {
    const a = emptyAnswer(facts, profile, fallbackDate);
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
  const r = (x: Decimal): Decimal => x.round(D, mode);
  const holds = answer.holds;
  const reasons = answer.reasons;
  const rfi = answer.requestsForInformation;

  // Currency: the jurisdiction's dated rate, never a guess.
  const invoiceCurrency = decl.invoice?.currency ?? cur;
  let rateEntry: ExchangeRateEntry | undefined;
  if (invoiceCurrency !== cur) {
    rateEntry = view.exchangeRate(invoiceCurrency)?.entry;
    if (!rateEntry) {
      holds.push(reason('LUX_REV_NO_RATE', `no ${view.p.exchangeRateRule?.value ?? ''} exchange rate ${invoiceCurrency}/${cur} in force on ${date}`.replace('  ', ' '), { measured: invoiceCurrency, threshold: date }));
      return answer;
    }
    answer.exchangeRate = rateEntry;
  }
  const toLocalExact = (x: Decimal, currency = invoiceCurrency): Decimal | undefined => {
    if (currency === cur) return x;
    const e = view.exchangeRate(currency);
    if (!e) return undefined;
    return e.foreignPerLocal ? x.div(e.rate, WORK_SCALE) : x.mul(e.rate);
  };
  const toLocal = (x: Decimal): Decimal => r(toLocalExact(x) ?? x);

  // Line values in the invoice currency, then converted and rounded line by line.
  const items = decl.items;
  const itemsTotal = decl.invoice ? Decimal.parse(decl.invoice.itemsTotal) : undefined;
  const priced = items.map((it) => it.unitPrice !== undefined ? Decimal.parse(it.unitPrice).mul(numberToDecimal(it.quantity ?? 1)) : undefined);
  const known = sum(priced.filter((p): p is Decimal => p !== undefined));
  const missing = priced.filter((p) => p === undefined).length;
  const rest = itemsTotal && missing > 0 ? allocate(itemsTotal.sub(known).max(Decimal.ZERO), new Array<Decimal>(missing).fill(Decimal.ONE), D, mode) : [];
  let k = 0;
  const foreignValues = priced.map((p) => p ?? rest[k++] ?? Decimal.ZERO);
  if (itemsTotal && !sum(foreignValues).eq(itemsTotal)) {
    reasons.push(reason('LUX_REV_ITEMS_TOTAL_MISMATCH', `items add up to ${sum(foreignValues).toString()} ${invoiceCurrency}, invoice says ${itemsTotal.toString()}`, { measured: sum(foreignValues).toString(), threshold: itemsTotal.toString() }));
  }
  const values = foreignValues.map(toLocal);
  const intrinsic = sum(values);
  const transport = toLocal(Decimal.parse(decl.invoice?.transportCost ?? '0'));
  const insurance = toLocal(Decimal.parse(decl.invoice?.insuranceCost ?? '0'));
  const departure = (decl.loadingPlace ?? decl.seller?.address?.country ?? '').slice(0, 2);

  const basis = view.p.valuationBasis?.value ?? 'CIF';
  let transportInValue = Decimal.ZERO;
  if (basis === 'CIF') {
    transportInValue = transport;
    const share = decl.transportMode === 'air' ? view.airFreightShare(departure) : undefined;
    if (share) {
      transportInValue = r(transport.mul(dataDecimal(share.percent)).div(HUNDRED, WORK_SCALE));
      reasons.push(reason('LUX_REV_AIR_FREIGHT_SHARE', `${share.percent}% of air transport cost from ${departure} enters the customs value`, { measured: transportInValue.toString(), matched: share.source }));
    } else if (decl.transportMode === 'air' && !transport.isZero()) {
      // The rule exists but no percentage for this departure is loaded: say so rather than overstate silently.
      const rule = view.p.airFreightShareRule;
      if (rule) reasons.push(reason('LUX_REV_AIR_FREIGHT_SHARE_MISSING', `no ${rule.value} percentage loaded for departure ${departure || '(unknown)'}: the whole air transport cost ${transport.toString()} ${cur} enters the customs value, which overstates it`, { measured: transport.toString(), matched: rule.source }));
    }
  }
  const addedToValue = basis === 'CIF' ? transportInValue.add(insurance) : Decimal.ZERO;
  const customsValue = intrinsic.add(addedToValue);
  const lineExtras = allocate(addedToValue, values, D, mode);
  const lineCvs = values.map((v, i) => v.add(lineExtras[i]));
  const lines: LineAssessment[] = items.map((it, i) => ({
    line: it.line, hsCode: it.hsCode, quantity: it.quantity ?? 1, value: values[i].toString(), customsValue: lineCvs[i].toString(),
  }));
  answer.lines = lines;
  answer.intrinsicValue = intrinsic.toString();
  answer.customsValue = customsValue.toString();
  answer.liabilities = [];
  const liabilities = answer.liabilities;

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
      && intrinsic.lte(vendorCeiling) && !items.some((it) => hasPrefix(it.hsCode, vendorExcluded));
    vendorEligible = eligible;
    vendorCheck = { scheme: vc.scheme, number: vc.number, registered, eligible, taxComputed: '0' };
    if (!registered) reasons.push(reason('LUX_REV_VENDOR_UNREGISTERED', `${vc.scheme} number ${vc.number} is not in the register on ${date}: tax is due at import`, { measured: vc.number }));
    else if (!eligible) reasons.push(reason('LUX_REV_VENDOR_INELIGIBLE', `consignment not eligible for ${vc.scheme} (value ${intrinsic.toString()} ${cur}, ceiling ${vendorCeiling?.toString() ?? 'none'}, or excluded goods)`, { measured: intrinsic.toString(), threshold: vendorCeiling?.toString() }));
  }

  // De minimis and the regime that follows from it.
  const dutyThresholdEntry = view.p.dutyDeMinimis;
  let dutyThreshold = dutyThresholdEntry && Decimal.isDecimalString(dutyThresholdEntry.value) ? dataDecimal(dutyThresholdEntry.value) : undefined;
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
      const v = toLocalExact(Decimal.parse(rc.itemsTotal), rc.currency);
      if (v) measured = measured.add(r(v));
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
  const relievedLines = new Set<number>();
  let flat = false;
  let threshold: Decimal | undefined = dutyThreshold;
  let thresholdSource = dutyThresholdEntry?.source;

  const cbecLimit = view.d.cbecTransactionLimit;
  const cbecAnnual = view.d.cbecAnnualLimit;
  if (transaction === 'C2C' && giftRelief !== undefined && intrinsic.lte(giftRelief)) {
    outcome = 'gift-relief'; taxAtBorder = false; threshold = giftRelief; thresholdSource = view.p.giftRelief?.source;
    items.forEach((it) => relievedLines.add(it.line));
  } else if (cbecLimit && cbecAnnual && transaction !== 'B2B') {
    const used = Decimal.parse(context.annualQuotaUsed ?? '0');
    const withinYear = used.add(customsValue).lte(cbecAnnual);
    const single = items.length === 1 && (items[0].quantity ?? 1) === 1;
    measured = customsValue; threshold = cbecLimit; thresholdSource = view.p.cbecTransactionLimit?.source;
    if (customsValue.lte(cbecLimit) && withinYear) {
      outcome = 'cbec-within-limits';
      taxFactor = view.d.cbecTaxFactor;
      items.forEach((it) => relievedLines.add(it.line));
      answer.quotaUsed = customsValue.toString();
    } else if (withinYear && single) {
      outcome = 'cbec-single-item-full';
      answer.quotaUsed = customsValue.toString();
    } else {
      outcome = 'general-trade';
    }
    reasons.push(reason('LUX_REV_CBEC', `cross-border e-commerce retail: ${outcome} (value ${customsValue.toString()}, limit ${cbecLimit.toString()}; annual ${used.add(customsValue).toString()} of ${cbecAnnual.toString()})`, { measured: used.add(customsValue).toString(), threshold: cbecAnnual.toString() }));
  } else if (flatDuty && flatCeiling && intrinsic.lte(flatCeiling) && transaction === 'B2C') {
    const inScope = flatScope?.value === 'all-b2c-distance-sales' ? transaction === 'B2C'
      : (vendorEligible && vc?.scheme === 'IOSS') || decl.transportMode === 'post';
    threshold = flatCeiling; thresholdSource = view.p.flatDuty?.source;
    if (inScope) { outcome = 'flat-duty'; flat = true; }
    else reasons.push(reason('LUX_REV_FLAT_DUTY_OUT_OF_SCOPE', `consignment under ${flatCeiling.toString()} ${cur} outside the flat-duty scope (${flatScope?.value ?? 'unset'}: ${flatScope?.source ?? ''}): normal tariff`));
  } else if (dutyThreshold !== undefined && measured.lte(dutyThreshold)) {
    outcome = 'relieved';
    for (const it of items) {
      if (hasPrefix(it.hsCode, excludedHs) || (it.origin !== undefined && excludedOrigins.includes(it.origin))) continue;
      relievedLines.add(it.line);
    }
    if (relievedLines.size < items.length) reasons.push(reason('LUX_REV_RELIEF_EXCLUDED_LINES', `duty relief does not cover lines ${items.filter((it) => !relievedLines.has(it.line)).map((it) => it.line).join(', ')} (excluded goods or origin)`));
  }
  if (taxThreshold !== undefined && outcome !== 'gift-relief' && measured.lte(taxThreshold)) taxAtBorder = false;
  const unknownVendorTaxAtBorder = view.p.vendorUnknownTaxAtBorder?.value !== 'false';
  const vendorRegimeApplies = vendorCeiling !== undefined && intrinsic.lte(vendorCeiling) && transaction === 'B2C'
    && !items.some((it) => hasPrefix(it.hsCode, vendorExcluded));
  if (vendorEligible) taxAtBorder = false;
  else if (vendorRegimeApplies && !unknownVendorTaxAtBorder) {
    taxAtBorder = false;
    reasons.push(reason('LUX_REV_TAX_AT_SALE', `goods up to ${vendorCeiling?.toString()} ${cur}: the tax is due from the seller at the point of sale, not at the border`));
  }
  answer.deMinimis = { outcome, basis: basisName, measured: measured.toString(), threshold: threshold?.toString(), source: thresholdSource };

  // Gifts over the limit, where the relief is per item (HMRC Notice 143): the items that fit under the limit, taken
  // whole in declaration order, stay relieved of import tax; the rest is taxed. `giftShare` is each line's relieved
  // fraction (units relieved / units on the line).
  const giftShare = new Map<number, Decimal>();
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
      giftShare.set(it.line, Decimal.of(k).div(Decimal.of(units), WORK_SCALE));
      parts.push(`line ${it.line}: ${k} of ${units}`);
    });
    if (parts.length > 0) reasons.push(reason('LUX_REV_GIFT_RELIEF_PARTIAL', `gift over ${giftRelief.toString()} ${cur}: items within the limit stay relieved of import tax (${parts.join('; ')})`, { measured: intrinsic.toString(), threshold: giftRelief.toString(), matched: view.p.giftReliefMethod?.source }));
  }

  // Duty per line.
  const lineDuty = new Map<number, Decimal>();
  const region = taxRegion(profile, decl, view);
  const addLine = (line: number, amount: Decimal) => lineDuty.set(line, (lineDuty.get(line) ?? Decimal.ZERO).add(amount));
  const dutyCollector = borderCollector;
  if (flat && flatDuty) {
    const codes = new Map<string, number>();
    for (const it of items) { const key = it.hsCode ?? `line-${it.line}`; if (!codes.has(key)) codes.set(key, it.line); }
    for (const [code, line] of codes) {
      liabilities.push({ type: 'flat-duty', line, base: '1', rate: `${flatDuty.toString()} per tariff subheading ${code}`, amount: r(flatDuty).toString(), currency: cur, source: view.p.flatDuty!.source, collectedBy: dutyCollector });
      addLine(line, r(flatDuty));
    }
  }
  items.forEach((it, i) => {
    const m = measuresOf(it);
    const lineCv = lineCvs[i];
    if (!flat && !relievedLines.has(it.line)) {
      if (!it.hsCode) { rfi.push(`line ${it.line}: HS code needed to compute duty`); return; }
      const t = view.tariff(it.hsCode, it.origin, it.preference).answer;
      if (t.kind === 'ambiguous') {
        lines[i].candidates = t.candidates;
        rfi.push(`line ${it.line}: HS code ${it.hsCode} too short, rates differ between ${t.candidates.join(', ')}`);
        reasons.push(reason('LUX_REV_HS_TOO_SHORT', `line ${it.line}: declare one of ${t.candidates.join(', ')}`, { measured: it.hsCode, matched: t.candidates }));
        return;
      }
      if (t.kind === 'none') { holds.push(reason('LUX_REV_NO_TARIFF', `line ${it.line}: no tariff rate for ${it.hsCode} on ${date}`, { measured: it.hsCode })); return; }
      lines[i].dutyRate = t.entry.duty; lines[i].dutySource = t.entry.source;
      const a = applyRate(t.entry.duty, lineCv, m);
      if ('missing' in a) { rfi.push(`line ${it.line}: ${a.missing} needed for the specific duty of ${t.entry.hs}`); return; }
      const amount = r(a.amount);
      liabilities.push({ type: 'duty', line: it.line, base: lineCv.toString(), rate: describeRate(t.entry.duty) + (t.entry.preference ? ` (${t.entry.preference})` : ''), amount: amount.toString(), currency: cur, source: t.entry.source, collectedBy: dutyCollector });
      addLine(it.line, amount);
      for (const { ad } of view.additionalDuties(it.hsCode, it.origin)) {
        const b = applyRate(ad.duty, lineCv, m);
        if ('missing' in b) { rfi.push(`line ${it.line}: ${b.missing} needed for ${ad.id}`); continue; }
        const amt = r(b.amount);
        liabilities.push({ type: 'additional-duty', line: it.line, base: lineCv.toString(), rate: `${describeRate(ad.duty)} ${ad.id}`, amount: amt.toString(), currency: cur, source: ad.source, collectedBy: dutyCollector });
        addLine(it.line, amt);
      }
    }
  });

  // Excise (and CN consumption tax, which is computed on a tax-inclusive base).
  const cbec = outcome === 'cbec-within-limits' || outcome === 'cbec-single-item-full' || outcome === 'general-trade';
  let consumptionTaxFull = Decimal.ZERO;
  const exciseCollector: Liability['collectedBy'] = outcome === 'gift-relief' ? 'none' : dutyCollector;
  if (outcome !== 'gift-relief') {
    items.forEach((it, i) => {
      const lineCv = lineCvs[i];
      for (const { e } of view.excise(it.hsCode, region)) {
        const m = measuresOf(it);
        if (e.type === 'consumption-tax' && (!cbec || e.duty.adValorem === undefined)) continue;
        if (e.unitPriceThreshold) {
          const t = e.unitPriceThreshold;
          const test = unitPriceTest(t, lineCv, it, m);
          const limits = [t.perMillilitre && `${t.perMillilitre}/ml`, t.perGram && `${t.perGram}/g`, t.perPiece && `${t.perPiece}/piece`].filter(Boolean).join(', ');
          if (!test) {
            const needs = [t.perMillilitre && 'volume (ml)', t.perGram && 'net mass (g)', t.perPiece && `a count in ${(t.pieceUnits ?? []).join('/')}`].filter(Boolean).join(' or ');
            rfi.push(`line ${it.line}: ${needs} needed to decide whether ${e.id} (due at or above ${limits} ${cur}) applies`);
            reasons.push(reason('LUX_REV_UNIT_PRICE_UNKNOWN', `line ${it.line}: no declared measure prices the goods per ml, g or piece; ${e.id} is due only at or above ${limits} ${cur} (${e.source})`, { measured: it.hsCode, matched: e.source }));
            continue;
          }
          if (!test.above) {
            reasons.push(reason('LUX_REV_BELOW_UNIT_PRICE_THRESHOLD', `line ${it.line}: ${r(lineCv.div(test.quantity, WORK_SCALE)).toString()} ${cur}/${test.per} is under ${test.threshold.toString()} ${cur}/${test.per}: ${e.id} not due`, { measured: lineCv.div(test.quantity, WORK_SCALE).toString(), threshold: test.threshold.toString(), matched: e.source }));
            continue;
          }
        }
        if (e.type === 'consumption-tax') {
          if (e.duty.adValorem === undefined) continue;
          const rate = dataDecimal(e.duty.adValorem).div(HUNDRED, WORK_SCALE);
          const dutyHere = lineDuty.get(it.line) ?? Decimal.ZERO;
          // Kept unrounded: the VAT base includes the full-rate consumption tax, and rounding it
          // first would drift a cent from the published comprehensive rates.
          const full = lineCv.add(dutyHere).mul(rate).div(Decimal.ONE.sub(rate), WORK_SCALE);
          consumptionTaxFull = consumptionTaxFull.add(full);
          const due = r(taxFactor ? full.mul(taxFactor) : full);
          liabilities.push({ type: 'consumption-tax', line: it.line, base: r(lineCv.add(dutyHere).div(Decimal.ONE.sub(rate), WORK_SCALE)).toString(), rate: `${e.duty.adValorem}%` + (taxFactor ? ` x ${taxFactor.toString()}` : ''), amount: due.toString(), currency: cur, source: e.source, collectedBy: exciseCollector });
          continue;
        }
        const a = applyRate(e.duty, lineCv, m);
        if ('missing' in a) { rfi.push(`line ${it.line}: ${a.missing} needed for excise ${e.id}`); continue; }
        const amt = r(a.amount);
        liabilities.push({ type: 'excise', line: it.line, base: lineCv.toString(), rate: `${describeRate(e.duty)} ${e.id}`, amount: amt.toString(), currency: cur, source: e.source, collectedBy: exciseCollector });
        addLine(it.line, amt);
      }
    });
  }

  // VAT/GST: at the border on the import base, or by the vendor on the sale price.
  const tax = view.taxRate(region)?.entry;
  const allDuties = sum([...lineDuty.values()]);
  if (tax) {
    const rate = dataDecimal(tax.value);
    const taxType = tax.type;
    const includesTransport = view.p.taxBaseIncludesTransport?.value === 'true';
    const transportOutside = includesTransport ? transport.add(insurance).sub(addedToValue) : Decimal.ZERO;
    if (vendorEligible && vc) {
      const base = intrinsic.add(transport).add(insurance);
      const amount = r(base.mul(rate).div(HUNDRED, WORK_SCALE));
      liabilities.push({ type: taxType, base: base.toString(), rate: `${tax.value}%`, amount: amount.toString(), currency: cur, source: tax.source, collectedBy: 'vendor' });
      vendorCheck!.taxComputed = amount.toString();
      if (vc.taxCollected !== undefined) {
        const collectedExact = toLocalExact(Decimal.parse(vc.taxCollected), vc.currency ?? invoiceCurrency);
        if (collectedExact === undefined) {
          reasons.push(reason('LUX_REV_VENDOR_TAX_UNCONVERTED', `no rate to convert the collected tax from ${vc.currency}`));
        } else {
          const collected = r(collectedExact);
          vendorCheck!.taxCollected = collected.toString();
          if (collected.lt(amount)) {
            const shortfall = amount.sub(collected);
            vendorCheck!.shortfall = shortfall.toString();
            reasons.push(reason('LUX_REV_VENDOR_SHORTFALL', `${vc.scheme} ${vc.number} collected ${collected.toString()} ${cur}, Luxor computes ${amount.toString()} ${cur}: short by ${shortfall.toString()}`, { measured: collected.toString(), threshold: amount.toString() }));
          }
        }
      }
    } else if (taxAtBorder) {
      const factor = taxFactor ?? Decimal.ONE;
      let relievedGift = Decimal.ZERO;
      for (const [line, share] of giftShare) {
        const i = items.findIndex((it) => it.line === line);
        relievedGift = relievedGift.add(lineCvs[i].add(lineDuty.get(line) ?? Decimal.ZERO).mul(share));
      }
      const base = r(customsValue.add(allDuties).add(consumptionTaxFull).add(transportOutside).sub(relievedGift));
      const amount = r(base.mul(rate).mul(factor).div(HUNDRED, WORK_SCALE));
      liabilities.push({ type: taxType, base: base.toString(), rate: `${tax.value}%` + (taxFactor ? ` x ${taxFactor.toString()}` : ''), amount: amount.toString(), currency: cur, source: tax.source, collectedBy: borderCollector });
    }
  } else if (profile.taxRates && Object.keys(profile.taxRates).length > 0 && taxAtBorder) {
    holds.push(reason('LUX_REV_NO_TAX_RATE', `no tax rate for region "${region}" on ${date}`, { measured: region }));
  }
  if (vendorCheck) answer.vendor = vendorCheck;

  const fee = view.p.handlingFee;
  if (fee && Decimal.isDecimalString(fee.value) && !Decimal.parse(fee.value).isZero()) {
    liabilities.push({ type: 'handling-fee', base: '1', rate: `${fee.value} per consignment`, amount: r(Decimal.parse(fee.value)).toString(), currency: cur, source: fee.source, collectedBy: borderCollector });
  }

  // Totals, category, reporting level.
  const total = sum(liabilities.map((l) => Decimal.parse(l.amount)));
  const due = sum(liabilities.filter((l) => l.collectedBy !== 'vendor' && l.collectedBy !== 'none').map((l) => Decimal.parse(l.amount)));
  answer.total = r(total).toString();
  answer.due = r(due).toString();
  const lowValue = view.d.lowValueCeiling;
  const documents = items.length > 0 && items.every((it) => hasPrefix(it.hsCode, ['4906', '4907']) || /^documents?\b/i.test(it.description)) && intrinsic.isZero();
  const low = lowValue === undefined || intrinsic.lte(lowValue);
  answer.category = documents ? 1 : !low ? 4 : due.isZero() ? 2 : 3;
  answer.reportingLevel = low ? view.p.reportingLevelLow?.value : view.p.reportingLevelHigh?.value;

  for (const l of liabilities) {
    reasons.push(reason(`LUX_REV_${l.type.toUpperCase().replace(/-/g, '_')}`, `${l.type}${l.line !== undefined ? ` line ${l.line}` : ''}: ${l.rate} on ${l.base} = ${l.amount} ${l.currency} (${l.collectedBy})`, { measured: l.amount, matched: l.source }));
  }

  // Holds: over guarantee, awaiting payment.
  if (context.account && !due.isZero() && borderCollector === 'intermediary') {
    const acc = context.account;
    if (acc.currency !== cur) holds.push(reason('LUX_REV_ACCOUNT_CURRENCY', `account ${acc.accountId} is in ${acc.currency}, liabilities in ${cur}`));
    else {
      const headroom = Decimal.parse(acc.guarantee).sub(Decimal.parse(acc.used));
      if (due.gt(headroom)) holds.push(reason('LUX_REV_OVER_GUARANTEE', `due ${r(due).toString()} ${cur} exceeds the guarantee headroom ${headroom.toString()} of account ${acc.accountId}`, { measured: r(due).toString(), threshold: headroom.toString() }));
    }
  }
  if (borderCollector === 'consumer' && !due.isZero()) {
    const paid = sum(facts.payments.filter((p) => p.purpose === 'duties' && p.currency === cur).map((p) => Decimal.parse(p.amount)));
    if (paid.lt(due)) holds.push(reason('LUX_REV_AWAITING_PAYMENT', `duties and taxes of ${r(due).toString()} ${cur} await payment by the consumer (paid ${paid.toString()})`, { measured: paid.toString(), threshold: r(due).toString() }));
  }
  return answer;
}
