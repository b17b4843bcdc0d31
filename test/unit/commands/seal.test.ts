import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/cli.js';
import { exitCodeOf, formatError, UserError } from '../../../src/core/errors.js';
import { runSeal } from '../../../src/commands/seal.js';
import { selfSignedCertificate } from '../../../src/secrets/controller-key.js';
import { seededRandom } from '../../../src/core/random.js';
import { NOW, rsaKeys, TEST_CERT_PATH, testPrivateKey } from '../../helpers/keys.js';
import { unseal } from '../../helpers/unseal.js';

const SECRET_VALUE = 'pl41n-t3xt-v4lue';

function harness(stdinText = '') {
  const dir = tempDir('seal-cmd-');
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const io = {
    stdin: Readable.from([stdinText]),
    stdout,
    stderr,
    env: { PATH: join(dir, 'no-bin') },
    cwd: dir,
    now: NOW,
    random: seededRandom('cmd'),
  };
  return { dir, io, out: () => out, err: () => err };
}

describe('runSeal with the built-in sealer', () => {
  it('seals literals to stdout as ordered YAML that decrypts', async () => {
    const h = harness();
    const code = await runSeal(
      [
        '--from-literal',
        `PASSWORD=${SECRET_VALUE}`,
        '--from-literal',
        'USER=inngest',
        '--name',
        'db',
        '--namespace',
        'inngest',
        '--cert',
        TEST_CERT_PATH,
      ],
      h.io,
    );
    expect(code).toBe(0);
    const text = h.out();
    expect(text.split('\n').slice(0, 2)).toEqual(['apiVersion: bitnami.com/v1alpha1', 'kind: SealedSecret']);
    expect(text.indexOf('metadata:')).toBeLessThan(text.indexOf('spec:'));
    expect(text).not.toContain(SECRET_VALUE);
    const doc = parse(text);
    expect(unseal(doc, testPrivateKey())).toEqual({ PASSWORD: SECRET_VALUE, USER: 'inngest' });
    expect(doc.spec.template.type).toBe('Opaque');
    expect(h.err()).toBe('');
  });

  it('seals a manifest from stdin with a scope, and writes -o atomically', async () => {
    const h = harness(
      `apiVersion: v1\nkind: Secret\nmetadata: {name: app, namespace: prod}\nstringData: {TOKEN: "${SECRET_VALUE}"}\n`,
    );
    const outFile = join(h.dir, 'sealed.yaml');
    await runSeal(['-', '--scope', 'cluster-wide', '--cert', TEST_CERT_PATH, '-o', outFile], h.io);
    expect(h.out()).toBe('');
    const doc = parse(readFileSync(outFile, 'utf8'));
    expect(doc.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/cluster-wide': 'true' });
    expect(unseal(doc, testPrivateKey())).toEqual({ TOKEN: SECRET_VALUE });
    expect(readdirSync(h.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reads --from-env-file', async () => {
    const h = harness();
    const envFile = join(h.dir, 'app.env');
    writeFileSync(envFile, `# comment\nA=${SECRET_VALUE}\n\nB=x=y\n`);
    await runSeal(
      ['--from-env-file', envFile, '--name', 'app', '--namespace', 'inngest', '--cert', TEST_CERT_PATH],
      h.io,
    );
    expect(unseal(parse(h.out()), testPrivateKey())).toEqual({ A: SECRET_VALUE, B: 'x=y' });
  });

  it('prints help', async () => {
    const h = harness();
    expect(await runSeal(['--help'], h.io)).toBe(0);
    expect(h.out()).toMatch(/^Usage: create-inngest-gitops seal/);
  });
});

describe('runSeal with kubeseal on PATH', () => {
  it('uses kubeseal by default and passes the Secret on stdin', async () => {
    const h = harness();
    const bin = join(h.dir, 'bin');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'kubeseal'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${h.dir}/argv"\ncat > "${h.dir}/stdin"\nprintf -- '---\\napiVersion: bitnami.com/v1alpha1\\nkind: SealedSecret\\nmetadata: {name: db, namespace: inngest}\\nspec: {encryptedData: {K: AgB=}}\\n'\n`,
    );
    chmodSync(join(bin, 'kubeseal'), 0o755);
    await runSeal(['--from-literal', `K=${SECRET_VALUE}`, '--name', 'db', '--namespace', 'inngest'], {
      ...h.io,
      env: { PATH: `${bin}:/usr/bin:/bin` },
    });
    expect(readFileSync(join(h.dir, 'argv'), 'utf8').trim().split('\n')).toEqual([
      '--format',
      'yaml',
      '--scope',
      'strict',
      '--controller-name',
      'sealed-secrets-controller',
      '--controller-namespace',
      'kube-system',
    ]);
    const stdin = JSON.parse(readFileSync(join(h.dir, 'stdin'), 'utf8'));
    expect(Buffer.from(stdin.data.K, 'base64').toString()).toBe(SECRET_VALUE);
    expect(parse(h.out()).spec.encryptedData).toEqual({ K: 'AgB=' });
  });
});

describe('runSeal rejects bad input', () => {
  const { publicKey: ecKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rsa = rsaKeys();
  const expired = selfSignedCertificate({
    ...rsa,
    commonName: 'old',
    notBefore: new Date('2015-01-01T00:00:00Z'),
    notAfter: new Date('2025-01-01T00:00:00Z'),
  });

  const cases: Array<[string, (dir: string) => string[], RegExp]> = [
    ['missing certificate', () => [], /^--cert: no sealing certificate \(/],
    [
      'unreadable certificate',
      (dir) => ['--cert', join(dir, 'nope.crt')],
      /^--cert .*nope\.crt: cannot be read \(ENOENT\)/,
    ],
    [
      'expired certificate',
      (dir) => ['--cert', file(dir, 'old.crt', expired)],
      /^--cert .*old\.crt: certificate expired on 2025-01-01/,
    ],
    [
      'EC key',
      (dir) => ['--cert', file(dir, 'ec.pem', ecKey.export({ type: 'spki', format: 'pem' }).toString())],
      /^--cert .*ec\.pem: the key is ec, not RSA/,
    ],
    [
      'literal without =',
      () => ['--cert', TEST_CERT_PATH, '--from-literal', SECRET_VALUE],
      /^--from-literal: argument 2 has no "="/,
    ],
    [
      'name not a DNS subdomain',
      () => ['--cert', TEST_CERT_PATH, '--name', 'Bad_Name'],
      /^--name: "Bad_Name" is not a DNS-1123 subdomain/,
    ],
    ['unknown flag', () => ['--cert', TEST_CERT_PATH, `--bogus=${SECRET_VALUE}`], /^--bogus: unknown option/],
    [
      'bad scope',
      () => ['--cert', TEST_CERT_PATH, '--scope', 'global'],
      /^--scope: unknown scope "global" \(strict \| namespace-wide \| cluster-wide\)/,
    ],
  ];

  function file(dir: string, name: string, text: string): string {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  }

  it.each(cases)('%s', async (_label, extra, message) => {
    const h = harness();
    const outFile = join(h.dir, 'out.yaml');
    const base = ['--from-literal', `TOKEN=${SECRET_VALUE}`, '--name', 'db', '--namespace', 'inngest', '-o', outFile];
    const args = [...base, ...extra(h.dir)];
    // later --name wins in parseArgs, so the bad-name case overrides 'db'
    let error: unknown;
    try {
      await runSeal(args, h.io);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect(exitCodeOf(error)).toBe(2);
    const text = (error as Error).message;
    expect(text).toMatch(message);
    expect(text.split('\n')).toHaveLength(1);
    expect(formatError(error, false)).toBe(`error: ${text}`);
    expect(text).not.toContain(SECRET_VALUE);
    expect(existsSync(outFile)).toBe(false);
    expect(h.out()).toBe('');
    expect(h.err()).toBe('');
  });
});
