/**
 * Exact decimal arithmetic on bigint. Money and rates never touch a float:
 * a value is `units × 10^-scale`. Division and rescaling take an explicit rounding mode,
 * because each jurisdiction rounds by its own rule.
 */
export type RoundingMode = 'half-up' | 'half-even' | 'down' | 'up' | 'half-down';

const DECIMAL_PATTERN = /^-?(0|[1-9]\d*)(\.\d+)?$/;

// Powers of ten by exponent: `10n ** BigInt(k)` allocated two BigInts per alignment, and money
// arithmetic aligns on almost every operation.
const POW10: bigint[] = Array.from({ length: 64 }, (_, k) => 10n ** BigInt(k));
function pow10(k: number): bigint {
  return k < POW10.length ? POW10[k] : 10n ** BigInt(k);
}

export class Decimal {
  private constructor(readonly units: bigint, readonly scale: number) {}

  static readonly ZERO = new Decimal(0n, 0);
  static readonly ONE = new Decimal(1n, 0);

  /** Parses a decimal string such as "12.50" or "-0.001". Throws on anything else (no exponents, no floats). */
  static parse(text: string): Decimal {
    // One scan both validates (as DECIMAL_PATTERN) and finds the point: every amount of every message passes here.
    if (typeof text !== 'string') return parseByPattern(text);
    const dot = scanDecimal(text);
    if (dot === NOT_DECIMAL) throw new RangeError(`not a decimal string: ${JSON.stringify(text)}`);
    if (dot === NO_POINT) return new Decimal(BigInt(text), 0);
    // The sign stays in the digits: BigInt("-012") is -12n, and "-0" is 0n as before.
    return new Decimal(BigInt(text.slice(0, dot) + text.slice(dot + 1)), text.length - dot - 1);
  }

  static isDecimalString(text: unknown): text is string {
    return typeof text === 'string' && scanDecimal(text) !== NOT_DECIMAL;
  }

  static of(units: bigint | number, scale = 0): Decimal {
    if (typeof units === 'number' && !Number.isInteger(units)) throw new RangeError('Decimal.of takes integer units');
    return new Decimal(BigInt(units), scale);
  }

  /** Integer minor units, e.g. Decimal.fromMinor(1999n, 2) is 19.99. */
  static fromMinor(minor: bigint, digits: number): Decimal {
    return new Decimal(minor, digits);
  }

  add(other: Decimal): Decimal {
    const d = this.scale - other.scale;
    if (d === 0) return new Decimal(this.units + other.units, this.scale);
    // A zero of the smaller scale changes neither value nor scale: sums that start from ZERO (most of them)
    // skip the alignment and the allocation. Decimal is immutable, so handing back an operand is safe.
    if (d > 0) return other.units === 0n ? this : new Decimal(this.units + other.units * pow10(d), this.scale);
    return this.units === 0n ? other : new Decimal(this.units * pow10(-d) + other.units, other.scale);
  }

  sub(other: Decimal): Decimal {
    const d = this.scale - other.scale;
    if (d === 0) return new Decimal(this.units - other.units, this.scale);
    if (d > 0) return other.units === 0n ? this : new Decimal(this.units - other.units * pow10(d), this.scale);
    return new Decimal(this.units * pow10(-d) - other.units, other.scale);
  }

  mul(other: Decimal): Decimal {
    return new Decimal(this.units * other.units, this.scale + other.scale);
  }

  /** Divides to `scale` decimal places with the given rounding. */
  div(other: Decimal, scale: number, mode: RoundingMode = 'half-even'): Decimal {
    if (other.units === 0n) throw new RangeError('division by zero');
    // this / other = (a·10^-sa) / (b·10^-sb); result units at `scale` = a·10^(scale+sb-sa) / b
    const exponent = scale + other.scale - this.scale;
    let numerator = this.units;
    let denominator = other.units;
    if (exponent >= 0) numerator *= pow10(exponent);
    else denominator *= pow10(-exponent);
    return new Decimal(divideRounded(numerator, denominator, mode), scale);
  }

  /** Rescales to `scale` places, rounding when places are dropped. */
  round(scale: number, mode: RoundingMode = 'half-up'): Decimal {
    if (scale === this.scale) return this;
    if (scale > this.scale) return new Decimal(this.units * pow10(scale - this.scale), scale);
    return new Decimal(divideRounded(this.units, pow10(this.scale - scale), mode), scale);
  }

  compare(other: Decimal): -1 | 0 | 1 {
    const d = this.scale - other.scale;
    const a = d < 0 ? this.units * pow10(-d) : this.units;
    const b = d > 0 ? other.units * pow10(d) : other.units;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  eq(other: Decimal): boolean { return this.compare(other) === 0; }
  lt(other: Decimal): boolean { return this.compare(other) < 0; }
  lte(other: Decimal): boolean { return this.compare(other) <= 0; }
  gt(other: Decimal): boolean { return this.compare(other) > 0; }
  gte(other: Decimal): boolean { return this.compare(other) >= 0; }
  isZero(): boolean { return this.units === 0n; }
  isNegative(): boolean { return this.units < 0n; }
  neg(): Decimal { return new Decimal(-this.units, this.scale); }
  abs(): Decimal { return this.units < 0n ? this.neg() : this; }
  min(other: Decimal): Decimal { return this.lte(other) ? this : other; }
  max(other: Decimal): Decimal { return this.gte(other) ? this : other; }

  /** Number of decimal places actually used (trailing zeros ignored). */
  significantScale(): number {
    let units = this.units;
    let scale = this.scale;
    while (scale > 0 && units % 10n === 0n) { units /= 10n; scale--; }
    return scale;
  }

  /** Units at a given scale, exact; throws if that would drop non-zero digits. */
  toMinor(digits: number): bigint {
    const r = this.round(digits, 'down');
    if (!r.eq(this)) throw new RangeError(`${this.toString()} has more than ${digits} decimal places`);
    return r.units;
  }

  /** Approximate number, for statistics and model features only; never for money. */
  toNumber(): number {
    return Number(this.units) / 10 ** this.scale;
  }

  toString(): string {
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString();
    if (this.scale === 0) return (negative ? '-' : '') + digits;
    const padded = digits.padStart(this.scale + 1, '0');
    const cut = padded.length - this.scale;
    return (negative ? '-' : '') + padded.slice(0, cut) + '.' + padded.slice(cut);
  }

  /** The string at exactly `scale` places (rounded half-up when places are dropped). */
  toFixedScale(scale: number, mode: RoundingMode = 'half-up'): string {
    return this.round(scale, mode).toString();
  }

  toJSON(): string { return this.toString(); }
}

/** The original parse, kept for callers that pass a non-string through an untyped path: same answer, same error. */
function parseByPattern(text: string): Decimal {
  if (!DECIMAL_PATTERN.test(text)) throw new RangeError(`not a decimal string: ${JSON.stringify(text)}`);
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const dot = body.indexOf('.');
  const digits = dot < 0 ? body : body.slice(0, dot) + body.slice(dot + 1);
  const scale = dot < 0 ? 0 : body.length - dot - 1;
  const units = BigInt(digits);
  return Decimal.fromMinor(negative ? -units : units, scale);
}

const NOT_DECIMAL = -2;
const NO_POINT = -1;

/** The index of the point of a string DECIMAL_PATTERN accepts, NO_POINT when it has none, else NOT_DECIMAL. */
function scanDecimal(text: string): number {
  const n = text.length;
  let i = n > 0 && text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  if (i >= n) return NOT_DECIMAL;
  let c = text.charCodeAt(i);
  if (c === 48 /* 0 */) i++;
  else if (c > 48 && c <= 57) { i++; while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) i++; }
  else return NOT_DECIMAL;
  if (i === n) return NO_POINT;
  if (text.charCodeAt(i) !== 46 /* . */) return NOT_DECIMAL;
  const dot = i++;
  if (i === n) return NOT_DECIMAL;
  while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) i++;
  return i === n ? dot : NOT_DECIMAL;
}

function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator < 0n) { numerator = -numerator; denominator = -denominator; }
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  const negative = numerator < 0n;
  const awayFromZero = negative ? quotient - 1n : quotient + 1n;
  const twiceRemainder = (remainder < 0n ? -remainder : remainder) * 2n;
  switch (mode) {
    case 'down': return quotient;
    case 'up': return awayFromZero;
    case 'half-up': return twiceRemainder >= denominator ? awayFromZero : quotient;
    case 'half-down': return twiceRemainder > denominator ? awayFromZero : quotient;
    case 'half-even': {
      if (twiceRemainder > denominator) return awayFromZero;
      if (twiceRemainder < denominator) return quotient;
      return quotient % 2n === 0n ? quotient : awayFromZero;
    }
  }
}
