import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAbn, checkCaBn, checkEin, checkEori, checkGbVat, checkRic, checkUscc } from '../../src/intake/identifiers.js';
import {
  isValidAbn, isValidGbVatNumber, isValidLuhn, isValidS10, isValidUscc, luhnCheckDigit, makeAbn, makeAirWaybill, makeBeEnterpriseNumber,
  makeCaBusinessNumber, makeEin, makeGbVatNumber, makeUscc, ricFor, s10CheckDigit, usccCheckChar,
} from '../../src/simulate/check-digits.js';
import { Prng } from '../../src/simulate/prng.js';

describe('check digits of the identifiers in simulated traffic', () => {
  // Golden cases: each expected figure comes from a published example.
  const s10Cases: [string, number, string][] = [
    ['12345678', 5, 'RR123456785NZ in shared/examples/transport.json'],
    ['47312482', 9, 'AB473124829GB, the worked example of UPU S10 (Wikipedia "S10 (UPU standard)")'],
  ];
  for (const [serial, check, source] of s10Cases) {
    it(`computes the UPU S10 check digit ${check} of serial ${serial} (${source})`, () => assert.equal(s10CheckDigit(serial), check));
  }
  it('maps the S10 remainders 10 and 11 to check digits 0 and 5', () => {
    // 00000000 → sum 0 → 11 − 0 = 11 → 5; 00000002 → sum 14 → 11 − 3 = 8 (no special case).
    assert.equal(s10CheckDigit('00000000'), 5);
    assert.equal(s10CheckDigit('00000002'), 8);
    assert.equal(isValidS10('RR123456785NZ'), true);
    assert.equal(isValidS10('RR123456784NZ'), false);
  });

  const abnCases: [string, boolean, string][] = [
    ['51824753556', true, 'the ATO\'s example ABN (abr.business.gov.au, "ABN format")'],
    ['74088264626', true, 'shared/examples/order.json (AU-LVIG number)'],
    ['51824753557', false, 'last digit changed'],
  ];
  for (const [abn, valid, source] of abnCases) {
    it(`judges ABN ${abn} ${valid ? 'valid' : 'invalid'} (${source})`, () => {
      assert.equal(isValidAbn(abn), valid);
      assert.equal(checkAbn(abn).ok, valid);
    });
  }

  it('computes the Luhn check digit of the CRA business number 123456782 (python-stdnum ca.bn example)', () => {
    assert.equal(luhnCheckDigit('12345678'), 2);
    assert.equal(isValidLuhn('123456782'), true);
  });
  it('accepts the HMRC test VAT number 999 9999 73 (weights 8..2, mod 97)', () => assert.equal(isValidGbVatNumber('999999973'), true));
  it('computes the USCC check character L of 91110000600037341L (python-stdnum cn.uscc example)', () => {
    assert.equal(usccCheckChar('91110000600037341'), 'L');
    assert.equal(isValidUscc('91110000600037341L'), true);
    assert.equal(isValidUscc('91110000600037341M'), false);
  });
  it('gives an air waybill the serial mod 7 as check digit (176-12345675 in shared/examples)', () => {
    const awb = makeAirWaybill(new Prng(1), '176');
    const m = /^176-(\d{7})(\d)$/.exec(awb);
    assert.ok(m, awb);
    assert.equal(Number(m[1]) % 7, Number(m[2]));
    assert.equal(1234567 % 7, 5);
  });

  it('generates identifiers that the intake form checks accept, for 2,000 draws', () => {
    const rng = new Prng(42);
    for (let i = 0; i < 2000; i++) {
      const abn = makeAbn(rng);
      assert.ok(isValidAbn(abn) && checkAbn(abn).ok, abn);
      const bn = makeCaBusinessNumber(rng);
      assert.match(bn, /^\d{9}RM0001$/);
      assert.ok(checkCaBn(bn).ok, bn);
      const vat = makeGbVatNumber(rng);
      assert.ok(checkGbVat(`GB${vat}`).ok, vat);
      assert.ok(checkEori(`GB${vat}000`).ok, vat);
      const be = makeBeEnterpriseNumber(rng);
      assert.equal(97 - (Number(be.slice(0, 8)) % 97), Number(be.slice(8)), be);
      assert.ok(checkEori(`BE${be}`).ok, be);
      assert.ok(checkEin(makeEin(rng)).ok);
      const uscc = makeUscc(rng, '440300');
      assert.ok(isValidUscc(uscc) && checkUscc(uscc).ok, uscc);
    }
  });

  it('gives CN buyers citizen identity numbers the intake accepts, the same for the same buyer', () => {
    for (let i = 0; i < 500; i++) {
      const value = ricFor('310115', `buyer${i}@example.cn`);
      assert.ok(checkRic(value).ok, value);
      assert.equal(value.slice(0, 6), '310115');
    }
    assert.equal(ricFor('110105', 'li.wei7@example.cn'), ricFor('110105', 'li.wei7@example.cn'));
  });
});
