/** Reading the sealing certificate from a file or an http(s)/file URL, as kubeseal's `--cert` does. */
import { fileURLToPath } from 'node:url';
import { EnvironmentError, UserError } from '../core/errors.js';
import { certificateField } from '../secrets/key.js';
import { readUserFile } from './user-file.js';

/** Certificates are small; anything larger is not one. */
const MAX_CERT_BYTES = 256 * 1024;
/** One limit for the whole fetch: connecting, the headers and the body. */
const FETCH_TIMEOUT_MS = 30_000;
const ALLOWED = 'a readable PEM file, or an http(s)/file URL';

/**
 * Read a certificate from a file path or an http(s)/file URL, as kubeseal's `--cert` does
 * (github.com/bitnami-labs/sealed-secrets cmd/kubeseal/main.go, `--cert` takes a file or a URL).
 * Returns the PEM text; parse it with `parseSealingKey(text, '--cert <spec>', now)`.
 */
export async function loadCertificate(
  spec: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = FETCH_TIMEOUT_MS,
): Promise<string> {
  const field = certificateField(spec);
  if (/^https?:\/\//i.test(spec)) {
    if (!URL.canParse(spec)) throw new UserError(field, 'is not a URL', ALLOWED);
    return fetchText(spec, field, fetchImpl, timeoutMs);
  }
  let path = spec;
  if (/^file:/i.test(spec)) {
    try {
      path = fileURLToPath(spec);
    } catch (error) {
      throw new UserError(field, `is not a file URL this system can open (${(error as Error).message})`, ALLOWED);
    }
  }
  return readUserFile(path, field, MAX_CERT_BYTES, ALLOWED).toString('utf8');
}

/**
 * The body is read as it streams and the fetch stops at MAX_CERT_BYTES, so an endless or huge
 * answer costs at most that much memory; one signal bounds the whole exchange in time.
 */
async function fetchText(url: string, field: string, fetchImpl: typeof fetch, timeoutMs: number): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const timedOut = () =>
    new EnvironmentError(
      `${field}: no complete answer within ${timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`} (is the URL reachable?)`,
    );
  try {
    let response: Response;
    try {
      const { href, headers } = withBasicAuth(url);
      response = await fetchImpl(href, { redirect: 'follow', signal: controller.signal, headers });
    } catch (error) {
      if (controller.signal.aborted) throw timedOut();
      throw new EnvironmentError(`${field}: cannot fetch the certificate (${reason(error)})`);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new UserError(
        field,
        `the server answered HTTP ${response.status}`,
        'a URL that serves the certificate PEM',
      );
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    try {
      for (;;) {
        const { done, value } = (await reader?.read()) ?? { done: true, value: undefined };
        if (done) break;
        size += value.byteLength;
        if (size > MAX_CERT_BYTES) {
          controller.abort();
          throw new UserError(
            field,
            `the answer is more than ${MAX_CERT_BYTES} bytes, too large for a certificate`,
            'a URL that serves the certificate PEM',
          );
        }
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof UserError) throw error;
      if (controller.signal.aborted) throw timedOut();
      throw new EnvironmentError(`${field}: the certificate download broke off (${reason(error)})`);
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    clearTimeout(timer);
  }
}

/**
 * fetch refuses a URL with user:password@; kubeseal (Go's http client) sends them as basic
 * authentication, so they move into an Authorization header here.
 */
function withBasicAuth(url: string): { href: string; headers: Record<string, string> } {
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return { href: url, headers: {} };
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  return { href: parsed.href, headers: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` } };
}

function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message.split('\n')[0] ?? 'error';
}
