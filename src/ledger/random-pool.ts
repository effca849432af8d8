import { randomFillSync } from 'node:crypto';

/**
 * Cryptographically random bytes from a pool refilled 64 KiB at a time: a system call per
 * key, nonce and salt cost more than the encryption itself on the hot path. The bytes are
 * copied out, so no two callers ever share them.
 */
const POOL_SIZE = 64 * 1024;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

export function randomBytesFast(size: number): Buffer {
  if (size > POOL_SIZE) return randomFillSync(Buffer.allocUnsafe(size));
  if (offset + size > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = Buffer.from(pool.subarray(offset, offset + size));
  // Never hand the same bytes out twice.
  pool.fill(0, offset, offset + size);
  offset += size;
  return out;
}
