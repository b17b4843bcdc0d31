import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/cli.js';
import { UserError } from '../../../src/core/errors.js';
import { writeControllerKey } from '../../../src/io/controller-key.js';
import { testKeyPair } from '../../helpers/keys.js';

describe('writeControllerKey', () => {
  it('writes key 0600 and certificate outside the repository and returns the load commands', async () => {
    const root = tempDir('ck-');
    const repo = join(root, 'repo');
    mkdirSync(repo);
    const keyPair = await testKeyPair();
    const written = await writeControllerKey(join(root, 'keys'), { targetRepo: repo, keyPair, home: '/nowhere' });
    expect(statSync(written.keyPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(written.keyPath, 'utf8')).toBe(keyPair.privateKeyPem);
    expect(readFileSync(written.certPath, 'utf8')).toBe(keyPair.certificatePem);
    // Loaded before the controller first starts: no restart of a controller that does not exist yet.
    expect(written.commands).toEqual([
      `kubectl -n kube-system create secret tls sealed-secrets-key-gitops --cert=${written.certPath} --key=${written.keyPath}`,
      'kubectl -n kube-system label secret sealed-secrets-key-gitops sealedsecrets.bitnami.com/sealed-secrets-key=active',
    ]);
  });

  it('names a folder under home as $HOME/…, and creates another controller namespace first', async () => {
    const home = tempDir('ck-home-');
    const written = await writeControllerKey(join(home, '.config/inngest-gitops/acme'), {
      targetRepo: join(home, 'repo'),
      keyPair: await testKeyPair(),
      controllerNamespace: 'sealed-secrets',
      home,
    });
    expect(written.folder).toBe('~/.config/inngest-gitops/acme');
    expect(written.commands).toEqual([
      'kubectl create namespace sealed-secrets',
      'kubectl -n sealed-secrets create secret tls sealed-secrets-key-gitops --cert="$HOME/.config/inngest-gitops/acme/sealed-secrets.crt" --key="$HOME/.config/inngest-gitops/acme/sealed-secrets.key"',
      'kubectl -n sealed-secrets label secret sealed-secrets-key-gitops sealedsecrets.bitnami.com/sealed-secrets-key=active',
    ]);
  });

  it('refuses a directory inside the target repository, also through a symlink', async () => {
    const root = tempDir('ck-');
    const repo = join(root, 'repo');
    mkdirSync(repo);
    symlinkSync(repo, join(root, 'link'));
    const keyPair = await testKeyPair();
    for (const dir of [repo, join(repo, 'keys'), join(root, 'link', 'nested', 'keys')]) {
      const attempt = writeControllerKey(dir, { targetRepo: repo, keyPair, home: root });
      await expect(attempt).rejects.toBeInstanceOf(UserError);
      await expect(writeControllerKey(dir, { targetRepo: repo, keyPair, home: root })).rejects.toThrow(
        /^--new-controller-key .*: is inside the target repository/,
      );
    }
    expect(existsSync(join(repo, 'keys'))).toBe(false);
  });

  it('never overwrites an existing key', async () => {
    const root = tempDir('ck-');
    mkdirSync(join(root, 'keys'));
    writeFileSync(join(root, 'keys', 'sealed-secrets.key'), 'old backup');
    await expect(
      writeControllerKey(join(root, 'keys'), {
        targetRepo: join(root, 'repo'),
        keyPair: await testKeyPair(),
        home: root,
      }),
    ).rejects.toThrow(/already holds sealed-secrets\.key/);
    expect(readFileSync(join(root, 'keys', 'sealed-secrets.key'), 'utf8')).toBe('old backup');
  });
});
