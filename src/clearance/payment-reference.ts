/**
 * The customs payment reference of a consignment under consumer collection: what the buyer (or
 * whoever pays for the buyer) quotes to a payment provider, and what the provider's `payment` of
 * duties must carry for customs to count it.
 *
 * Why a reference at all: a transport document number is printed on the parcel and an MRN has a
 * sequence, so either is easy to learn or guess; a payment recorded against one alone would let
 * any payment provider, or anyone holding such a key, mark someone else's duties paid and have
 * the goods released. The reference is an HMAC of the consignment id under the platform's secret
 * (never in the log): it is given only to the declarant's side (answer and consignment view) and
 * to officers, needs no storage, and a replay or a restart gives the same one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

// Crockford's base32: no I, L, O or U, so a reference read aloud or typed is not misread.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `LXP` and 16 base32 characters (80 bits of the HMAC), e.g. `LXP7K3M9Q2T5V8W1X4Y`. */
export function paymentReference(secret: Buffer, consignmentId: string): string {
  const mac = createHmac('sha256', secret).update('luxor/payment-reference/v1\n').update(consignmentId).digest();
  let bits = 0;
  let value = 0;
  let out = 'LXP';
  for (let i = 0; out.length < 19; i++) {
    value = (value << 8) | mac[i];
    bits += 8;
    while (bits >= 5 && out.length < 19) {
      bits -= 5;
      out += ALPHABET[(value >> bits) & 31];
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** As a person may type it: case, spaces and hyphens ignored, and O/I/L read as 0/1/1. */
export function normalisePaymentReference(text: string): string {
  return text.toUpperCase().replace(/[\s-]+/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** Whether `quoted` is this consignment's reference (compared in constant time). */
export function matchesPaymentReference(secret: Buffer, consignmentId: string, quoted: string): boolean {
  const expected = Buffer.from(paymentReference(secret, consignmentId));
  // 'LXP' itself contains an L: normalise only what follows the prefix.
  const given = quoted.toUpperCase().replace(/[\s-]+/g, '');
  const body = given.startsWith('LXP') ? 'LXP' + normalisePaymentReference(given.slice(3)) : normalisePaymentReference(given);
  const actual = Buffer.from(body);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
