import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { selfSignedCertificate } from '../../../src/secrets/controller-key.js';
import { parseSealingKey } from '../../../src/secrets/key.js';
import { NOW, demoCertificate, rsaKeys, testKeyPair } from '../../helpers/keys.js';

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('parseSealingKey', () => {
  it('accepts the controller-style certificate and reads its validity', () => {
    const key = parseSealingKey(demoCertificate(), '--cert demo.crt', NOW);
    expect(key.modulusBits).toBe(4096);
    expect(key.validity?.notAfter.toISOString()).toBe('2035-12-30T00:00:00.000Z');
  });

  it('accepts bare SPKI and PKCS#1 public keys', async () => {
    const { privateKeyPem } = await testKeyPair();
    const pub = createPublicKey(privateKeyPem);
    for (const type of ['spki', 'pkcs1'] as const) {
      const pem = pub.export({ type, format: 'pem' }).toString();
      expect(parseSealingKey(pem, 'k', NOW).modulusBits).toBe(2048);
    }
  });

  it('refuses an expired certificate, naming the source and the date', () => {
    const { publicKey, privateKey } = rsaKeys();
    const pem = selfSignedCertificate({
      publicKey,
      privateKey,
      commonName: 'old',
      notBefore: new Date('2015-01-01T00:00:00Z'),
      notAfter: new Date('2025-01-01T00:00:00Z'),
    });
    const error = userError(() => parseSealingKey(pem, '--cert old.crt', NOW));
    expect(error.message).toMatch(/^--cert old\.crt: certificate expired on 2025-01-01T00:00:00\.000Z/);
  });

  it('refuses a certificate that is not valid yet', () => {
    const { publicKey, privateKey } = rsaKeys();
    const pem = selfSignedCertificate({
      publicKey,
      privateKey,
      commonName: '',
      notBefore: new Date('2030-01-01T00:00:00Z'),
      notAfter: new Date('2040-01-01T00:00:00Z'),
    });
    expect(userError(() => parseSealingKey(pem, 'c', NOW)).message).toMatch(/not valid before 2030-01-01/);
  });

  it('refuses EC keys', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const error = userError(() => parseSealingKey(pem, '--cert ec.pem', NOW));
    expect(error.message).toMatch(/^--cert ec\.pem: the key is ec, not RSA/);
  });

  it('refuses garbage, broken PEM and private keys without echoing them', () => {
    expect(userError(() => parseSealingKey('hello', 's', NOW)).message).toMatch(/^s: not a PEM/);
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    expect(userError(() => parseSealingKey(broken, 's', NOW)).message).toMatch(/cannot be parsed/);
    const { privateKey } = rsaKeys();
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const error = userError(() => parseSealingKey(pem, 's', NOW));
    expect(error.message).toMatch(/private key/);
    expect(error.message).not.toContain(pem.split('\n')[1]);
  });
});

describe('certificateField', () => {
  it('keeps credentials of a certificate URL out of messages', async () => {
    const { certificateField } = await import('../../../src/secrets/key.js');
    expect(certificateField('https://user:s3cret@certs.example.com/cert.pem?token=abc')).toBe(
      '--cert https://certs.example.com/cert.pem',
    );
    expect(certificateField('certs/controller.pem')).toBe('--cert certs/controller.pem');
  });
});
