/**
 * The organisations that send the simulated traffic (platforms, express carriers, posts,
 * payment providers) and the customs officers who answer it, with identifiers in the form each
 * jurisdiction defines. The lead creates one API key per organisation.
 */
import type { Identifier, Jurisdiction, Role } from '../domain/message.js';
import { makeAbn, makeBeEnterpriseNumber, makeCaBusinessNumber, makeEin, makeGbVatNumber, makeUscc } from './check-digits.js';
import { Prng } from './prng.js';

export interface SimulatedOrganisation {
  id: string;
  role: Role;
  name: string;
  /** Home jurisdiction; absent for origin posts that only hand over items. */
  jurisdiction?: Jurisdiction;
  callbackUrl?: string;
  identifiers?: Identifier[];
}

/** Internal: an organisation with the prefix of its message ids and, for posts, the country whose S10 numbers it issues. */
export interface Actor extends SimulatedOrganisation {
  prefix: string;
  country?: string;
  /** For marketplaces: their vendor-collection registration. */
  vendorCollection?: { scheme: string; number: string };
}

export interface OrganisationSet {
  platforms: Record<Jurisdiction, Actor[]>;
  carriers: Record<Jurisdiction, Actor[]>;
  paymentProviders: Record<Jurisdiction, Actor[]>;
  officers: Record<Jurisdiction, Actor>;
  /** Posts by country (destination posts declare; origin posts send pre-loading and transport data). */
  posts: Map<string, Actor>;
  all: Actor[];
}

const EU_IOSS_STATES: readonly [string, string, string][] = [['528', 'NL', 'B.V.'], ['372', 'IE', 'Ltd'], ['442', 'LU', 'S.à r.l.']];

/** Built from the seed, so that identifiers differ between seeds but are stable for one. */
export function buildOrganisations(seed: number, callbackBase?: string): OrganisationSet {
  const rng = new Prng(seed ^ 0x5eed0a11).fork('organisations');
  const all: Actor[] = [];
  const add = (a: Actor): Actor => {
    if (callbackBase) a.callbackUrl = `${callbackBase.replace(/\/$/, '')}/${encodeURIComponent(a.id)}`;
    all.push(a);
    return a;
  };

  const platforms = { EU: [], GB: [], AU: [], CA: [], US: [], CN: [] } as Record<Jurisdiction, Actor[]>;
  const platformNames = ['Example Marketplace', 'Bazaar Global', 'ShopSphere'];
  EU_IOSS_STATES.forEach(([numeric, cc, form], i) => {
    const ioss = `IM${numeric}${rng.digits(7)}`;
    platforms.EU.push(add({ id: ioss, role: 'platform', name: `${platformNames[i]} ${form}`, jurisdiction: 'EU', prefix: `mkt-${cc.toLowerCase()}${i}`,
      identifiers: [{ scheme: 'IOSS', value: ioss }], vendorCollection: { scheme: 'IOSS', number: ioss } }));
  });
  for (let i = 0; i < 2; i++) {
    const vat = `GB${makeGbVatNumber(rng)}`;
    platforms.GB.push(add({ id: vat, role: 'platform', name: `${platformNames[i]} UK Ltd`, jurisdiction: 'GB', prefix: `mkt-gb${i}`,
      identifiers: [{ scheme: 'GB-VAT', value: vat }, { scheme: 'EORI', value: `${vat}000` }], vendorCollection: { scheme: 'GB-VAT', number: vat } }));
  }
  for (let i = 0; i < 2; i++) {
    const abn = makeAbn(rng);
    platforms.AU.push(add({ id: `LVG-${abn}`, role: 'platform', name: `${platformNames[i]} Pty Ltd`, jurisdiction: 'AU', prefix: `mkt-au${i}`,
      identifiers: [{ scheme: 'ABN', value: abn }], vendorCollection: { scheme: 'AU-LVIG', number: abn } }));
  }
  {
    const bn = makeCaBusinessNumber(rng);
    platforms.CA.push(add({ id: bn, role: 'platform', name: 'ShopSphere Canada Inc.', jurisdiction: 'CA', prefix: 'mkt-ca0', identifiers: [{ scheme: 'CA-BN', value: bn }] }));
  }
  for (let i = 0; i < 2; i++) {
    const ein = makeEin(rng);
    platforms.US.push(add({ id: ein, role: 'platform', name: `${platformNames[i + 1]} Inc.`, jurisdiction: 'US', prefix: `mkt-us${i}`, identifiers: [{ scheme: 'US-EIN', value: ein }] }));
  }
  for (let i = 0; i < 2; i++) {
    const uscc = makeUscc(rng, i === 0 ? '330100' : '310115');
    platforms.CN.push(add({ id: uscc, role: 'platform', name: i === 0 ? 'Hangzhou Example Global Trade Co., Ltd.' : 'Shanghai Bazaar Cross-border E-commerce Co., Ltd.', jurisdiction: 'CN', prefix: `mkt-cn${i}`,
      identifiers: [{ scheme: 'CN-USCC', value: uscc }] }));
  }

  const carriers = { EU: [], GB: [], AU: [], CA: [], US: [], CN: [] } as Record<Jurisdiction, Actor[]>;
  {
    const be = `BE${makeBeEnterpriseNumber(rng)}`;
    carriers.EU.push(add({ id: be, role: 'carrier', name: 'Swiftwing Express SA', jurisdiction: 'EU', prefix: 'exp-be', identifiers: [{ scheme: 'EORI', value: be }] }));
    const de = `DE${rng.int(1, 9)}${rng.digits(9)}`;
    carriers.EU.push(add({ id: de, role: 'carrier', name: 'Northstar Express GmbH', jurisdiction: 'EU', prefix: 'exp-de', identifiers: [{ scheme: 'EORI', value: de }] }));
  }
  for (const [i, name] of ['Swiftwing Express UK Ltd', 'Northstar Express UK Ltd'].entries()) {
    const eori = `GB${makeGbVatNumber(rng)}000`;
    carriers.GB.push(add({ id: eori, role: 'carrier', name, jurisdiction: 'GB', prefix: `exp-gb${i}`, identifiers: [{ scheme: 'EORI', value: eori }] }));
  }
  for (const [i, name] of ['Swiftwing Express Pty Ltd', 'Northstar Express Australia Pty Ltd'].entries()) {
    const abn = makeAbn(rng);
    carriers.AU.push(add({ id: abn, role: 'carrier', name, jurisdiction: 'AU', prefix: `exp-au${i}`, identifiers: [{ scheme: 'ABN', value: abn }] }));
  }
  for (const [i, name] of ['Swiftwing Express Canada Inc.', 'Northstar Express Canada Inc.'].entries()) {
    const bn = makeCaBusinessNumber(rng);
    carriers.CA.push(add({ id: bn, role: 'carrier', name, jurisdiction: 'CA', prefix: `exp-ca${i}`, identifiers: [{ scheme: 'CA-BN', value: bn }] }));
  }
  for (const [i, name] of ['Swiftwing Express Inc.', 'Northstar Express Inc.'].entries()) {
    const ein = makeEin(rng);
    carriers.US.push(add({ id: ein, role: 'carrier', name, jurisdiction: 'US', prefix: `exp-us${i}`, identifiers: [{ scheme: 'US-EIN', value: ein }] }));
  }
  for (const [i, name] of ['Swiftwing Express (China) Co., Ltd.', 'Northstar International Logistics (Shanghai) Co., Ltd.'].entries()) {
    const uscc = makeUscc(rng, i === 0 ? '440300' : '310115');
    carriers.CN.push(add({ id: uscc, role: 'carrier', name, jurisdiction: 'CN', prefix: `exp-cn${i}`, identifiers: [{ scheme: 'CN-USCC', value: uscc }] }));
  }

  const paymentProviders = { EU: [], GB: [], AU: [], CA: [], US: [], CN: [] } as Record<Jurisdiction, Actor[]>;
  const officers = {} as Record<Jurisdiction, Actor>;
  const posts = new Map<string, Actor>();
  const homeOf: Record<string, Jurisdiction> = { GB: 'GB', AU: 'AU', CA: 'CA', US: 'US', CN: 'CN' };
  const euPostCountries = ['NL', 'DE', 'FR', 'IT', 'ES', 'BE', 'PL', 'SE', 'IE', 'AT'];
  for (const cc of [...euPostCountries, 'GB', 'AU', 'CA', 'US', 'CN', 'HK', 'VN', 'IN', 'TR', 'KR', 'JP']) {
    const jurisdiction: Jurisdiction | undefined = euPostCountries.includes(cc) ? 'EU' : homeOf[cc];
    const post: Actor = { id: `POST-${cc}`, role: 'post', name: `Example Post ${cc}`, prefix: `post-${cc.toLowerCase()}`, country: cc };
    if (jurisdiction) post.jurisdiction = jurisdiction;
    posts.set(cc, add(post));
  }
  for (const j of ['EU', 'GB', 'AU', 'CA', 'US', 'CN'] as const) {
    paymentProviders[j].push(add({ id: `PSP-EXAMPLE-${j}`, role: 'payment-provider', name: `Example Payments ${j}`, jurisdiction: j, prefix: `pay-${j.toLowerCase()}` }));
    paymentProviders[j].push(add({ id: `PSP-CARDS-${j}`, role: 'payment-provider', name: `Example Card Acquirer ${j}`, jurisdiction: j, prefix: `card-${j.toLowerCase()}` }));
    officers[j] = add({ id: `CUSTOMS-${j}`, role: 'customs-officer', name: `Customs ${j} inspection unit`, jurisdiction: j, prefix: `insp-${j.toLowerCase()}` });
  }
  return { platforms, carriers, paymentProviders, officers, posts, all };
}

/** The public view of an actor (no internal fields). */
export function publicOrganisation(a: Actor): SimulatedOrganisation {
  const o: SimulatedOrganisation = { id: a.id, role: a.role, name: a.name };
  if (a.jurisdiction) o.jurisdiction = a.jurisdiction;
  if (a.callbackUrl) o.callbackUrl = a.callbackUrl;
  if (a.identifiers) o.identifiers = a.identifiers.map(i => ({ ...i }));
  return o;
}
