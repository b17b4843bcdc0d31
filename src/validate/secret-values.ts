/**
 * Heuristics for credentials that ended up in a ConfigMap. Tuned for few false positives: a
 * finding needs a credential-looking value, not just a suspicious key name, so INNGEST_PORT,
 * LOG_LEVEL, SECRET_NAME: inngest-keys or a `$(PASSWORD)` reference pass.
 *
 * Three signals, checked on every entry and, for file-like entries (several lines), on every
 * `key: value` / `KEY=value` line inside:
 *  1. a key whose last word is a credential word (password, secret, token, key, ...) with a value
 *     that looks like a credential;
 *  2. a URL with a password in it (`scheme://user:pass@host`) that is not a `$(VAR)` reference;
 *  3. a high-entropy run of 32 or more characters (base64/hex alphabet, letters and digits mixed),
 *     except sha256/sha512 digests and UUIDs.
 */

export interface SecretFinding {
  key: string;
  reason: string;
}

/** Last word of a key that marks its value as a credential. */
const CREDENTIAL_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'secret',
  'token',
  'key',
  'apikey',
  'credential',
  'credentials',
  'passphrase',
]);
/** Any word of the key that marks it even when it is not last (INNGEST_SIGNING_KEY_FALLBACK). */
const STRONG_WORDS = new Set(['password', 'passwd', 'secret', 'token', 'apikey', 'passphrase']);
/** Last words that say the value names or locates the credential rather than being it. */
const NOT_A_VALUE = new Set([
  'name',
  'names',
  'file',
  'path',
  'dir',
  'ref',
  'url',
  'uri',
  'env',
  'id',
  'type',
  'header',
  'field',
  'length',
  'ttl',
  'enabled',
  'mount',
  'secretname',
  'prefix',
  'suffix',
  'format',
  'algorithm',
]);

/** `INNGEST_SIGNING_KEY` → [inngest, signing, key]; `accessKeyId` → [access, key, id]. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export function isCredentialKey(key: string): boolean {
  const words = keyWords(key);
  const last = words.at(-1);
  if (last === undefined || NOT_A_VALUE.has(last)) return false;
  if (CREDENTIAL_WORDS.has(last)) return true;
  const joined = words.join('');
  if (/(apikey|privatekey|accesskey|secretkey|signingkey|eventkey)$/.test(joined)) return true;
  return words.some((w) => STRONG_WORDS.has(w));
}

const REFERENCE = /^\$(\(|\{)[A-Za-z_][A-Za-z0-9_.]*(\)|\})$|^\{\{.*\}\}$/;
const BOOLEAN_OR_NULL = /^(true|false|yes|no|on|off|null|none|nil|enabled|disabled)$/i;

/** A value a credential could be: a single token, long enough, not a number, flag, reference, path or plain URL. */
function looksLikeCredential(value: string): boolean {
  const v = value.trim().replace(/^["']|["']$/g, '');
  if (v.length < 8 || /\s/.test(v)) return false;
  if (REFERENCE.test(v) || BOOLEAN_OR_NULL.test(v)) return false;
  if (/^-?\d+(\.\d+)?[a-zA-Z]{0,2}$/.test(v)) return false; // numbers, durations, quantities
  if (v.startsWith('/') || v.startsWith('./')) return false; // file paths
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return false; // URLs (passwords in them: userinfoPassword)
  if (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(v) && !/\d/.test(v) && v.length < 24)
    return false; // a DNS-style name
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
  return classes >= 2 || v.length >= 16;
}

const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:([^\s@/]+)@/gi;

/** The password of the first `scheme://user:pass@` in text whose password is not a reference. */
function userinfoPassword(text: string): boolean {
  for (const match of text.matchAll(URL_WITH_PASSWORD)) {
    const password = match[1] ?? '';
    if (!REFERENCE.test(password) && !/^\$\(?[A-Za-z_]/.test(password) && !/^\*+$/.test(password)) return true;
  }
  return false;
}

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const RUN = /[A-Za-z0-9+/=_-]{32,}/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A random-looking run of at least 32 characters: hex keys, base64 blobs, API tokens. */
function highEntropyRun(text: string): boolean {
  for (const match of text.matchAll(RUN)) {
    const run = match[0];
    const before = text.slice(Math.max(0, (match.index ?? 0) - 7), match.index);
    if (/sha(256|512):$/i.test(before) || UUID.test(run)) continue;
    if (!/[A-Za-z]/.test(run) || !/\d/.test(run)) continue;
    const hex = /^[0-9a-fA-F]+$/.test(run);
    if (entropy(run) >= (hex ? 3.0 : 4.0)) return true;
  }
  return false;
}

const INNER_ASSIGNMENT = /^\s*(?:-\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*(.*?)\s*$/;

function findingFor(key: string, value: string): string | undefined {
  if (isCredentialKey(key) && looksLikeCredential(value)) return `${key} looks like a credential`;
  if (userinfoPassword(value)) return 'holds a URL with a password in it';
  if (highEntropyRun(value)) return 'holds a high-entropy string that looks like a key or token';
  return undefined;
}

/** ConfigMap data → the entries that look like credentials. Messages never include the value. */
export function secretLookingValues(data: Record<string, unknown>): SecretFinding[] {
  const out: SecretFinding[] = [];
  for (const [key, raw] of Object.entries(data)) {
    if (typeof raw !== 'string') continue;
    let reason: string | undefined;
    if (!raw.includes('\n')) {
      reason = findingFor(key, raw);
    } else {
      for (const [index, line] of raw.split('\n').entries()) {
        if (line.trimStart().startsWith('#')) continue;
        const m = INNER_ASSIGNMENT.exec(line);
        const inner = m ? findingFor(m[1] ?? '', m[2] ?? '') : findingFor('', line);
        if (inner) {
          reason = `line ${index + 1}: ${inner}`;
          break;
        }
      }
    }
    if (reason) out.push({ key, reason });
  }
  return out;
}
