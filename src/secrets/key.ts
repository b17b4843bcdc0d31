/**
 * The public half of a Sealed Secrets controller key, as the sealer needs it.
 *
 * The controller serves an X.509 certificate PEM at /v1/cert.pem (what `kubeseal --fetch-cert`
 * prints). kubeseal takes the first certificate of that PEM, requires an RSA key and refuses a
 * certificate outside its validity window: github.com/bitnami-labs/sealed-secrets
 * pkg/kubeseal/kubeseal.go `ParseKey`. A bare `PUBLIC KEY` (SPKI) or `RSA PUBLIC KEY` (PKCS#1)
 * PEM is accepted too, for users who keep only the key.
 */
import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { UserError } from '../core/errors.js';
import { redactUrl } from '../core/url.js';

export interface SealingKey {
  /** RSA public key used for RSA-OAEP. */
  readonly publicKey: KeyObject;
  /** Where the key came from, e.g. `--cert demo.crt`; used as the field of errors. */
  readonly source: string;
  /** RSA modulus size in bits (4096 for the controller's default `--key-size`). */
  readonly modulusBits: number;
  /** Present when the key came from a certificate. */
  readonly validity?: { readonly notBefore: Date; readonly notAfter: Date };
}

/**
 * Smaller keys are breakable (NIST SP 800-57: 2048 bits for RSA), and below ~800 bits RSA-OAEP
 * SHA-256 cannot carry the 32-byte session key at all.
 */
const MIN_MODULUS_BITS = 2048;

const ALLOWED = 'a CERTIFICATE PEM from `kubeseal --fetch-cert`, or a PUBLIC KEY / RSA PUBLIC KEY PEM';
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/;

/** Parse and check a sealing key. Pure apart from the clock, which is passed in. */
export function parseSealingKey(pem: string, source: string, now: Date): SealingKey {
  const block = PEM_BLOCK.exec(pem);
  if (!block) throw new UserError(source, 'not a PEM certificate or public key', ALLOWED);
  const label = block[1] ?? '';
  if (label === 'CERTIFICATE') return fromCertificate(block[0], source, now);
  if (label === 'PUBLIC KEY' || label === 'RSA PUBLIC KEY') {
    return checkedRsa(parsePublicKey(block[0], source), source);
  }
  if (label.includes('PRIVATE KEY')) {
    throw new UserError(source, 'is a private key; never pass the private key to seal', ALLOWED);
  }
  throw new UserError(source, `unexpected PEM block "${label}"`, ALLOWED);
}

function fromCertificate(pem: string, source: string, now: Date): SealingKey {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new UserError(source, 'the certificate cannot be parsed', ALLOWED);
  }
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (now.getTime() > notAfter.getTime()) {
    throw new UserError(
      source,
      `certificate expired on ${isoDate(notAfter)}`,
      'fetch the current one with `kubeseal --fetch-cert`, or load a new key pair into the controller',
    );
  }
  if (now.getTime() < notBefore.getTime()) {
    throw new UserError(
      source,
      `certificate is not valid before ${isoDate(notBefore)}`,
      'check the clock of this machine',
    );
  }
  return { ...checkedRsa(cert.publicKey, source), validity: { notBefore, notAfter } };
}

function parsePublicKey(pem: string, source: string): KeyObject {
  try {
    return createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new UserError(source, 'the public key cannot be parsed', ALLOWED);
  }
}

function checkedRsa(publicKey: KeyObject, source: string): SealingKey {
  const type = publicKey.asymmetricKeyType;
  if (type !== 'rsa') {
    throw new UserError(
      source,
      `the key is ${type ?? 'unknown'}, not RSA`,
      'Sealed Secrets encrypts with RSA-OAEP only',
    );
  }
  const modulusBits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (modulusBits < MIN_MODULUS_BITS) {
    throw new UserError(
      source,
      `the RSA key has ${modulusBits} bits`,
      `at least ${MIN_MODULUS_BITS} bits; the controller makes 4096-bit keys (--key-size)`,
    );
  }
  return { publicKey, source, modulusBits };
}

function isoDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'an unreadable date' : date.toISOString();
}

/**
 * How a --cert value is named in messages: a URL loses its user:password@ and query string,
 * where access tokens tend to live, so no credential reaches the terminal or a CI log.
 */
export function certificateField(spec: string): string {
  return `--cert ${/^[a-z][a-z0-9+.-]*:\/\//i.test(spec) ? redactUrl(spec) : spec}`;
}
