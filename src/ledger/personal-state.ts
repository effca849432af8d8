/**
 * Personal data inside a consignment's projection. The projection row is not part of the hash
 * chain, but it is stored too, so personal values are kept out of its JSON the same way as
 * out of event payloads: redacted in place, sealed under the consignment's key beside it.
 */
import { PERSONAL_MARKER, fromPointer, toPointer, type PersonalData } from './personal-data.js';

/** Parties that are natural persons unless they say they are organisations. */
const PERSON_KEYS = new Set(['buyer', 'consignee', 'payer']);
/** Parties that are organisations unless they say they are persons. */
const ORGANISATION_KEYS = new Set(['seller', 'consignor', 'payee', 'carrier', 'declarant']);
const FIELDS = ['name', 'email', 'phone', 'url'];
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

/** Puts personal values back at their pointers (in place on a copy). */
export function mergePersonalState<T>(redacted: T, personal: PersonalData | null): T {
  if (!personal) return redacted;
  const copy = structuredClone(redacted) as unknown;
  for (const [pointer, value] of Object.entries(personal)) {
    const path = fromPointer(pointer);
    let node: unknown = copy;
    for (let i = 0; i < path.length - 1 && typeof node === 'object' && node !== null; i++) node = (node as Record<string, unknown>)[path[i]];
    if (typeof node === 'object' && node !== null) (node as Record<string, unknown>)[path[path.length - 1]] = value;
  }
  return copy as T;
}
