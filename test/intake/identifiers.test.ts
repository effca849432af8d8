import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkIdentifier, matchScheme } from '../../src/intake/identifiers.js';

// [scheme, value, valid, source of the expected answer]
const CASES: [string, string, boolean, string][] = [
  ['EORI', 'DE9876543210', true, 'Regulation (EU) 2015/2447 Annex B: country code + up to 15 an'],
  ['EORI', 'BE0123456789', true, 'same; shared/examples/arrival.json carrier'],
  ['EORI', 'NL1234567890123456', false, '16 characters after the country code (max 15)'],
  ['EORI', 'QQ123456', false, 'QQ is not an ISO 3166-1 code'],
  ['EORI', 'GB123456789000', true, 'HMRC: GB + 12 digits (VAT number + 000)'],
  ['EORI', 'GB123456789000123', true, 'HMRC: GB + 15 digits'],
  ['EORI', 'GB1234567890', false, 'HMRC: GB + 10 digits is neither 12 nor 15'],
  ['EORI', 'GBA23456789000', false, 'HMRC: GB EORIs are digits only'],
  ['IOSS', 'IM5280000001', true, 'shared/examples/declaration-eu-ioss.json; Directive 2006/112/EC art. 369q: IM + 10 digits'],
  ['IOSS', 'IN5280000001', false, 'IN is the intermediary prefix'],
  ['IOSS', 'IM528000001', false, '9 digits'],
  ['IOSS-INTERMEDIARY', 'IN5280000001', true, 'art. 369q(2): IN + 10 digits'],
  ['GB-VAT', 'GB999999973', true, "HMRC's published test VAT number (8*9+7*9+...+2*9 = 315; 315 + 73 = 388 = 4*97)"],
  ['GB-VAT', 'GB 999 9999 73', true, 'same, as people write it'],
  ['GB-VAT', 'GB999999974', false, 'check digits off by one'],
  ['AU-ABN', '51 824 753 556', true, 'ABR "Format of the ABN" worked example'],
  ['AU-ABN', '51824753557', false, 'ABR algorithm: last digit changed'],
  ['AU-ABN', '74088264626', true, 'shared/examples/order.json vendor collection number (534 = 6 * 89)'],
  ['AU-ARN', '123456789012', true, 'ATO: 12-digit ARN, no published check digit'],
  ['AU-ARN', '12345678901', false, '11 digits'],
  ['AU-LVIG', '74088264626', true, 'an ABN'],
  ['AU-LVIG', '123456789012', true, 'an ARN'],
  ['CA-BN', '123026635', true, 'python-stdnum ca.bn doctest'],
  ['CA-BN', '12302 6635 RC 0001', true, 'python-stdnum ca.bn doctest, with program account'],
  ['CA-BN', '123026635RM0001', true, 'RM import/export program account (CRA RC2)'],
  ['CA-BN', '123456783', false, 'python-stdnum ca.bn doctest: bad check digit'],
  ['CA-BN', '123026635XX01', false, 'program account needs 4 digits'],
  ['US-EIN', '04-2103594', true, 'python-stdnum us.ein doctest'],
  ['US-EIN', '00-1234567', false, 'IRS: prefix 00 is not assigned'],
  ['US-EIN', '04-210359', false, '8 digits'],
  ['US-CBP-IMPORTER', '04-210359400', true, '19 CFR 24.5: EIN + 2-digit suffix'],
  ['US-CBP-IMPORTER', '251234-12345', true, 'CBP-assigned YYDDPP-NNNNN'],
  ['CN-USCC', '91110000600037341L', true, 'python-stdnum cn.uscc doctest (GB 32100-2015)'],
  ['CN-USCC', '91110000600037341M', false, 'check character changed'],
  ['CN-USCC', '9111000060003734IL', false, 'I is not in the code set'],
  ['CN-USCC', '12345', false, 'length'],
  ['CN-RIC', '11010519491231002X', true, 'GB 11643-1999 example (Beijing Chaoyang, born 1949-12-31, check X): sum of digits x weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2 = 167, 167 mod 11 = 2 -> X'],
  ['CN-RIC', '440524188001010014', true, 'GB 11643-1999 example (Guangdong Shantou, born 1880-01-01, check 4)'],
  ['CN-RIC', '110105194912310021', false, 'the first example with its check character changed'],
  ['CN-RIC', '11010519491331002X', false, 'month 13 is not a date of birth'],
  ['CN-RIC', '1101051949123100', false, 'length'],
  ['UPU-S10', 'RR123456785NZ', true, 'shared/examples/transport.json; UPU S10: 8*1+6*2+4*3+2*4+3*5+5*6+9*7+7*8 = 204, 11 - 204 mod 11 = 5'],
  ['UPU-S10', 'RR123456784NZ', false, 'same with the check digit changed'],
  ['UPU-S10', 'RR12345678NZ', false, 'serial of 7 digits'],
  ['platform-seller-id', 'S-88213', true, 'unregulated scheme: accepted as it is (shared/examples/declaration-eu-ioss.json)'],
];

for (const [scheme, value, valid, source] of CASES) {
  test(`${valid ? 'accepts' : 'rejects'} ${scheme} ${value} (${source})`, () => {
    const r = checkIdentifier(scheme, value);
    assert.equal(r.ok, valid, r.reason);
    if (!valid) assert.ok(r.reason && r.reason.length > 5);
  });
}

test('scheme spellings are aliases of one check (ABN, AU-ABN)', () => {
  assert.equal(checkIdentifier('abn', '51824753556').ok, true);
  assert.equal(checkIdentifier('ABN', '51824753557').ok, false);
});

test('matchScheme finds the first scheme a representative id fits', () => {
  assert.equal(matchScheme('DE9876543210', ['EORI']), 'EORI');
  assert.equal(matchScheme('51824753556', ['AU-ARN', 'AU-ABN']), 'AU-ABN');
  assert.equal(matchScheme('hello', ['EORI', 'US-EIN']), undefined);
});
