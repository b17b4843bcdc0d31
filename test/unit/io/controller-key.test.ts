import { mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { writeControllerKey } from '../../../src/io/controller-key.js';
import { testKeyPair } from '../../helpers/keys.js';

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
