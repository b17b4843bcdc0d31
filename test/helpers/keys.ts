/**
 * Test keys: a published RSA-2048 test key (test/fixtures/test-rsa-2048.key) and the published
 * demo key pair (RSA-4096). Fixed files rather than keys made at test time: an RSA key takes a
 * tenth of a second to a second to make, at random, in every test process that asks for one.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { controllerKeyPair, type ControllerKeyPair } from '../../src/secrets/controller-key.js';

/** A fixed clock inside every test certificate's validity. */
export const NOW = new Date('2026-06-01T12:00:00Z');

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** The RSA-2048 test key (PKCS#8 PEM): it decrypts what TEST_CERT_PATH seals. */
export const testPrivateKey = () => readFileSync(fixture('test-rsa-2048.key'), 'utf8');

/**
 * The certificate tests seal with (test/fixtures/test-sealing.crt: the RSA-2048 test key,
 * controller-style, valid 2026-01-01 to 2035-12-30): decrypting with an RSA-2048 key takes a
 * fifth of the time RSA-4096 does, and tests decrypt hundreds of values.
 */
export const TEST_CERT_PATH = fixture('test-sealing.crt');

let rsa: { publicKey: KeyObject; privateKey: KeyObject } | undefined;
/** The RSA-2048 test key pair as KeyObjects. */
export function rsaKeys(): { publicKey: KeyObject; privateKey: KeyObject } {
  if (!rsa) {
    const privateKey = createPrivateKey(testPrivateKey());
    rsa = { privateKey, publicKey: createPublicKey(privateKey) };
  }
  return rsa;
}

/** A controller key pair (certificate valid from 2026-01-01) for the RSA-2048 test key. */
export function testKeyPair(): Promise<ControllerKeyPair> {
  return Promise.resolve(controllerKeyPair(rsaKeys(), new Date('2026-01-01T00:00:00Z')));
}

export const DEMO_CERT_PATH = fixture('demo-sealing.crt');
const DEMO_KEY_PATH = fixture('demo-sealing.key');
export const demoCertificate = () => readFileSync(DEMO_CERT_PATH, 'utf8');
export const demoPrivateKey = () => readFileSync(DEMO_KEY_PATH, 'utf8');

/**
 * --new-controller-key for in-process runs (io.newControllerKeyPair): the controller's certificate,
 * made at `now`, for the published demo RSA-4096 key instead of a new one, whose generation takes
 * a CPU-second or more. Generation itself is tested by the built CLI's runs with
 * --new-controller-key (test/integration/commands/init.test.ts, test/pty/).
 */
export function demoControllerKeyPair(now: Date): Promise<ControllerKeyPair> {
  const privateKey = createPrivateKey(demoPrivateKey());
  return Promise.resolve(controllerKeyPair({ privateKey, publicKey: createPublicKey(privateKey) }, now));
}
