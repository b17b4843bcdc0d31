import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/cli.js';
import { EnvironmentError } from '../../../src/core/errors.js';
import { fetchCertificate, findOnPath, sealWithKubeseal } from '../../../src/io/kubeseal.js';

const CANNED = `---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  creationTimestamp: null
  name: db
  namespace: inngest
spec:
  encryptedData:
    password: AgBcanned==
  template:
    metadata:
      creationTimestamp: null
      name: db
      namespace: inngest
`;

const MANIFEST = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'inngest' },
  stringData: { password: 'plain-s3cret' },
});

let dir: string;
let env: NodeJS.ProcessEnv;

/** A stand-in kubeseal: records argv (one per line) and stdin, then prints the canned output or fails. */
function installStandIn(mode: 'ok' | 'fail'): void {
  const script = `#!/bin/sh
printf '%s\\n' "$@" > "${dir}/argv"
cat > "${dir}/stdin"
if [ "${mode}" = fail ]; then
  echo 'error: cannot fetch certificate: services "sealed-secrets-controller" not found' >&2
  echo 'second line' >&2
  exit 1
fi
cat "${dir}/canned.yaml"
`;
  writeFileSync(join(dir, 'canned.yaml'), CANNED);
  writeFileSync(join(dir, 'kubeseal'), script);
  chmodSync(join(dir, 'kubeseal'), 0o755);
}

beforeEach(() => {
  dir = tempDir('kubeseal-');
  env = { ...process.env, PATH: [dir, process.env.PATH ?? ''].join(delimiter) };
});

const argv = () => readFileSync(join(dir, 'argv'), 'utf8').trimEnd().split('\n');

describe('findOnPath', () => {
  it('finds an executable and ignores a non-executable file', () => {
    installStandIn('ok');
    expect(findOnPath('kubeseal', env)).toBe(join(dir, 'kubeseal'));
    chmodSync(join(dir, 'kubeseal'), 0o644);
    expect(findOnPath('kubeseal', { PATH: dir })).toBeUndefined();
    expect(findOnPath('kubeseal', {})).toBeUndefined();
  });
});

describe('sealWithKubeseal', () => {
  it('passes the manifest on stdin with --cert and --scope, and parses stdout', () => {
    installStandIn('ok');
    const sealed = sealWithKubeseal(MANIFEST, {
      cert: '/keys/cert.pem',
      scope: 'namespace-wide',
      controllerName: 'x',
      controllerNamespace: 'y',
      env,
    });
    expect(argv()).toEqual(['--format', 'yaml', '--scope', 'namespace-wide', '--cert', '/keys/cert.pem']);
    expect(readFileSync(join(dir, 'stdin'), 'utf8')).toBe(MANIFEST);
    expect(sealed.spec.encryptedData).toEqual({ password: 'AgBcanned==' });
    expect(sealed.metadata?.name).toBe('db');
    expect(sealed.toJSON()).toMatchObject({ apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret' });
  });

  it('asks the controller when there is no certificate', () => {
    installStandIn('ok');
    sealWithKubeseal(MANIFEST, {
      scope: 'strict',
      controllerName: 'sealed-secrets',
      controllerNamespace: 'sealed-secrets',
      env,
    });
    expect(argv()).toEqual([
      '--format',
      'yaml',
      '--scope',
      'strict',
      '--controller-name',
      'sealed-secrets',
      '--controller-namespace',
      'sealed-secrets',
    ]);
  });

  it('reports the first stderr line, never stdin', () => {
    installStandIn('fail');
    let error: unknown;
    try {
      sealWithKubeseal(MANIFEST, { scope: 'strict', controllerName: 'a', controllerNamespace: 'b', env });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    const message = (error as Error).message;
    expect(message).toBe(
      'kubeseal failed: error: cannot fetch certificate: services "sealed-secrets-controller" not found',
    );
    expect(message).not.toContain('plain-s3cret');
  });

  it('says so when kubeseal is missing', () => {
    expect(() =>
      sealWithKubeseal(MANIFEST, {
        scope: 'strict',
        controllerName: 'a',
        controllerNamespace: 'b',
        env: { PATH: dir },
      }),
    ).toThrow(/kubeseal not found on PATH/);
  });
});

describe('fetchCertificate', () => {
  it('runs kubeseal --fetch-cert with the controller flags', () => {
    installStandIn('ok');
    expect(
      fetchCertificate({ controllerName: 'sealed-secrets-controller', controllerNamespace: 'kube-system', env }),
    ).toBe(CANNED);
    expect(argv()).toEqual([
      '--fetch-cert',
      '--controller-name',
      'sealed-secrets-controller',
      '--controller-namespace',
      'kube-system',
    ]);
  });

  it('on failure points at the Helm chart controller name', () => {
    installStandIn('fail');
    expect(() =>
      fetchCertificate({ controllerName: 'sealed-secrets-controller', controllerNamespace: 'kube-system', env }),
    ).toThrow(
      /The Helm chart names it sealed-secrets \(try --controller-name sealed-secrets\); the default is sealed-secrets-controller in kube-system/,
    );
  });
});
