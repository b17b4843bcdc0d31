/**
 * Generated secret values. All randomness comes from the injected RandomSource.
 */
import type { RandomSource } from '../core/random.js';

/**
 * An Inngest event or signing key: 32 random bytes as bare lowercase hex (64 characters).
 * Never with a `signkey-` prefix: `inngest start` rejects a signing key of odd length or that is
 * not hex (github.com/inngest/inngest cmd/start/start.go, pkg/authn/signing_key_strategy.go), and
 * `signkey-prod-` plus 64 hex characters is odd. Same as `openssl rand -hex 32`.
 */
export function hexKey(random: RandomSource): string {
  return random.bytes(32).toString('hex');
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A password of `[A-Za-z0-9]` only, so it can be placed in postgres:// and redis:// URIs
 * without percent-encoding. Unbiased: bytes >= 248 (the largest multiple of 62 below 256)
 * are rejected and redrawn. 32 characters carry about 190 bits.
 */
export function urlSafePassword(random: RandomSource, length = 32): string {
  if (!Number.isInteger(length) || length < 16 || length > 1024)
    throw new RangeError('password length must be an integer from 16 to 1024');
  const limit = 256 - (256 % ALPHANUMERIC.length);
  let out = '';
  while (out.length < length) {
    for (const byte of random.bytes(length - out.length + 8)) {
      if (byte < limit && out.length < length) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
    }
  }
  return out;
}
