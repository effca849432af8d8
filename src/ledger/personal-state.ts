/**
 * Personal data inside a consignment's state, for views that must not show it (roles that may
 * not read personal data): redacted in place, the values returned apart by JSON pointer.
 */
import { PERSONAL_MARKER, toPointer, type PersonalData } from './personal-data.js';

/** Parties that are natural persons unless they say they are organisations. */
const PERSON_KEYS = new Set(['buyer', 'consignee', 'payer']);
/** Parties that are organisations unless they say they are persons. */
const ORGANISATION_KEYS = new Set(['seller', 'consignor', 'payee', 'carrier', 'declarant']);
const FIELDS = ['name', 'email', 'phone', 'url', 'identifiers'];
const ADDRESS_FIELDS = ['street', 'city', 'postcode'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns a redacted deep copy and the personal values by JSON pointer (null when none). */
export function splitPersonalState<T>(value: T): { redacted: T; personal: PersonalData | null } {
  const personal: PersonalData = {};
  const walk = (node: unknown, path: string[]): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, String(i)]));
    if (!isObject(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      const childPath = [...path, key];
      const isPerson = isObject(child) && ((PERSON_KEYS.has(key) && child.kind !== 'organisation') || (ORGANISATION_KEYS.has(key) && child.kind === 'person'));
      if (isPerson) {
        const party: Record<string, unknown> = { ...(child as Record<string, unknown>) };
        for (const field of FIELDS) {
          if (party[field] !== undefined && party[field] !== PERSONAL_MARKER) { personal[toPointer([...childPath, field])] = party[field]; party[field] = PERSONAL_MARKER; }
        }
        if (isObject(party.address)) {
          const address = { ...party.address };
          for (const field of ADDRESS_FIELDS) {
            if (address[field] !== undefined && address[field] !== PERSONAL_MARKER) { personal[toPointer([...childPath, 'address', field])] = address[field]; address[field] = PERSONAL_MARKER; }
          }
          party.address = address;
        }
        out[key] = walk(party, childPath);
      } else {
        out[key] = walk(child, childPath);
      }
    }
    return out;
  };
  const redacted = walk(value, []) as T;
  return { redacted, personal: Object.keys(personal).length ? personal : null };
}
