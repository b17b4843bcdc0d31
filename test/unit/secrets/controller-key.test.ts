import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CONTROLLER_KEY_TTL_MS, selfSignedCertificate } from '../../../src/secrets/controller-key.js';
import { parseSealingKey } from '../../../src/secrets/key.js';
import { demoCertificate, demoPrivateKey, testKeyPair } from '../../helpers/keys.js';

describe('controllerKeyPair', () => {
  // Making the key itself (RSA-4096, a CPU-second or more) is tested through the built CLI:
  // test/integration/commands/init.test.ts, --new-controller-key.
  it('certifies a key with a self-signed certificate shaped like the controller’s', async () => {
    const pair = await testKeyPair();
    const cert = new X509Certificate(pair.certificatePem);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.subject ?? '').toBe('');
    expect(pair.notAfter.getTime() - pair.notBefore.getTime()).toBe(CONTROLLER_KEY_TTL_MS);
    expect(new Date(cert.validTo).getTime()).toBe(pair.notAfter.getTime());
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    const derived = createPublicKey(createPrivateKey(pair.privateKeyPem)).export({ type: 'spki', format: 'der' });
    expect(derived.equals(cert.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
  });

  it('encodes exactly what the ASN.1 library encoded: the demo certificate is rebuilt byte for byte', () => {
    // test/fixtures/demo-sealing.crt was made with @peculiar/asn1-x509; PKCS#1 v1.5 signatures are
    // deterministic, so the same key, serial, dates and name must give the same bytes.
    const demo = new X509Certificate(demoCertificate());
    const privateKey = createPrivateKey(demoPrivateKey());
    const rebuilt = selfSignedCertificate({
      publicKey: createPublicKey(privateKey),
      privateKey,
      notBefore: new Date(demo.validFrom),
      notAfter: new Date(demo.validTo),
      commonName: demo.subject.replace(/^CN=/, ''),
      serialNumber: Buffer.from(demo.serialNumber, 'hex'),
    });
    expect(rebuilt).toBe(demoCertificate());
  });

  it('the published demo pair matches and is RSA-4096', () => {
    const cert = new X509Certificate(demoCertificate());
    expect(cert.subject).toContain('DO NOT USE');
    const derived = createPublicKey(createPrivateKey(demoPrivateKey())).export({ type: 'spki', format: 'der' });
    expect(derived.equals(cert.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
    expect(parseSealingKey(demoCertificate(), 'demo', new Date('2030-01-01')).modulusBits).toBe(4096);
  });
});
