/**
 * A new Sealed Secrets controller key pair, made offline ("bring your own certificates",
 * github.com/bitnami-labs/sealed-secrets docs/bring-your-own-certificates.md).
 *
 * Why: sealing needs only the certificate, so a repository can be sealed before the cluster
 * exists, and the private key written here is the backup a user needs to decrypt the repository's
 * SealedSecrets after a cluster rebuild.
 *
 * The key and certificate mirror what the controller generates itself
 * (github.com/bitnami-labs/sealed-secrets pkg/crypto/keys.go `SignKey`, defaults in
 * cmd/controller/main.go): RSA `--key-size` 4096, validity `--key-ttl` 10*365*24h from now,
 * subject CN from `--my-cn` (default empty, so an empty subject), a random 128-bit serial,
 * KeyUsage encipherOnly, BasicConstraints CA:true, self-signed with SHA256-RSA.
 *
 * Node's crypto cannot build certificates, so the DER is assembled by ./der.ts (RFC 5280 layout)
 * and signed with node:crypto.
 */
import { createHash, generateKeyPair, randomBytes, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import * as der from './der.js';

/** cmd/controller/main.go: `--key-size` default 4096. */
const CONTROLLER_KEY_BITS = 4096;
/** cmd/controller/main.go: `--key-ttl` default 10*365*24h. */
export const CONTROLLER_KEY_TTL_MS = 10 * 365 * 24 * 60 * 60 * 1000;

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const OID_COMMON_NAME = '2.5.4.3';
const ID_KEY_USAGE = '2.5.29.15';
const ID_BASIC_CONSTRAINTS = '2.5.29.19';
const ID_SUBJECT_KEY_IDENTIFIER = '2.5.29.14';

export interface ControllerKeyPair {
  /** PKCS#1 `RSA PRIVATE KEY` PEM, the form the controller itself stores as tls.key. */
  readonly privateKeyPem: string;
  readonly certificatePem: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface KeyPairOptions {
  /** RSA modulus size; tests use 2048 for speed. */
  bits?: number;
  /** Certificate lifetime in milliseconds. */
  validForMs?: number;
  /** Subject CN; empty (the controller's `--my-cn` default) gives an empty subject. */
  commonName?: string;
}

export async function generateControllerKeyPair(now: Date, options: KeyPairOptions = {}): Promise<ControllerKeyPair> {
  const bits = options.bits ?? CONTROLLER_KEY_BITS;
  const keys = await promisify(generateKeyPair)('rsa', {
    modulusLength: bits,
    publicExponent: 0x10001,
  });
  return controllerKeyPair(keys, now, options);
}

/** The controller's certificate for an RSA key, valid from now; the pair as it is written. */
export function controllerKeyPair(
  { publicKey, privateKey }: { publicKey: KeyObject; privateKey: KeyObject },
  now: Date,
  options: Omit<KeyPairOptions, 'bits'> = {},
): ControllerKeyPair {
  const notBefore = wholeSeconds(now);
  const notAfter = new Date(notBefore.getTime() + (options.validForMs ?? CONTROLLER_KEY_TTL_MS));
  const certificatePem = selfSignedCertificate({
    publicKey,
    privateKey,
    notBefore,
    notAfter,
    commonName: options.commonName ?? '',
  });
  const privateKeyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return { privateKeyPem, certificatePem, notBefore, notAfter };
}

interface CertificateParams {
  publicKey: KeyObject;
  privateKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  commonName: string;
  /** Fixed serial (big-endian bytes), for reproducing a certificate in tests; random otherwise. */
  serialNumber?: Buffer;
}

/** Build, sign and PEM-encode a self-signed certificate. Exported for tests (e.g. expired certificates). */
export function selfSignedCertificate(params: CertificateParams): string {
  const spki = params.publicKey.export({ type: 'spki', format: 'der' });
  const name = subjectName(params.commonName);
  const algorithm = der.sequence(der.objectIdentifier(SHA256_WITH_RSA), der.nullValue());
  const tbs = der.sequence(
    der.explicit(0, der.unsignedInteger(Buffer.from([2]))), // version v3
    der.unsignedInteger(params.serialNumber ?? serialNumber()),
    algorithm,
    name, // issuer: self-signed
    der.sequence(der.time(params.notBefore), der.time(params.notAfter)),
    name,
    spki,
    der.explicit(3, der.sequence(...certificateExtensions(params.publicKey))),
  );
  const signature = sign('sha256', tbs, params.privateKey);
  return toPem('CERTIFICATE', der.sequence(tbs, algorithm, der.bitString(signature)));
}

function certificateExtensions(publicKey: KeyObject): Buffer[] {
  // Go's x509.CreateCertificate marks KeyUsage and BasicConstraints critical and, for a CA,
  // derives the SubjectKeyId from the SHA-1 of the public key bits (RFC 5280 4.2.1.2 method 1):
  // for RSA those bits are the PKCS#1 RSAPublicKey.
  const keyId = createHash('sha1')
    .update(publicKey.export({ type: 'pkcs1', format: 'der' }))
    .digest();
  return [
    extension(ID_KEY_USAGE, true, der.bitString(Buffer.from([0x01]))), // encipherOnly, bit 7
    extension(ID_BASIC_CONSTRAINTS, true, der.sequence(der.boolean(true))), // cA
    extension(ID_SUBJECT_KEY_IDENTIFIER, false, der.octetString(keyId)),
  ];
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return der.sequence(der.objectIdentifier(id), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

function subjectName(commonName: string): Buffer {
  if (commonName === '') return der.sequence();
  return der.sequence(der.set(der.sequence(der.objectIdentifier(OID_COMMON_NAME), der.utf8String(commonName))));
}

/** A positive 127-bit serial (the controller uses a random value below 2^128). */
function serialNumber(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes;
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function toPem(label: string, der: Buffer): string {
  const body = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}
