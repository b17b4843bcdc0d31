import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { writeControllerKey } from '../../../src/io/controller-key.js';
import { CONTROLLER_KEY_TTL_MS, selfSignedCertificate } from '../../../src/secrets/controller-key.js';
import { parseSealingKey } from '../../../src/secrets/key.js';
import { demoCertificate, demoPrivateKey, testKeyPair } from '../../helpers/keys.js';

describe('generateControllerKeyPair', () => {
  it('makes a self-signed certificate shaped like the controller’s', async () => {
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

describe('writeControllerKey', () => {
  it('writes key 0600 and certificate outside the repository and returns the load commands', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ck-'));
    const repo = join(root, 'repo');
    mkdirSync(repo);
    const keyPair = await testKeyPair();
    const written = await writeControllerKey(join(root, 'keys'), { targetRepo: repo, keyPair });
    expect(statSync(written.keyPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(written.keyPath, 'utf8')).toBe(keyPair.privateKeyPem);
    expect(readFileSync(written.certPath, 'utf8')).toBe(keyPair.certificatePem);
    expect(written.commands).toEqual([
      `kubectl -n kube-system create secret tls sealed-secrets-key-gitops --cert=${written.certPath} --key=${written.keyPath}`,
      'kubectl -n kube-system label secret sealed-secrets-key-gitops sealedsecrets.bitnami.com/sealed-secrets-key=active',
      'kubectl -n kube-system rollout restart deployment/sealed-secrets-controller',
    ]);
  });

  it('uses the given controller name and namespace', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ck-'));
    const written = await writeControllerKey(join(root, 'k'), {
      targetRepo: join(root, 'repo'),
      keyPair: await testKeyPair(),
      controllerName: 'sealed-secrets',
      controllerNamespace: 'sealed-secrets',
    });
    expect(written.commands[2]).toBe('kubectl -n sealed-secrets rollout restart deployment/sealed-secrets');
  });

  it('refuses a directory inside the target repository, also through a symlink', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ck-'));
    const repo = join(root, 'repo');
    mkdirSync(repo);
    symlinkSync(repo, join(root, 'link'));
    const keyPair = await testKeyPair();
    for (const dir of [repo, join(repo, 'keys'), join(root, 'link', 'nested', 'keys')]) {
      const attempt = writeControllerKey(dir, { targetRepo: repo, keyPair });
      await expect(attempt).rejects.toBeInstanceOf(UserError);
      await expect(writeControllerKey(dir, { targetRepo: repo, keyPair })).rejects.toThrow(
        /^--new-controller-key .*: is inside the target repository/,
      );
    }
    expect(existsSync(join(repo, 'keys'))).toBe(false);
  });

  it('never overwrites an existing key', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ck-'));
    mkdirSync(join(root, 'keys'));
    writeFileSync(join(root, 'keys', 'sealed-secrets.key'), 'old backup');
    await expect(
      writeControllerKey(join(root, 'keys'), { targetRepo: join(root, 'repo'), keyPair: await testKeyPair() }),
    ).rejects.toThrow(/already holds sealed-secrets\.key/);
    expect(readFileSync(join(root, 'keys', 'sealed-secrets.key'), 'utf8')).toBe('old backup');
  });
});
