/**
 * Checks of single answer values that a JSON Schema pattern cannot express readably: cron
 * schedules, URLs, Git revisions, image registries. Each returns what is wrong (a phrase that
 * follows the value in a message) or undefined. The answers schema names a check with its
 * `x-check` keyword; resolve.ts runs it after the schema itself passed. Pure, no I/O.
 *
 * The pattern pieces below are shared by the schema's fields, so every field that means "no
 * whitespace" or "a DNS name" means the same thing.
 */

/**
 * One character of a value that must hold no whitespace: JavaScript's `\s` is Unicode White_Space
 * except U+0085 (NEL), which YAML 1.1 reads as a line break; control characters are refused too.
 */
export const NO_SPACE_CHAR = '[^\\s\\u0000-\\u001f\\u007f-\\u009f]';

const LABEL = '[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?';
const SUBDOMAIN_PART = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';

/** A DNS-1123 label (Kubernetes names of Namespaces, Services, and most objects' label values). */
export const DNS_LABEL_PATTERN = `^${LABEL}$`;

/**
 * A DNS-1123 subdomain (most object names: StorageClass, IngressClass, Gateway): at most 253
 * characters in all; Kubernetes does not limit its parts (apimachinery IsDNS1123Subdomain).
 */
export const DNS_SUBDOMAIN_PATTERN = `^(?=.{1,253}$)${SUBDOMAIN_PART}(\\.${SUBDOMAIN_PART})*$`;

/**
 * A fully qualified host name as an Ingress rule takes it: a DNS-1123 subdomain with at least two
 * labels that is not an IP address (kubernetes pkg/apis/networking/validation: "must be a DNS
 * name, not an IP address").
 */
export const HOSTNAME_PATTERN = `^(?=.{1,253}$)(?![0-9.]+$)${LABEL}(\\.${LABEL})+$`;

export type CheckName =
  | 'cron'
  | 'cron-seconds'
  | 'git-revision'
  | 'repository-url'
  | 'cluster-url'
  | 'endpoint-url'
  | 'prometheus-url'
  | 'app-url'
  | 'image-repository';

/**
 * What a check found: `problem` follows the value in the message (`"99 * * * *" is not a valid
 * schedule: …`); a value carrying credentials is not shown at all.
 */
export interface CheckFinding {
  problem: string;
  hideValue?: boolean;
}

const schedule = (problem: string | undefined) => problem && `is not a valid schedule: ${problem}`;

export const checks: Record<CheckName, (value: string) => CheckFinding | undefined> = {
  cron: (value) => finding(schedule(cronProblem(value, false))),
  'cron-seconds': (value) => finding(schedule(cronProblem(value, true))),
  'git-revision': (value) => finding(gitRevisionProblem(value)),
  'repository-url': repositoryUrlFinding,
  'cluster-url': (value) => urlFinding(value, { schemes: ['https'], query: false }),
  'endpoint-url': (value) => urlFinding(value, { schemes: ['https'], query: false }),
  'prometheus-url': (value) => urlFinding(value, { schemes: ['http', 'https'], query: false }),
  'app-url': (value) => urlFinding(value, { schemes: ['http', 'https'], query: true }),
  'image-repository': (value) => finding(imageRepositoryProblem(value)),
};

const finding = (problem: string | undefined): CheckFinding | undefined => (problem ? { problem } : undefined);

const CREDENTIALS = 'carries credentials (user:password@)';

function urlFinding(value: string, rule: UrlRule): CheckFinding | undefined {
  const problem = urlProblem(value, rule);
  return problem === CREDENTIALS ? { problem, hideValue: true } : finding(problem);
}

// ------------------------------------------------------------------------------------------ cron

interface CronField {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * The fields and bounds of github.com/robfig/cron (spec.go `bounds`): Kubernetes CronJobs parse
 * their schedule with its ParseStandard (five fields), CloudNativePG ScheduledBackups with its
 * v1.2.0 Parse (seconds first: internal/webhook/v1/scheduledbackup_webhook.go). Day of week is
 * 0-6 there, 7 is not Sunday.
 */
const CRON_FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: WEEKDAYS },
];
const SECOND: CronField = { name: 'second', min: 0, max: 59 };

/**
 * What is wrong with a cron schedule, the way robfig/cron's parser sees it (parser.go getRange):
 * each field a list of `*`, `?`, a value or a range a-b, each with an optional /step; names of
 * months and weekdays in any case. Stricter than the parser where it is lenient by accident:
 * empty list items and a step after a star range's bound are refused, not skipped.
 */
export function cronProblem(schedule: string, withSeconds: boolean): string | undefined {
  const fields = withSeconds ? [SECOND, ...CRON_FIELDS] : CRON_FIELDS;
  const parts = schedule.split(' ');
  if (parts.length !== fields.length || parts.some((part) => part === '')) {
    return `has ${schedule.trim() === '' ? 0 : schedule.trim().split(/ +/).length} fields separated by single spaces, not ${fields.length}`;
  }
  for (const [index, field] of fields.entries()) {
    const problem = cronFieldProblem(parts[index]!, field);
    if (problem) return problem;
  }
  return undefined;
}

function cronFieldProblem(text: string, field: CronField): string | undefined {
  for (const item of text.split(',')) {
    if (item === '') return `${field.name} "${text}" has an empty list item`;
    const [range = '', step, extra] = item.split('/');
    if (extra !== undefined) return `${field.name} "${item}" has more than one /step`;
    if (step !== undefined && !/^[0-9]+$/.test(step)) return `${field.name} step "${step}" is not a number`;
    if (step !== undefined && Number(step) === 0) return `${field.name} step in "${item}" is 0 (a step is 1 or more)`;
    if (range === '*' || range === '?') continue;
    const [low = '', high, more] = range.split('-');
    if (more !== undefined) return `${field.name} "${item}" has more than one "-"`;
    const start = cronValue(low, field);
    if (start === undefined) return `${field.name} "${low}" is not ${valuesOf(field)}`;
    const end = high === undefined ? start : cronValue(high, field);
    if (end === undefined) return `${field.name} "${high}" is not ${valuesOf(field)}`;
    if (start < field.min || start > field.max) return `${field.name} ${low} is outside ${field.min}-${field.max}`;
    if (end < field.min || end > field.max) return `${field.name} ${high} is outside ${field.min}-${field.max}`;
    if (start > end) return `${field.name} range "${range}" starts after it ends`;
  }
  return undefined;
}

function cronValue(text: string, field: CronField): number | undefined {
  if (/^[0-9]+$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toLowerCase()) ?? -1;
  return index === -1 ? undefined : field.min + index;
}

function valuesOf(field: CronField): string {
  return field.names ? `a number or a name (${field.names[0]}-${field.names.at(-1)})` : 'a number';
}

// ------------------------------------------------------------------------------ Git revisions

/**
 * A branch, tag or commit Argo CD can resolve: the rules of `git check-ref-format` that a
 * revision can break (git-scm.com/docs/git-check-ref-format), besides whitespace and control
 * characters, which the schema pattern refuses.
 */
function gitRevisionProblem(revision: string): string | undefined {
  if (/[~^:?*[\\]/.test(revision)) return 'holds a character Git refuses in a ref (~ ^ : ? * [ \\)';
  if (revision.includes('..')) return 'holds "..", which Git refuses in a ref';
  if (revision.includes('@{')) return 'holds "@{", which Git refuses in a ref';
  if (/(^|\/)\.|(^|\/)\/|\/$|\.$|\.lock(\/|$)/.test(revision))
    return 'has an empty part, a part starting with "." or ending with ".lock", or ends with "/" or "."';
  return undefined;
}

// ------------------------------------------------------------------------------------- URLs

interface UrlRule {
  schemes: readonly string[];
  query: boolean;
}

/** An http(s) URL as a Go client (Argo CD, KEDA, Inngest) takes it, with a host and port a DNS server and TCP accept. */
function urlProblem(value: string, rule: UrlRule): string | undefined {
  const parts = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/s.exec(value);
  if (!parts) return `is not a URL (${rule.schemes.map((s) => `${s}://`).join(' or ')}host…)`;
  const [, scheme = '', authority = '', , query, fragment] = parts;
  if (!rule.schemes.includes(scheme.toLowerCase()))
    return `has the scheme ${scheme}:// (${rule.schemes.map((s) => `${s}://`).join(' or ')})`;
  if (authority.includes('@')) return CREDENTIALS;
  const hostProblem = authorityProblem(authority);
  if (hostProblem) return hostProblem;
  if (!rule.query && query !== undefined) return 'has a query string (?…)';
  if (fragment !== undefined) return 'has a fragment (#…)';
  try {
    new URL(value);
  } catch {
    return 'is not a URL (a character of its path cannot be parsed)';
  }
  return undefined;
}

/** `host[:port]`: a DNS name, an IPv4 address or a bracketed IPv6 address, and a port from 1 to 65535. */
function authorityProblem(authority: string): string | undefined {
  const parts = /^(\[[^\]]*\]|[^:]*)(?::([^:]*))?$/.exec(authority);
  if (!parts) return `has the host "${authority}", which is not a host name or an IP address`;
  const [, host = '', port] = parts;
  if (host === '') return 'has no host';
  if (host.startsWith('[')) {
    try {
      new URL(`http://${host}/`);
    } catch {
      return `has the host ${host}, which is not an IPv6 address`;
    }
  } else if (!isIPv4(host) && !isDnsName(host)) {
    return `has the host "${host}", which is not a DNS name (labels of letters, digits and '-', neither starting nor ending with '-') or an IP address`;
  }
  if (port !== undefined) {
    if (!/^[0-9]{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535)
      return `has the port ${JSON.stringify(port)}, outside 1-65535`;
  }
  return undefined;
}

function isIPv4(host: string): boolean {
  return /^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/.test(
    host,
  );
}

/** A DNS name in any case, one label or more; a trailing dot (the root) is allowed. */
function isDnsName(host: string): boolean {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length === 0 || name.length > 253 || /^[0-9.]+$/.test(name)) return false;
  return name.split('.').every((label) => /^[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?$/.test(label));
}

/**
 * The Git URL Argo CD reads the repository from: https:// or ssh:// (an SSH user is fine, a
 * password is not) or scp-like user@host:path. Credentials belong in an Argo CD repository
 * Secret, never in the Applications: argo-cd docs operator-manual/declarative-setup.md
 * "Repositories".
 */
function repositoryUrlFinding(value: string): CheckFinding | undefined {
  if (value === '') return undefined; // not known yet: validate reports it in the Applications
  const problem = repositoryUrlProblem(value);
  if (problem !== CREDENTIALS) return finding(problem);
  return {
    problem: `${CREDENTIALS}: give them to Argo CD as a repository Secret instead (argo-cd docs operator-manual/declarative-setup.md "Repositories"), never in the Applications`,
    hideValue: true,
  };
}

function repositoryUrlProblem(value: string): string | undefined {
  const scpLike = /^([A-Za-z0-9._-]+)@([^:/]+):(.+)$/s.exec(value);
  if (scpLike && !value.includes('://')) {
    const [, , host = '', path = ''] = scpLike;
    if (!isIPv4(host) && !isDnsName(host)) return `has the host "${host}", which is not a DNS name or an IP address`;
    return path.startsWith('/') && path.length === 1 ? 'has no repository path' : undefined;
  }
  const ssh = /^ssh:\/\/([^/?#]*)/i.exec(value);
  if (ssh) {
    const authority = ssh[1] ?? '';
    const at = authority.lastIndexOf('@');
    if (at !== -1 && authority.slice(0, at).includes(':')) return CREDENTIALS;
    const problem = urlProblem(`https://${value.slice('ssh://'.length).replace(/^[^/?#@]*@/, '')}`, {
      schemes: ['https'],
      query: false,
    });
    return problem?.replace('https://', 'ssh://');
  }
  return urlProblem(value, { schemes: ['https', 'http'], query: false });
}

/** The registry part of an image name may carry a port: it must be a TCP port. */
function imageRepositoryProblem(repository: string): string | undefined {
  const port = /^[^/]*:([0-9]+)(\/|$)/.exec(repository)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
    return `has the registry port ${port}, outside 1-65535`;
  return undefined;
}
