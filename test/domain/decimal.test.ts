/**
 * Money arithmetic: exact, by decimal string in and out, with each jurisdiction's rounding.
 * Expected figures are worked by hand; the rounding modes follow IEEE 754-2019 §4.3 (half-even,
 * "banker's rounding") and the usual commercial half-up.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Decimal, type RoundingMode } from '../../src/domain/decimal.js';

const d = (s: string) => Decimal.parse(s);

describe('Decimal', () => {
  it('parses decimal strings and refuses floats, exponents and padding', () => {
    assert.equal(d('12.50').toString(), '12.50');
    assert.equal(d('-0.001').toString(), '-0.001');
    assert.equal(d('0').toString(), '0');
    for (const bad of ['1e3', '01.5', '.5', '5.', '+1', ' 1', '1,5', 'NaN', '']) assert.throws(() => d(bad), RangeError, bad);
  });

  it('adds, subtracts and compares across scales exactly (0.1 + 0.2 is 0.3)', () => {
    const table: [string, string, string, string][] = [
      // a, b, a + b, a - b
      ['0.1', '0.2', '0.3', '-0.1'],
      ['19.99', '0.001', '19.991', '19.989'],
      ['100', '0.05', '100.05', '99.95'],
      ['-3.5', '1.25', '-2.25', '-4.75'],
      ['0.000000000000000000001', '1', '1.000000000000000000001', '-0.999999999999999999999'],
    ];
    for (const [a, b, sum, diff] of table) {
      assert.equal(d(a).add(d(b)).toString(), sum, `${a} + ${b}`);
      assert.equal(d(b).add(d(a)).eq(d(sum)), true, `${b} + ${a}`);
      assert.equal(d(a).sub(d(b)).toString(), diff, `${a} - ${b}`);
    }
    assert.equal(d('1.50').compare(d('1.5')), 0);
    assert.equal(d('1.5').compare(d('1.49')), 1);
    assert.equal(d('-1.5').compare(d('-1.49')), -1);
    assert.ok(d('150.00').lte(d('150')) && !d('150.01').lte(d('150')));
  });

  it('rounds by the mode the jurisdiction names', () => {
    const table: [string, number, RoundingMode, string][] = [
      ['2.345', 2, 'half-up', '2.35'], ['2.345', 2, 'half-even', '2.34'], ['2.355', 2, 'half-even', '2.36'],
      ['2.345', 2, 'half-down', '2.34'], ['2.346', 2, 'half-down', '2.35'], ['2.341', 2, 'up', '2.35'], ['2.349', 2, 'down', '2.34'],
      ['-2.345', 2, 'half-up', '-2.35'], ['-2.345', 2, 'half-even', '-2.34'], ['-2.341', 2, 'up', '-2.35'], ['-2.349', 2, 'down', '-2.34'],
      ['9.995', 2, 'half-up', '10.00'], ['1.5', 3, 'half-up', '1.500'], ['7', 0, 'half-up', '7'],
    ];
    for (const [x, scale, mode, expected] of table) assert.equal(d(x).round(scale, mode).toString(), expected, `${x} ${mode} to ${scale}`);
  });

  it('multiplies exactly and divides to a stated scale', () => {
    assert.equal(d('19.99').mul(d('3')).toString(), '59.97');
    assert.equal(d('44.99').mul(d('0.21')).toString(), '9.4479');
    assert.equal(d('10').div(d('3'), 4).toString(), '3.3333');
    assert.equal(d('2').div(d('3'), 2, 'half-up').toString(), '0.67');
    assert.equal(d('1').div(d('8'), 2, 'half-even').toString(), '0.12');
    assert.equal(d('-1').div(d('8'), 2, 'half-up').toString(), '-0.13');
    assert.equal(d('100').div(d('0.5'), 0).toString(), '200');
    assert.throws(() => d('1').div(d('0.00'), 2), RangeError);
  });

  it('agrees with integer arithmetic on scaled values for every pair of a grid', () => {
    // Property: a ± b at scale max(sa, sb) equals the integer sum of both scaled to it.
    const values = ['0', '1', '-1', '0.5', '12.345', '-0.01', '999.999', '1000000', '0.0000001'];
    for (const a of values) for (const b of values) {
      const x = d(a), y = d(b);
      const scale = Math.max(x.scale, y.scale);
      const units = (v: Decimal) => v.units * 10n ** BigInt(scale - v.scale);
      assert.equal(x.add(y).round(scale).units, units(x) + units(y), `${a} + ${b}`);
      assert.equal(x.sub(y).round(scale).units, units(x) - units(y), `${a} - ${b}`);
      assert.equal(x.compare(y), units(x) < units(y) ? -1 : units(x) > units(y) ? 1 : 0, `${a} <=> ${b}`);
    }
  });
});
