/** Reading the sealing certificate from a file or an http(s)/file URL, as kubeseal's `--cert` does. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { EnvironmentError, UserError } from '../core/errors.js';
import { certificateField } from '../secrets/key.js';

/** Certificates are small; anything larger is not one. */
const MAX_CERT_BYTES = 256 * 1024;

/**
 * Read a certificate from a file path or an http(s)/file URL, as kubeseal's `--cert` does
 * (github.com/bitnami-labs/sealed-secrets cmd/kubeseal/main.go, `--cert` takes a file or a URL).
 * Returns the PEM text; parse it with `parseSealingKey(text, '--cert <spec>', now)`.
 */
export async function loadCertificate(spec: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  const field = certificateField(spec);
  if (/^https?:\/\//i.test(spec)) return fetchText(spec, field, fetchImpl);
  const path = /^file:/i.test(spec) ? fileURLToPath(spec) : spec;
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    throw new UserError(
      field,
      `cannot read the file (${errorCode(error)})`,
      'a readable PEM file, or an http(s)/file URL',
    );
  }
  if (data.length > MAX_CERT_BYTES) throw new UserError(field, 'file too large for a certificate');
  return data.toString('utf8');
}

async function fetchText(url: string, field: string, fetchImpl: typeof fetch): Promise<string> {
  let response: Response;
  try {
    response = await fetchImpl(url, { redirect: 'follow', signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new EnvironmentError(`${field}: cannot fetch the certificate (${(error as Error).message.split('\n')[0]})`);
  }
  if (!response.ok)
    throw new UserError(field, `the server answered HTTP ${response.status}`, 'a URL that serves the certificate PEM');
  const text = await response.text();
  if (text.length > MAX_CERT_BYTES) throw new UserError(field, 'response too large for a certificate');
  return text;
}

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? 'unreadable';
}
