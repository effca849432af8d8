/**
 * Movement reference numbers, shaped like the EU MRN (Commission Delegated Regulation (EU) 2015/2446
 * and Implementing Regulation (EU) 2015/2447, Annex B, D.E. 12 09 "MRN": an18 = 2 digits year,
 * 2 letters country, 13 alphanumerics (12 unique + 1 procedure indicator in the EU), 1 check character
 * computed "as defined in ISO 6346"). Luxor uses all 13 middle characters as its sequence
 * (docs/decisions/0002-intake-mrn.md).
 */

export const MRN_LENGTH = 18;
export const MRN_SEQUENCE_LENGTH = 13;

/**
 * ISO 6346 letter values: A = 10, then counting up but skipping 11, 22 and 33 (multiples of 11),
 * so B = 12, K = 21, L = 23, U = 32, V = 34, Z = 38.
 */
function charValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c < 65 || c > 90) return -1;
  let v = 10 + (c - 65);
  if (v >= 11) v++;
  if (v >= 22) v++;
  if (v >= 33) v++;
  return v;
}

/**
 * The ISO 6346 check character of `body`: the sum of each character's value times 2^position,
 * modulo 11; a remainder of 10 gives 0 (ISO 6346:1995 Annex A; EU MRN guidance keeps the same rule).
 */
export function iso6346CheckDigit(body: string): string {
  let sum = 0;
  let weight = 1;
  for (let i = 0; i < body.length; i++) {
    const v = charValue(body[i]);
    if (v < 0) throw new RangeError(`character ${JSON.stringify(body[i])} has no ISO 6346 value`);
    sum += v * weight;
    weight *= 2;
  }
  return String((sum % 11) % 10);
}

/**
 * Builds an MRN. `year` is the calendar year (2026 or 26); `country` the jurisdiction code Luxor
 * issues under (the destination member state for the EU, the jurisdiction elsewhere); `sequence`
 * a non-negative integer or an uppercase alphanumeric string, zero-padded to 13 characters.
 */
export function formatMrn(year: number, country: string, sequence: bigint | number | string): string {
  if (!Number.isInteger(year) || year < 0) throw new RangeError(`year must be a non-negative integer: ${year}`);
  if (!/^[A-Z]{2}$/.test(country)) throw new RangeError(`country must be two capital letters: ${JSON.stringify(country)}`);
  let seq: string;
  if (typeof sequence === 'string') {
    if (!/^[0-9A-Z]+$/.test(sequence)) throw new RangeError(`sequence must be capital letters and digits: ${JSON.stringify(sequence)}`);
    seq = sequence;
  } else {
    if (typeof sequence === 'number' && !Number.isSafeInteger(sequence)) throw new RangeError(`sequence must be a safe integer: ${sequence}`);
    if (BigInt(sequence) < 0n) throw new RangeError('sequence must not be negative');
    seq = BigInt(sequence).toString();
  }
  if (seq.length > MRN_SEQUENCE_LENGTH) throw new RangeError(`sequence longer than ${MRN_SEQUENCE_LENGTH} characters: ${seq}`);
  const body = String(year % 100).padStart(2, '0') + country + seq.padStart(MRN_SEQUENCE_LENGTH, '0');
  return body + iso6346CheckDigit(body);
}

const MRN_PATTERN = /^\d{2}[A-Z]{2}[0-9A-Z]{13}\d$/;

/** True for an 18-character MRN whose last character is its ISO 6346 check digit. */
export function isValidMrn(text: string): boolean {
  if (typeof text !== 'string' || !MRN_PATTERN.test(text)) return false;
  return iso6346CheckDigit(text.slice(0, 17)) === text[17];
}

/** The parts of a valid MRN, or undefined. */
export function parseMrn(text: string): { year: number; country: string; sequence: string } | undefined {
  if (!isValidMrn(text)) return undefined;
  return { year: Number(text.slice(0, 2)), country: text.slice(2, 4), sequence: text.slice(4, 17) };
}
