/**
 * A URL as it may be printed: without `user:password@` and without the query string or fragment,
 * where access tokens tend to live. Works on text that is not a valid URL too (messages about a
 * malformed URL must not leak what it carries either).
 */
export function redactUrl(text: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(text);
  if (!scheme) {
    // scp-like Git addresses (user@host:path) carry a user name at most; cut any query all the same.
    return text.replace(/[?#][\s\S]*$/, '');
  }
  const [, prefix = '', authority = '', rest = ''] = scheme;
  const host = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  return `${prefix}${host}${rest.replace(/[?#][\s\S]*$/, '')}`;
}

/** Every URL inside a message (an error of kubeseal, of fetch) redacted as redactUrl does. */
export function redactUrlsIn(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi, (url) => redactUrl(url));
}
