/**
 * Shapes of the revenue reference data (reference/revenue/<jurisdiction>.json) and of the
 * revenue engine's answer. Every legal value carries its validity and its source, so that a
 * consignment is always computed under the law in force on its reference date.
 */
import type { Amount, CalendarDate, Jurisdiction } from '../domain/message.js';
import type { Liability, Reason, RevenueVerdict } from '../clearance/seam.js';

/** One dated value: valid from `from` (inclusive) to `to` (inclusive, open when absent). */
export interface Dated<T> {
  value: T;
  from: CalendarDate;
  to?: CalendarDate;
  source: string;
  note?: string;
}

export type Per = 'kg' | 'unit' | 'pair' | 'litre' | 'lpa';

/** A duty rate: ad valorem (percent), specific, or both (compound), with optional floor and ceiling. */
export interface DutyRate {
  adValorem?: string;
  specific?: { amount: Amount; per: Per };
  min?: { amount: Amount; per: Per };
  max?: { amount: Amount; per: Per };
}

export interface TariffEntry {
  /** 4 to 10 digits; an entry applies to every declared code under it unless a longer entry says otherwise. */
  hs: string;
  description: string;
  duty: DutyRate;
  /** Preferential entry: applies only when the item claims this preference and its origin is listed. */
  preference?: string;
  origins?: string[];
  from: CalendarDate;
  to?: CalendarDate;
  source: string;
  note?: string;
}

/** Duties that stack on top of the tariff (US chapter 99, AD/CVD), by HS prefix and origin. */
export interface AdditionalDuty {
  id: string;
  description: string;
  /** HS prefixes covered; empty means every product. */
  hsPrefixes: string[];
  /** Origins covered (ISO alpha-2); "*" means every origin. */
  origins: string[];
  /** HS prefixes excluded from the measure (e.g. annex exemptions). */
  excludedHsPrefixes?: string[];
  /** Origins excluded from a measure that covers every origin. */
  excludedOrigins?: string[];
  duty: DutyRate;
  from: CalendarDate;
  to?: CalendarDate;
  source: string;
  note?: string;
}

/** Excise (alcohol, tobacco) and CN consumption tax, by HS prefix. */
export interface ExciseEntry {
  id: string;
  description: string;
  hsPrefixes: string[];
  type: 'excise' | 'consumption-tax';
  /** Region where it applies (member state, province); absent means the whole territory. */
  region?: string;
  duty: DutyRate;
  /**
   * Charged only on goods priced at or above one of these (CN high-end cosmetics: RMB 10 per ml or g, RMB 15 per
   * piece or sheet, Cai Shui [2016] 103). The price is the line's customs value divided by its declared volume (ml),
   * else its net mass (g), else, for lines counted in `pieceUnits`, its quantity. A line none of these measures
   * prices is a request for information, never a guess.
   */
  unitPriceThreshold?: { perMillilitre?: Amount; perGram?: Amount; perPiece?: Amount; pieceUnits?: string[] };
  from: CalendarDate;
  to?: CalendarDate;
  source: string;
  note?: string;
}

export interface TaxRateEntry extends Dated<string> {
  type: 'vat' | 'gst' | 'hst';
}

export interface ExchangeRateEntry {
  currency: string;
  rate: string;
  /** EU and CN publish foreign units per local unit; CA and AU publish the other way round. */
  quote: 'foreign-per-local' | 'local-per-foreign';
  from: CalendarDate;
  to?: CalendarDate;
  source: string;
  note?: string;
}

export interface VendorEntry {
  scheme: string;
  number: string;
  name: string;
  from: CalendarDate;
  to?: CalendarDate;
  source: string;
  note?: string;
}

/** EU: share of air transport cost that enters the customs value (UCC-IA Annex 23-01), by departure country. */
export interface AirFreightShare {
  departure: string;
  percent: string;
  from: CalendarDate;
  to?: CalendarDate;
  source: string;
  note?: string;
}

/** Every parameter name the engine understands; the loader refuses any other. */
export const PARAMETER_NAMES = [
  'valuationBasis', 'referenceDateRule', 'timeZone', 'exchangeRateRule', 'roundingMode', 'roundingLevel',
  'dutyDeMinimis', 'dutyDeMinimisBasis', 'dutyDeMinimisExcludedHs', 'dutyDeMinimisExcludedOrigins',
  'dutyDeMinimisAggregation', 'taxDeMinimis',
  'flatDuty', 'flatDutyCeiling', 'flatDutyScope', 'airFreightShareRule',
  'giftRelief', 'giftReliefMethod', 'vendorScheme', 'vendorCollectionCeiling', 'vendorExcludedHs', 'vendorUnknownTaxAtBorder',
  'vendorReturnPeriod', 'handlingFee', 'taxBaseIncludesTransport',
  'lowValueCeiling', 'reportingLevelLow', 'reportingLevelHigh', 'defaultTaxRegion',
  'cusmaCourierDutyDeMinimis', 'cusmaCourierTaxDeMinimis', 'cusmaCourierOrigins',
  'cbecTransactionLimit', 'cbecAnnualLimit', 'cbecTaxFactor', 'accountPaymentWindow',
  'refundTimeLimitDays',
] as const;
export type ParameterName = (typeof PARAMETER_NAMES)[number];

export interface RevenueProfile {
  jurisdiction: Jurisdiction;
  currency: string;
  minorDigits: number;
  note?: string;
  parameters: Partial<Record<ParameterName, Dated<string>[]>>;
  /** Tax rates by region (EU member state, CA province, or the jurisdiction code). */
  taxRates: Record<string, TaxRateEntry[]>;
  tariff: TariffEntry[];
  additionalDuties: AdditionalDuty[];
  excise: ExciseEntry[];
  exchangeRates: ExchangeRateEntry[];
  vendors: VendorEntry[];
  airFreightShares: AirFreightShare[];
}

export type RevenueReference = Partial<Record<Jurisdiction, RevenueProfile>>;

export interface LineAssessment {
  line: number;
  hsCode?: string;
  quantity: number;
  /** Intrinsic value in local currency. */
  value: Amount;
  customsValue: Amount;
  dutyRate?: DutyRate;
  dutySource?: string;
  candidates?: string[];
}

export interface VendorCheck {
  scheme: string;
  number: string;
  registered: boolean;
  eligible: boolean;
  taxComputed: Amount;
  taxCollected?: Amount;
  shortfall?: Amount;
}

export type DeMinimisOutcome =
  | 'relieved' | 'flat-duty' | 'dutiable' | 'gift-relief' | 'cbec-within-limits' | 'cbec-single-item-full' | 'general-trade';

export interface RevenueAssessment extends RevenueVerdict {
  jurisdiction: Jurisdiction;
  /** Value of the goods alone (local currency). */
  intrinsicValue?: Amount;
  exchangeRate?: ExchangeRateEntry;
  deMinimis?: { outcome: DeMinimisOutcome; basis: string; measured: Amount; threshold?: Amount; source?: string };
  reportingLevel?: string;
  /** Sum of every liability (due plus what the vendor collected). */
  total: Amount;
  lines: LineAssessment[];
  vendor?: VendorCheck;
  /** CN: quota used by this consignment. */
  quotaUsed?: Amount;
}

export type { Liability, Reason };
