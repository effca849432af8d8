/**
 * Identifiers with the check digits their issuers define, so that simulated traffic passes
 * the same form checks as real traffic. Each function names its source.
 */
import type { Prng } from './prng.js';

/** UPU S10 item number check digit (UPU standard S10, weights 8 6 4 2 3 5 9 7, mod 11, 10→0, 11→5). */
export function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new RangeError('S10 serial is 8 digits');
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(serial[i]) * weights[i]!;
  const check = 11 - (sum % 11);
  return check === 10 ? 0 : check === 11 ? 5 : check;
}

/** e.g. RR123456785NZ: service indicator, 8-digit serial, check digit, ISO country of the issuing post. */
export function s10Number(service: string, serial: string, country: string): string {
  return `${service}${serial}${s10CheckDigit(serial)}${country}`;
}

export function isValidS10(text: string): boolean {
  const m = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/.exec(text);
  return m !== null && s10CheckDigit(m[2]!) === Number(m[3]);
}

const ABN_WEIGHTS = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];

/** ATO ABN check: subtract 1 from the first digit, weight, sum, divisible by 89. */
export function isValidAbn(abn: string): boolean {
  if (!/^\d{11}$/.test(abn) || abn[0] === '0') return false;
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += (Number(abn[i]) - (i === 0 ? 1 : 0)) * ABN_WEIGHTS[i]!;
  return sum % 89 === 0;
}

/** A valid ABN: nine random digits, then the two leading digits that make the sum divisible by 89. */
export function makeAbn(rng: Prng): string {
  const tail = rng.digits(9);
  let rest = 0;
  for (let i = 0; i < 9; i++) rest += Number(tail[i]) * ABN_WEIGHTS[i + 2]!;
  // 10·(d1−1) + d2 runs over 0..89, so every residue mod 89 has a solution; prefer the smallest d1 ≥ 1.
  const need = (89 - (rest % 89)) % 89;
  const d1 = Math.floor(need / 10) + 1;
  const d2 = need % 10;
  return `${d1}${d2}${tail}`;
}

/** Luhn check digit, used by the CRA for the 9-digit Business Number. */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidLuhn(text: string): boolean {
  return /^\d+$/.test(text) && luhnCheckDigit(text.slice(0, -1)) === Number(text.slice(-1));
}

/** CA Business Number with its import/export program account, e.g. 123456782RM0001. */
export function makeCaBusinessNumber(rng: Prng): string {
  const payload = String(rng.int(1, 9)) + rng.digits(7);
  return `${payload}${luhnCheckDigit(payload)}RM0001`;
}

/** GB VAT registration number, 9 digits: weights 8..2 on the first seven, plus the last two, ≡ 0 mod 97 (HMRC VAT Notice 700/1 check). */
export function makeGbVatNumber(rng: Prng): string {
  const head = String(rng.int(1, 9)) + rng.digits(6);
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(head[i]) * (8 - i);
  const check = (97 - (sum % 97)) % 97;
  return head + String(check).padStart(2, '0');
}

export function isValidGbVatNumber(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(digits[i]) * (8 - i);
  const total = sum + Number(digits.slice(7));
  return total % 97 === 0 || (total + 55) % 97 === 0;
}

/** Belgian enterprise number (BCE/KBO), 10 digits: the last two are 97 − (first eight mod 97). */
export function makeBeEnterpriseNumber(rng: Prng): string {
  const head = String(rng.int(0, 1)) + String(rng.int(1, 9)) + rng.digits(6);
  const check = 97 - (Number(head) % 97);
  return head + String(check).padStart(2, '0');
}

/** IRS EIN prefixes assigned to campuses (IRS "How EINs are assigned and valid EIN prefixes"); a subset. */
const EIN_PREFIXES = ['10', '12', '20', '26', '27', '30', '33', '35', '45', '46', '47', '52', '54', '61', '72', '81', '82', '84', '86', '88', '90', '91', '94', '95', '98'];

export function makeEin(rng: Prng): string {
  return rng.pick(EIN_PREFIXES) + rng.digits(7);
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100-2015 check character of the 18-character unified social credit code. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]!);
    if (v < 0) throw new RangeError(`not a USCC character: ${first17[i]}`);
    sum += v * USCC_WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return USCC_ALPHABET[c === 31 ? 0 : c]!;
}

/** GB 11714-1997 organisation code check character (weights 3 7 9 10 5 8 4 2, mod 11, 10→X, 11→0). */
export function orgCodeCheckChar(first8: string): string {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += USCC_ALPHABET.indexOf(first8[i]!) * w[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function isValidUscc(code: string): boolean {
  return /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code) && usccCheckChar(code.slice(0, 17)) === code[17];
}

/** Unified social credit code of an enterprise (9 = market regulation, 1 = enterprise) in an administrative division. */
export function makeUscc(rng: Prng, division: string): string {
  const org8 = rng.digits(8);
  const first17 = `91${division}${org8}${orgCodeCheckChar(org8)}`;
  return first17 + usccCheckChar(first17);
}

/** IATA air waybill: airline prefix, 7-digit serial, check digit = serial mod 7. */
export function makeAirWaybill(rng: Prng, prefix: string): string {
  const serial = String(rng.int(1000000, 9999999));
  return `${prefix}-${serial}${Number(serial) % 7}`;
}

const RIC_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/**
 * A PRC citizen identity number (GB 11643-1999: division, date of birth, sequence, ISO 7064
 * MOD 11-2 check character) for a buyer, derived from `text` (the buyer's e-mail) by an FNV-1a
 * hash rather than drawn: adding it to CN buyers leaves every other draw of the traffic as it was.
 */
export function ricFor(division: string, text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  const year = 1960 + (h % 45);
  const month = 1 + ((h >>> 8) % 12);
  const day = 1 + ((h >>> 12) % 28);
  const sequence = (h >>> 17) % 1000;
  const first17 = `${division}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(sequence).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * RIC_WEIGHTS[i]!;
  return first17 + '10X98765432'[sum % 11];
}
