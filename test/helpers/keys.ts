/** Test keys, made at test time (2048-bit for speed) plus the published demo key pair. */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  controllerKeyPair,
  generateControllerKeyPair,
  type ControllerKeyPair,
} from '../../src/secrets/controller-key.js';

/** A fixed clock inside every test certificate's validity. */
export const NOW = new Date('2026-06-01T12:00:00Z');

let cached: Promise<ControllerKeyPair> | undefined;
export function testKeyPair(): Promise<ControllerKeyPair> {
  cached ??= generateControllerKeyPair(new Date('2026-01-01T00:00:00Z'), { bits: 2048 });
  return cached;
}

let rsa: { publicKey: KeyObject; privateKey: KeyObject } | undefined;
/** An RSA-2048 key pair as KeyObjects, made once per test worker. */
export function rsaKeys(): { publicKey: KeyObject; privateKey: KeyObject } {
  rsa ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  return rsa;
}

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
export const DEMO_CERT_PATH = fixture('demo-sealing.crt');
const DEMO_KEY_PATH = fixture('demo-sealing.key');
export const demoCertificate = () => readFileSync(DEMO_CERT_PATH, 'utf8');
export const demoPrivateKey = () => readFileSync(DEMO_KEY_PATH, 'utf8');

/**
 * --new-controller-key for in-process runs (io.newControllerKeyPair): the controller's certificate,
 * made at `now`, for the published demo RSA-4096 key instead of a new one, whose generation takes
 * a CPU-second or more. Generation itself is tested by test/unit/secrets/controller-key.test.ts
 * and by every built-CLI run with --new-controller-key.
 */
export function demoControllerKeyPair(now: Date): Promise<ControllerKeyPair> {
  const privateKey = createPrivateKey(demoPrivateKey());
  return Promise.resolve(controllerKeyPair({ privateKey, publicKey: createPublicKey(privateKey) }, now));
}
