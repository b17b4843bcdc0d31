import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/cli.js';
import { UserError } from '../../../src/core/errors.js';
import { loadCertificate } from '../../../src/io/certificate.js';
import { DEMO_CERT_PATH, demoCertificate } from '../../helpers/keys.js';

describe('loadCertificate', () => {
  it('reads a path and a file URL', async () => {
    expect(await loadCertificate(DEMO_CERT_PATH)).toBe(demoCertificate());
    expect(await loadCertificate(pathToFileURL(DEMO_CERT_PATH).href)).toBe(demoCertificate());
  });

  it('fetches an http(s) URL', async () => {
    const fake = (async () => new Response(demoCertificate())) as unknown as typeof fetch;
    expect(await loadCertificate('https://sealed-secrets.example/v1/cert.pem', fake)).toBe(demoCertificate());
    const notFound = (async () => new Response('nope', { status: 404 })) as unknown as typeof fetch;
    await expect(loadCertificate('https://x.example/cert.pem', notFound)).rejects.toThrow(/HTTP 404/);
  });

  it('turns an unreadable file into a UserError naming --cert', async () => {
    const dir = tempDir('cert-');
    const missing = join(dir, 'missing.crt');
    await expect(loadCertificate(missing)).rejects.toThrow(UserError);
    await expect(loadCertificate(missing)).rejects.toThrow(`--cert ${missing}: cannot be read (ENOENT)`);
    writeFileSync(join(dir, 'ok.crt'), demoCertificate());
    expect(await loadCertificate(join(dir, 'ok.crt'))).toContain('BEGIN CERTIFICATE');
  });
});
