/**
 * Known offenders the simulated traffic draws from. The risk list is loaded with the canonical
 * spelling (simulatedOffenders()); the traffic names them with the variants real senders
 * produce: transliteration, word order, legal-form spelling, typos, case and punctuation
 * (FoS Technical Specifications 2.3.4: lists matched tolerantly).
 */
import type { Address, Identifier, Jurisdiction } from '../domain/message.js';
import { makeUscc } from './check-digits.js';
import { Prng } from './prng.js';

export interface SimulatedOffender {
  id: string;
  kind: 'organisation' | 'person';
  /** Sellers ship to buyers anywhere; persons receive as buyers in their own jurisdiction. */
  role: 'seller' | 'buyer';
  name: string;
  address: Address;
  identifiers?: Identifier[];
  jurisdiction?: Jurisdiction;
  /** What the offender was caught for; the traffic repeats it with high probability. */
  offence: 'counterfeit' | 'undervaluation' | 'prohibited' | 'split-shipment';
}

let cached: SimulatedOffender[] | undefined;

/** The canonical offender list (same for every seed, so that a risk list can be loaded once). */
export function simulatedOffenders(): SimulatedOffender[] {
  if (cached) return cached.map(o => structuredClone(o));
  const rng = new Prng(0x0ffe4de5);
  const cn = (id: string, name: string, street: string, city: string, postcode: string, division: string, offence: SimulatedOffender['offence']): SimulatedOffender =>
    ({ id, kind: 'organisation', role: 'seller', name, offence, address: { street, city, postcode, country: 'CN' }, identifiers: [{ scheme: 'CN-USCC', value: makeUscc(rng, division) }] });
  const org = (id: string, name: string, address: Address, offence: SimulatedOffender['offence']): SimulatedOffender =>
    ({ id, kind: 'organisation', role: 'seller', name, offence, address });
  const person = (id: string, name: string, address: Address, jurisdiction: Jurisdiction, offence: SimulatedOffender['offence']): SimulatedOffender =>
    ({ id, kind: 'person', role: 'buyer', name, address, jurisdiction, offence });
  cached = [
    cn('OFF-001', 'Shenzhen Huaxin Electronic Technology Co., Ltd.', 'Room 1203, Block B, 45 Shennan Avenue', 'Shenzhen', '518048', '440300', 'counterfeit'),
    cn('OFF-002', 'Guangzhou Baiyun Leather Goods Co., Ltd.', '88 Huangpu Avenue', 'Guangzhou', '510620', '440100', 'counterfeit'),
    cn('OFF-003', 'Yiwu Jinlong Import & Export Co., Ltd.', '17 Chouzhou North Road', 'Yiwu', '322000', '330782', 'undervaluation'),
    cn('OFF-004', 'Dongguan Ruifeng Footwear Co., Ltd.', '6 Hongfu Road', 'Dongguan', '523000', '441900', 'counterfeit'),
    cn('OFF-005', 'Xiamen Haoyu Trading Co., Ltd.', '210 Hubin South Road', 'Xiamen', '361000', '350200', 'prohibited'),
    org('OFF-006', 'Golden Bridge Trading Limited', { street: 'Flat 5, 12/F, 238 Nathan Road', city: 'Hong Kong', country: 'HK' }, 'undervaluation'),
    org('OFF-007', 'Anatolia Tekstil Ltd. Şti.', { street: 'Istiklal Caddesi 140', city: 'Istanbul', postcode: '34430', country: 'TR' }, 'undervaluation'),
    org('OFF-008', 'Mohammed Rafiq Exports Pvt Ltd', { street: '21 Mint Road', city: 'Mumbai', postcode: '400001', country: 'IN' }, 'prohibited'),
    org('OFF-009', 'Saigon Thread Co., Ltd.', { street: '72 Le Loi', city: 'Ho Chi Minh City', postcode: '700000', country: 'VN' }, 'undervaluation'),
    org('OFF-010', 'Bluewater Supplements LLC', { street: '900 S Main Street', city: 'Los Angeles', postcode: '90013', country: 'US' }, 'prohibited'),
    person('OFF-101', 'Aleksandr Petrov', { street: 'Torstrasse 12', city: 'Berlin', postcode: '10115', country: 'DE' }, 'EU', 'split-shipment'),
    person('OFF-102', 'Muhammad Khan', { street: '41 Old Street', city: 'London', postcode: 'EC1V 9HX', country: 'GB' }, 'GB', 'counterfeit'),
    person('OFF-103', 'Zhang Wei', { street: '300 George Street', city: 'Sydney', region: 'NSW', postcode: '2000', country: 'AU' }, 'AU', 'split-shipment'),
    person('OFF-104', 'Jean-Baptiste Lefèvre', { street: '15 Rue de la Roquette', city: 'Paris', postcode: '75011', country: 'FR' }, 'EU', 'counterfeit'),
    person('OFF-105', 'Nguyen Van An', { street: '1200 Travis Street', city: 'Houston', region: 'TX', postcode: '77002', country: 'US' }, 'US', 'prohibited'),
    person('OFF-106', 'Yekaterina Smirnova', { street: '250 King Street West', city: 'Toronto', region: 'ON', postcode: 'M5V 2T6', country: 'CA' }, 'CA', 'split-shipment'),
  ];
  return cached.map(o => structuredClone(o));
}

/** Alternative spellings that transliteration and habit produce, both ways. */
const TRANSLITERATIONS: readonly (readonly [string, readonly string[]])[] = [
  ['Shenzhen', ['Shenzen', 'Shen Zhen', 'ShenZhen']],
  ['Guangzhou', ['Guang Zhou', 'Guangzou']],
  ['Huaxin', ['Hua Xin', 'Huaxing']],
  ['Jinlong', ['Jin Long', 'Kinlong']],
  ['Dongguan', ['Dong Guan', 'Donguan']],
  ['Ruifeng', ['Rui Feng', 'Ruifung']],
  ['Xiamen', ['Xia Men', 'Xiamin']],
  ['Haoyu', ['Hao Yu', 'Haoyou']],
  ['Baiyun', ['Bai Yun', 'Paiyun']],
  ['Mohammed', ['Muhammad', 'Mohamed', 'Mohammad']],
  ['Muhammad', ['Mohammed', 'Mohamad', 'Muhammed']],
  ['Aleksandr', ['Alexander', 'Aleksander', 'Oleksandr']],
  ['Petrov', ['Petroff', 'Petrow']],
  ['Yekaterina', ['Ekaterina', 'Jekaterina', 'Katerina']],
  ['Smirnova', ['Smirnowa']],
  ['Lefèvre', ['Lefevre', 'Lefebvre']],
  ['Jean-Baptiste', ['Jean Baptiste', 'J-Baptiste']],
  ['Şti.', ['Sti.', 'STI']],
  ['Saigon', ['Sai Gon']],
  ['Nguyen', ['Nguyễn', 'Nguyen']],
  ['Zhang', ['Chang', 'Zhang']],
  ['Rafiq', ['Rafik', 'Rafeeq']],
];

const LEGAL_FORMS: readonly (readonly [RegExp, readonly string[]])[] = [
  [/Co\., Ltd\.$/, ['Company Limited', 'Co. Ltd', 'Co Ltd', 'CO., LTD', 'Limited Company', 'Ltd.']],
  [/Trading Limited$/, ['Trading Ltd', 'Trading Co. Ltd', 'Trading Company Limited']],
  [/Pvt Ltd$/, ['Private Limited', 'Pvt. Ltd.', 'P. Ltd']],
  [/LLC$/, ['L.L.C.', 'Llc', 'Limited Liability Company']],
  [/Ltd\. Şti\.$/, ['Ltd Sti', 'Limited Şirketi', 'LTD. ŞTİ.']],
];

function transliterate(name: string, rng: Prng): string {
  const hits = TRANSLITERATIONS.filter(([canon]) => name.includes(canon));
  if (hits.length === 0) return name;
  const [canon, alts] = rng.pick(hits);
  return name.replace(canon, rng.pick(alts));
}

function legalForm(name: string, rng: Prng): string {
  for (const [pattern, alts] of LEGAL_FORMS) if (pattern.test(name)) return name.replace(pattern, rng.pick(alts));
  return name;
}

/** Persons: surname first; companies: the city moved behind the trade name, in brackets. */
function wordOrder(name: string, kind: SimulatedOffender['kind'], city: string | undefined): string {
  if (kind === 'person') {
    const parts = name.split(' ');
    return [parts[parts.length - 1], ...parts.slice(0, -1)].join(' ');
  }
  if (city && name.startsWith(city + ' ')) {
    const rest = name.slice(city.length + 1);
    const m = /^(.*?)( (?:Co\.|Company|Trading|Electronic|Import|Leather|Footwear).*)$/.exec(rest);
    return m ? `${m[1]} (${city})${m[2]}` : `${rest} (${city})`;
  }
  const words = name.split(' ');
  return words.length > 2 ? [words[1], words[0], ...words.slice(2)].join(' ') : name;
}

const KEYBOARD_NEIGHBOURS: Record<string, string> = {
  a: 'sq', e: 'wr', i: 'uo', o: 'ip', u: 'yi', n: 'bm', r: 'et', s: 'ad', t: 'ry', h: 'gj', g: 'fh', l: 'k', m: 'n', d: 'sf', c: 'xv', k: 'jl',
};

function typo(name: string, rng: Prng): string {
  const positions: number[] = [];
  // Only inside words of five letters or more, and never in the first letter: that is how typing errors look.
  const re = /\p{L}{5,}/gu;
  for (let m = re.exec(name); m; m = re.exec(name)) for (let i = m.index + 1; i < m.index + m[0].length - 1; i++) positions.push(i);
  if (positions.length === 0) return name;
  const i = rng.pick(positions);
  const ch = name[i]!;
  switch (rng.int(0, 3)) {
    case 0: return name.slice(0, i) + name.slice(i + 1); // dropped letter
    case 1: return name.slice(0, i) + ch + name.slice(i); // doubled letter
    case 2: return name.slice(0, i) + name[i + 1] + ch + name.slice(i + 2); // swapped neighbours
    default: {
      const near = KEYBOARD_NEIGHBOURS[ch.toLowerCase()];
      return near ? name.slice(0, i) + rng.pick([...near]) + name.slice(i + 1) : name.slice(0, i) + name.slice(i + 1);
    }
  }
}

function caseAndPunctuation(name: string, rng: Prng): string {
  return rng.chance(0.5) ? name.toUpperCase() : name.replace(/[.,]/g, '');
}

/** A spelling of the offender's name as a sender might type it; never the canonical spelling itself. */
export function offenderNameVariant(offender: SimulatedOffender, rng: Prng): string {
  const transforms: ((s: string) => string)[] = [
    s => transliterate(s, rng),
    s => legalForm(s, rng),
    s => wordOrder(s, offender.kind, offender.address.city),
    s => typo(s, rng),
    s => caseAndPunctuation(s, rng),
  ];
  for (let attempt = 0; attempt < 8; attempt++) {
    let name = offender.name;
    const first = rng.int(0, transforms.length - 1);
    name = transforms[first]!(name);
    if (rng.chance(0.35)) name = transforms[rng.int(0, transforms.length - 1)]!(name);
    if (name !== offender.name) return name;
  }
  return typo(offender.name, rng) === offender.name ? offender.name + '.' : typo(offender.name, rng);
}

const STREET_ABBREVIATIONS: readonly (readonly [RegExp, string])[] = [
  [/\bRoad\b/, 'Rd.'], [/\bAvenue\b/, 'Ave'], [/\bStreet\b/, 'St'], [/\bRoom\b/, 'Rm'], [/\bBlock\b/, 'Blk'], [/\bstrasse\b/, 'str.'], [/\bCaddesi\b/, 'Cad.'],
];

/** The offender's address as a sender might write it: abbreviations, dropped unit, no postcode. */
export function offenderAddressVariant(offender: SimulatedOffender, rng: Prng): Address {
  const address: Address = { ...offender.address };
  if (address.street) {
    let street = address.street;
    for (const [pattern, short] of STREET_ABBREVIATIONS) if (pattern.test(street) && rng.chance(0.7)) street = street.replace(pattern, short);
    if (street.includes(',') && rng.chance(0.3)) street = street.slice(street.lastIndexOf(',') + 1).trim();
    address.street = street;
  }
  if (address.postcode && rng.chance(0.2)) delete address.postcode;
  return address;
}
