/**
 * Form checks of trader identifiers, per scheme. A form check proves only that a number could
 * exist (length, characters, check digit); whether it is registered is a look-up the risk engine
 * makes. Which scheme a party may use in which jurisdiction is data (reference/data-sets/).
 */
import { isCountry } from './codes.js';

export const IDENTIFIER_SCHEMES = [
  'EORI', 'IOSS', 'IOSS-INTERMEDIARY', 'GB-VAT', 'AU-ABN', 'AU-ARN', 'AU-LVIG', 'CA-BN', 'US-EIN', 'US-CBP-IMPORTER', 'CN-USCC', 'CN-RIC', 'UPU-S10',
] as const;
export type IdentifierScheme = (typeof IDENTIFIER_SCHEMES)[number];

export interface IdentifierCheck { ok: boolean; reason?: string }

const OK: IdentifierCheck = { ok: true };
const fail = (reason: string): IdentifierCheck => ({ ok: false, reason });

/** Separators people type (spaces, dashes, dots) are not part of the number. */
export function compactIdentifier(value: string): string {
  return value.replace(/[\s.\-]/g, '').toUpperCase();
}

/**
 * EORI: ISO 3166-1 country code of the issuing state + up to 15 alphanumerics
 * (Commission Implementing Regulation (EU) 2015/2447 Annex B, D.E. 3/… "EORI number": an2+an..15).
 * GB (HMRC, "Get an EORI number"): GB + 12 digits (the 9-digit VAT number + 000) or GB + 15 digits.
 * XI is Northern Ireland's (Windsor Framework), same form as GB.
 */
export function checkEori(value: string): IdentifierCheck {
  const v = compactIdentifier(value);
  if (!/^[A-Z]{2}[0-9A-Z]{1,15}$/.test(v)) return fail('an EORI number is a two-letter country code followed by 1 to 15 letters or digits');
  const country = v.slice(0, 2);
  if (country === 'GB' || country === 'XI') {
    if (!/^(GB|XI)(\d{12}|\d{15})$/.test(v)) return fail(`a ${country} EORI number is ${country} followed by 12 or 15 digits`);
    return OK;
  }
  // EL is Greece's code in EU tax numbering (Regulation 2015/2447 uses ISO codes, but Greek EORIs start with GR or EL in practice).
  if (!isCountry(country) && country !== 'EL') return fail(`${country} is not an ISO 3166-1 country code`);
  return OK;
}

/**
 * IOSS number: IM + 3-digit ISO 3166-1 numeric code of the member state of identification + 7 digits
 * (Council Directive 2006/112/EC art. 369q(1) as amended by Directive (EU) 2017/2455;
 * Commission "Guidance on Import and Distance Sales", IOSS identification number: "IMxxxyyyyyyz").
 */
export function checkIoss(value: string): IdentifierCheck {
  return /^IM\d{10}$/.test(compactIdentifier(value)) ? OK : fail('an IOSS number is IM followed by 10 digits');
}

/** IOSS intermediary number: IN + 10 digits (same source, art. 369q(2)). */
export function checkIossIntermediary(value: string): IdentifierCheck {
  return /^IN\d{10}$/.test(compactIdentifier(value)) ? OK : fail('an IOSS intermediary number is IN followed by 10 digits');
}

/**
 * UK VAT registration number: GB + 9 digits, modulus 97 check (HMRC VAT Notice 700/1 and HMRC's
 * published check; numbers issued since 2010 use the "97-55" variant). 12-digit branch forms
 * (GB + 9 + 3) and GD/HA government/health numbers are accepted by form.
 */
export function checkGbVat(value: string): IdentifierCheck {
  const v = compactIdentifier(value);
  const m = /^(?:GB)?(\d{9})(\d{3})?$/.exec(v);
  if (m === null) {
    if (/^(?:GB)?(GD[0-4]\d{2}|HA[5-9]\d{2})$/.test(v)) return OK;
    return fail('a UK VAT number is GB followed by 9 digits');
  }
  const d = m[1];
  const weights = [8, 7, 6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += weights[i] * (d.charCodeAt(i) - 48);
  const check = Number(d.slice(7));
  if ((sum + check) % 97 === 0 || (sum + check + 55) % 97 === 0) return OK;
  return fail('the last two digits of this UK VAT number are not its modulus-97 check digits');
}

/**
 * Australian Business Number: 11 digits; subtract 1 from the first digit, weight by
 * 10,1,3,5,7,9,11,13,15,17,19, the sum is divisible by 89
 * (Australian Business Register, "Format of the ABN", abr.business.gov.au/Help/AbnFormat).
 */
export function checkAbn(value: string): IdentifierCheck {
  const v = compactIdentifier(value);
  if (!/^\d{11}$/.test(v)) return fail('an ABN has 11 digits');
  const weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += weights[i] * (v.charCodeAt(i) - 48 - (i === 0 ? 1 : 0));
  return sum % 89 === 0 ? OK : fail('this ABN fails its modulus-89 check');
}

/**
 * ATO reference number of a non-resident registered for simplified GST (low value imported goods):
 * 12 digits (ATO, "GST on low value imported goods": suppliers without an ABN receive an ARN).
 * The ATO publishes no check-digit algorithm, so this is a form check only.
 */
export function checkArn(value: string): IdentifierCheck {
  return /^\d{12}$/.test(compactIdentifier(value)) ? OK : fail('an ATO reference number (ARN) has 12 digits');
}

/** AU low-value-imported-goods registration: an ABN or an ARN (ATO LCR 2018/1 ¶ on registration). */
export function checkAuLvig(value: string): IdentifierCheck {
  const v = compactIdentifier(value).replace(/^LVG/, '');
  if (v.length === 11) return checkAbn(v);
  if (v.length === 12) return checkArn(v);
  return fail('a low value imported goods registration is an 11-digit ABN or a 12-digit ARN');
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Canadian Business Number: 9 digits with a Luhn check digit, optionally followed by a program
 * identifier (RT = GST/HST, RM = import/export, ...) and a 4-digit reference number
 * (CRA, "The Business Number and your Canada Revenue Agency program accounts" (RC2);
 * check digit as implemented in python-stdnum ca.bn). Customs accounts use RM.
 */
export function checkCaBn(value: string): IdentifierCheck {
  const v = compactIdentifier(value);
  const m = /^(\d{9})(?:(R[A-Z])(\d{4}))?$/.exec(v);
  if (m === null) return fail('a Canadian business number is 9 digits, optionally followed by a program (RM, RT, ...) and 4 digits');
  if (!luhnValid(m[1])) return fail('this business number fails its check digit');
  return OK;
}

/**
 * US Employer Identification Number: 9 digits, written NN-NNNNNNN (IRS, "How EINs are assigned and
 * valid EIN prefixes"); prefix 00 is never assigned.
 */
export function checkEin(value: string): IdentifierCheck {
  const v = compactIdentifier(value);
  if (!/^\d{9}$/.test(v)) return fail('an EIN has 9 digits (NN-NNNNNNN)');
  if (v.startsWith('00')) return fail('no EIN begins with 00');
  return OK;
}

/**
 * CBP importer of record number (19 CFR 24.5; CBP Form 5106): the IRS EIN followed by a 2-digit
 * suffix (NN-NNNNNNNXX), or a CBP-assigned number YYDDPP-NNNNN (6 + 5 digits).
 */
export function checkCbpImporter(value: string): IdentifierCheck {
  const v = compactIdentifier(value);
  if (/^\d{11}$/.test(v)) return checkEin(v.slice(0, 9));
  if (/^\d{9}$/.test(v)) return checkEin(v);
  if (/^\d{6}\d{5}$/.test(v)) return OK;
  return fail('a CBP importer number is an EIN with a 2-digit suffix (NN-NNNNNNNXX) or a CBP-assigned YYDDPP-NNNNN');
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * Unified social credit code: 18 characters from 0-9 and A-Y without I, O, Z, S, V; positions 3-8
 * the administrative division code; the 18th a modulus-31 check character
 * (GB 32100-2015 "Coding rule of the unified social credit identifier for legal entities and other
 * organizations"; weights as in python-stdnum cn.uscc).
 */
export function checkUscc(value: string): IdentifierCheck {
  const v = compactIdentifier(value);
  if (v.length !== 18) return fail('a unified social credit code has 18 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const n = USCC_CHARS.indexOf(v[i]);
    if (n < 0) return fail(`character ${i + 1} of a unified social credit code cannot be ${v[i]}`);
    if (i >= 2 && i <= 7 && n > 9) return fail('characters 3 to 8 of a unified social credit code are the region code, digits only');
    sum += n * USCC_WEIGHTS[i];
  }
  const expected = USCC_CHARS[(31 - (sum % 31)) % 31];
  return v[17] === expected ? OK : fail('the last character of this unified social credit code is not its check character');
}

const RIC_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RIC_CHECK = '10X98765432';

/**
 * Citizen identity number of a PRC resident identity card (the buyer's identity CN cross-border
 * retail imports require): 6-digit administrative division, 8-digit date of birth, 3-digit
 * sequence and an ISO 7064 MOD 11-2 check character, 0-9 or X (GB 11643-1999 "Citizen
 * identification number"). A natural person's number: sealed with the personal data.
 */
export function checkRic(value: string): IdentifierCheck {
  const v = compactIdentifier(value);
  if (!/^\d{17}[\dX]$/.test(v)) return fail('a citizen identity number has 17 digits and a check character (a digit or X)');
  const year = Number(v.slice(6, 10));
  const month = Number(v.slice(10, 12));
  const day = Number(v.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1800 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) return fail('digits 7 to 14 of a citizen identity number are a date of birth (YYYYMMDD)');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (v.charCodeAt(i) - 48) * RIC_WEIGHTS[i];
  return v[17] === RIC_CHECK[sum % 11] ? OK : fail('the last character of this citizen identity number is not its check character');
}

/**
 * UPU S10 postal item identifier: 2 letters (service), 8 digits (serial), 1 check digit, ISO country
 * code of the issuing post. Check digit: weights 8,6,4,2,3,5,9,7; 11 - (sum mod 11), with 10 -> 0
 * and 11 -> 5 (UPU Standard S10, "Identification of postal items - 13-character identifier").
 */
export function checkS10(value: string): IdentifierCheck {
  const v = compactIdentifier(value);
  const m = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/.exec(v);
  if (m === null) return fail('a UPU S10 item identifier is 2 letters, 9 digits and a 2-letter country code (e.g. RR123456785NZ)');
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += weights[i] * (m[2].charCodeAt(i) - 48);
  let check = 11 - (sum % 11);
  if (check === 10) check = 0;
  else if (check === 11) check = 5;
  if (String(check) !== m[3]) return fail('the ninth digit of this S10 item identifier is not its check digit');
  if (!isCountry(m[4])) return fail(`${m[4]} is not an ISO 3166-1 country code`);
  return OK;
}

const CHECKS: Record<IdentifierScheme, (value: string) => IdentifierCheck> = {
  'EORI': checkEori,
  'IOSS': checkIoss,
  'IOSS-INTERMEDIARY': checkIossIntermediary,
  'GB-VAT': checkGbVat,
  'AU-ABN': checkAbn,
  'AU-ARN': checkArn,
  'AU-LVIG': checkAuLvig,
  'CA-BN': checkCaBn,
  'US-EIN': checkEin,
  'US-CBP-IMPORTER': checkCbpImporter,
  'CN-USCC': checkUscc,
  'CN-RIC': checkRic,
  'UPU-S10': checkS10,
};

/** Spellings submitters use for the same scheme (a vendor collection's `scheme`, an identifier's `scheme`). */
const ALIASES: Record<string, IdentifierScheme> = {
  'EORI': 'EORI', 'IOSS': 'IOSS', 'EU-IOSS': 'IOSS', 'IOSS-INTERMEDIARY': 'IOSS-INTERMEDIARY', 'IN': 'IOSS-INTERMEDIARY',
  'GB-VAT': 'GB-VAT', 'UK-VAT': 'GB-VAT', 'VAT-GB': 'GB-VAT',
  'ABN': 'AU-ABN', 'AU-ABN': 'AU-ABN', 'ARN': 'AU-ARN', 'AU-ARN': 'AU-ARN', 'AU-LVIG': 'AU-LVIG', 'LVIG': 'AU-LVIG',
  'BN': 'CA-BN', 'CA-BN': 'CA-BN', 'CA-GST': 'CA-BN', 'EIN': 'US-EIN', 'US-EIN': 'US-EIN',
  'CBP-IMPORTER': 'US-CBP-IMPORTER', 'US-CBP-IMPORTER': 'US-CBP-IMPORTER', 'IOR': 'US-CBP-IMPORTER',
  'USCC': 'CN-USCC', 'CN-USCC': 'CN-USCC', 'CN-RIC': 'CN-RIC', 'RIC': 'CN-RIC', 'CN-ID': 'CN-RIC', 'S10': 'UPU-S10', 'UPU-S10': 'UPU-S10',
};

/** The scheme a spelling names, or undefined for schemes Luxor does not check (platform seller ids, ...). */
export function knownScheme(scheme: string): IdentifierScheme | undefined {
  return ALIASES[scheme] ?? ALIASES[scheme.toUpperCase()];
}

/** Checks `value` against a scheme; a scheme Luxor does not know is accepted (its form is not regulated). */
export function checkIdentifier(scheme: string, value: string): IdentifierCheck {
  const known = knownScheme(scheme);
  return known === undefined ? OK : CHECKS[known](value);
}

/** The first of `schemes` whose form `value` has, or undefined. */
export function matchScheme(value: string, schemes: readonly IdentifierScheme[]): IdentifierScheme | undefined {
  for (const s of schemes) if (CHECKS[s](value).ok) return s;
  return undefined;
}
