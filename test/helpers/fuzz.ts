/**
 * Property-based test of bad input, shared by test/integration/fuzz.test.ts (a small seeded run) and
 * scripts/fuzz.ts (`npm run fuzz`, 2,000 cases). Answer files are built FROM THE ANSWERS SCHEMA:
 * valid values for every property it declares (patterns, bounds, enums, the x-check kinds), then
 * broken on purpose (wrong types, bounds, collisions, Unicode, injection strings, deleted and
 * unknown keys, YAML-level breakage). Each case must end in one of two ways:
 *   exit 2: one line `error: <field>: …` naming an answer (or the flag), and nothing written;
 *   exit 0: a repository whose every overlay renders with kubectl and passes `validate`, and
 *           whose re-run with the same answers changes nothing.
 */
import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { answersSchema } from '../../src/answers/schema.js';
import { providedSecrets, providedVariable } from '../../src/model/names.js';
import { runMain } from './main.js';

type Schema = Record<string, unknown>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const DEMO_CERT = new URL('../fixtures/demo-sealing.crt', import.meta.url).pathname;

// ------------------------------------------------------------------------ valid values from the schema

const host = fc.oneof(
  { weight: 3, arbitrary: fc.domain() },
  { weight: 1, arbitrary: fc.ipV4() },
  {
    weight: 2,
    arbitrary: fc.constantFrom('kubernetes.default.svc', 'k8s.example.com', 'prometheus-operated.monitoring.svc'),
  },
);
const port = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 65535 }).map((p) => `:${p}`) },
);
const segment = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,7}$/);
const urlPath = fc.array(segment, { maxLength: 3 }).map((parts) => (parts.length ? `/${parts.join('/')}` : ''));
const scheme = fc.constantFrom('http', 'https');

function cronField(min: number, max: number, names: readonly string[] = []): fc.Arbitrary<string> {
  const value = fc.integer({ min, max });
  const item = fc.oneof(
    fc.constant('*'),
    value.map(String),
    fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    fc
      .tuple(fc.constantFrom('*', String(min)), fc.integer({ min: 1, max: max - min + 1 }))
      .map(([r, s]) => `${r}/${s}`),
    ...(names.length ? [fc.constantFrom(...names, ...names.map((n) => n.toUpperCase()))] : []),
  );
  return fc.array(item, { minLength: 1, maxLength: 3 }).map((items) => items.join(','));
}
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const cron5 = fc
  .tuple(cronField(0, 59), cronField(0, 23), cronField(1, 31), cronField(1, 12, MONTHS), cronField(0, 6, DAYS))
  .map((f) => f.join(' '));

/** Values for the fields whose schema names a check of src/answers/checks.ts. */
const CHECKED: Record<string, fc.Arbitrary<string>> = {
  cron: cron5,
  'cron-seconds': fc.tuple(cronField(0, 59), cron5).map(([s, rest]) => `${s} ${rest}`),
  'git-revision': fc.oneof(
    fc.constantFrom('main', 'HEAD', 'v1.2.3', 'release/2024-01'),
    fc.stringMatching(/^[a-z0-9]{1,8}(\/[a-z0-9]{1,8})?$/),
    fc.stringMatching(/^[0-9a-f]{40}$/),
  ),
  'repository-url': fc.oneof(
    fc.tuple(host, urlPath).map(([h, p]) => `https://${h}${p}/repo.git`),
    fc.tuple(host, segment).map(([h, p]) => `git@${h}:${p}/repo.git`),
    fc.tuple(host, port, urlPath).map(([h, pt, p]) => `ssh://git@${h}${pt}${p}/repo.git`),
  ),
  'cluster-url': fc.oneof(
    { weight: 3, arbitrary: fc.constant('https://kubernetes.default.svc') },
    { weight: 1, arbitrary: fc.tuple(host, port, urlPath).map(([h, pt, p]) => `https://${h}${pt}${p}`) },
  ),
  'endpoint-url': fc.tuple(host, port, urlPath).map(([h, pt, p]) => `https://${h}${pt}${p}`),
  'prometheus-url': fc.tuple(scheme, host, port, urlPath).map(([s, h, pt, p]) => `${s}://${h}${pt}${p}`),
  'app-url': fc
    .tuple(scheme, host, port, urlPath, fc.option(segment))
    .map(([s, h, pt, p, q]) => `${s}://${h}${pt}${p}${q ? `?id=${q}` : ''}`),
  'image-repository': fc.oneof(
    fc.constantFrom('inngest/inngest', 'registry.example.com/mirror/inngest', 'registry.example.com:5000/inngest'),
    fc.tuple(fc.domain(), port, segment).map(([h, pt, p]) => `${h}${pt}/${p.replace(/[._-]+$/, 'x')}`),
  ),
};

/** fast-check cannot generate lookarounds: they are dropped for generation and checked by the filter. */
function generationPattern(pattern: string): RegExp {
  return new RegExp(pattern.replace(/\(\?[=!][^()]*(\([^()]*\)[^()]*)*\)/g, ''));
}

function stringValue(schema: Schema): fc.Arbitrary<string> {
  const check = schema['x-check'] as string | undefined;
  const pattern = schema.pattern as string | undefined;
  const maxLength = (schema.maxLength as number | undefined) ?? Number.MAX_SAFE_INTEGER;
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const full = pattern ? new RegExp(pattern, 'u') : undefined;
  const fits = (s: string) => s.length <= maxLength && s.length >= minLength && (!full || full.test(s));
  if (check) {
    const value = CHECKED[check]!.filter(fits);
    return full?.test('')
      ? fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 3, arbitrary: value })
      : value;
  }
  if (pattern) return fc.stringMatching(generationPattern(pattern)).filter(fits);
  return fc.string({ minLength, maxLength: Math.min(maxLength, 20) });
}

/**
 * A schema node with what its $ref and allOf add merged in: the referencing node's own keywords
 * (an x-allowed, a maxLength) win, properties are merged key by key.
 */
function effective(schema: Schema): Schema {
  let out: Schema = { ...schema };
  if (typeof schema.$ref === 'string') {
    const target = (answersSchema.$defs as Record<string, Schema>)[schema.$ref.replace('#/$defs/', '')]!;
    const { $ref: _ref, ...own } = out;
    out = merge(effective(target), own);
  }
  for (const part of (schema.allOf as Schema[] | undefined) ?? []) {
    const { allOf: _allOf, ...own } = out;
    out = merge(own, effective(part));
  }
  return out;
}

function merge(a: Schema, b: Schema): Schema {
  const out: Schema = { ...a, ...b };
  if (a.properties || b.properties) {
    const left = (a.properties ?? {}) as Record<string, Schema>;
    const right = (b.properties ?? {}) as Record<string, Schema>;
    out.properties = Object.fromEntries(
      [...new Set([...Object.keys(left), ...Object.keys(right)])].map((key) => [
        key,
        merge(effective(left[key] ?? {}), effective(right[key] ?? {})),
      ]),
    );
  }
  return out;
}

/** A value the schema accepts; optional properties appear with probability 1/(1 + skip). */
function validValue(input: Schema, skip = 3): fc.Arbitrary<Json> {
  const schema = effective(input);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as Json[]));
  switch (schema.type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum as number, max: schema.maximum as number });
    case 'string':
      return stringValue(schema);
    case 'array': {
      const items = validValue(schema.items as Schema, skip);
      const minLength = (schema.minItems as number | undefined) ?? 0;
      const maxLength = Math.min((schema.maxItems as number | undefined) ?? 3, 3);
      const itemSchema = effective(schema.items as Schema);
      if (itemSchema.type === 'object' && (itemSchema.required as string[] | undefined)?.includes('name')) {
        return fc.uniqueArray(items, { minLength, maxLength, selector: (item) => (item as { name: string }).name });
      }
      return schema.uniqueItems
        ? fc.uniqueArray(items, { minLength, maxLength, selector: (item) => JSON.stringify(item) })
        : fc.array(items, { minLength, maxLength });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set((schema.required as string[] | undefined) ?? []);
      const entries = Object.entries(properties).map(([key, child]) => {
        const value = validValue(child, skip);
        const maybe = required.has(key)
          ? value
          : fc.oneof({ weight: skip, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });
        return maybe.map((v) => [key, v] as const);
      });
      const min = (schema.minProperties as number | undefined) ?? 0;
      const max = (schema.maxProperties as number | undefined) ?? Number.MAX_SAFE_INTEGER;
      return fc
        .tuple(...entries)
        .map((pairs) => Object.fromEntries(pairs.filter(([, v]) => v !== undefined)) as { [key: string]: Json })
        .filter((object) => Object.keys(object).length >= min && Object.keys(object).length <= max);
    }
    default:
      throw new Error(`fuzz: no generator for schema type ${String(schema.type)}`);
  }
}

// ------------------------------------------------------------------------------------ breaking it

const INJECTIONS = [
  '"; rm -rf / #',
  '$(id)',
  '`id`',
  '{{ .Values.secret }}',
  '${IFS}cat${IFS}/etc/passwd',
  "' OR 1=1 --",
  '../../../etc/passwd',
  '\n- injected: true',
  '---\nkind: Secret',
  '%0d%0aSet-Cookie: x',
  '<script>alert(1)</script>',
  'a\u0000b',
  'https://user:hunter2@evil.example.com/?token=abc',
];
const UNICODE = [
  '\u0085',
  '\u2028',
  '\u2029',
  '\u00a0',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\t',
  '\n',
  'é',
  'ℌ',
  '😀',
  '\u0301',
];
const WRONG_TYPES: Json[] = [42, -1, 1.5, true, false, null, 'text', '', [], {}, [1, 2], { a: 1 }, '3'];
const RESERVED = [
  'project',
  'root',
  'platform-project',
  'platform-keda',
  'platform-cloudnative-pg',
  'platform-sealed-secrets',
  'default',
];

type Mutation =
  | { kind: 'type'; at: number; pick: number }
  | { kind: 'bounds'; at: number; pick: number }
  | { kind: 'unicode'; at: number; pick: number; offset: number }
  | { kind: 'injection'; at: number; pick: number }
  | { kind: 'delete'; at: number }
  | { kind: 'unknown'; at: number; pick: number }
  | { kind: 'collision'; at: number; pick: number }
  | { kind: 'near-miss'; at: number; pick: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('type' as const), at: fc.nat(), pick: fc.nat() }),
  fc.record({ kind: fc.constant('bounds' as const), at: fc.nat(), pick: fc.nat() }),
  fc.record({ kind: fc.constant('unicode' as const), at: fc.nat(), pick: fc.nat(), offset: fc.nat() }),
  fc.record({ kind: fc.constant('injection' as const), at: fc.nat(), pick: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('unknown' as const), at: fc.nat(), pick: fc.nat() }),
  fc.record({ kind: fc.constant('collision' as const), at: fc.nat(), pick: fc.nat() }),
  fc.record({ kind: fc.constant('near-miss' as const), at: fc.nat(), pick: fc.nat() }),
);

/**
 * Values that keep the shape a schema pattern sees but break what the field means: a cron field
 * out of range, a URL with a bad port or host or with credentials, a name Kubernetes refuses.
 */
function nearMiss(text: string, pick: number): string {
  const fields = text.split(' ');
  if (fields.length === 5 || fields.length === 6) {
    fields[pick % fields.length] = ['99', '*/0', 'a', '5-1', '1,,2', '60', '7', '0-7', '*/x'][pick % 9]!;
    return fields.join(' ');
  }
  const url = /^([a-z]+:\/\/)([^/?#]*)(.*)$/.exec(text);
  if (url) {
    const [, scheme = '', authority = '', rest = ''] = url;
    const hostOnly = authority.replace(/:\d+$/, '');
    return [
      `${scheme}${hostOnly}:99999${rest}`,
      `${scheme}${hostOnly}:0${rest}`,
      `${scheme}user:hunter2@${authority}${rest}`,
      `${scheme}---${rest}`,
      `${scheme}h|b${rest}`,
      `${scheme}%zz${rest}`,
      `${scheme}[::1${rest}`,
      `${scheme}${authority}${rest}?token=abc`,
      `${scheme}${authority}${rest}#frag`,
      `${scheme}${authority.toUpperCase()}${rest}`,
      `${scheme}${authority}/`,
    ][pick % 11]!;
  }
  return [`${text}..`, `${text}.lock`, `-${text}`, `${text}-`, text.toUpperCase(), `${text}.`, `1.2.3.4`, `${text}:x`][
    pick % 8
  ]!;
}

/** Every place in a value: [container, key] pairs, the root's properties first. */
function places(value: Json): [Json[] | { [key: string]: Json }, string | number][] {
  const out: [Json[] | { [key: string]: Json }, string | number][] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push([node, i]);
        walk(child);
      });
    } else if (node && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        out.push([node, key]);
        walk(node[key]!);
      }
    }
  };
  walk(value);
  return out;
}

function setIn(container: Json[] | { [key: string]: Json }, key: string | number, value: Json): void {
  if (Array.isArray(container)) container[key as number] = value;
  else Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
}

function applyMutation(answers: { [key: string]: Json }, m: Mutation): void {
  const all = places(answers);
  const strings = all.filter(([c, k]) => typeof (c as Record<string, Json>)[k] === 'string');
  const objects = [['', answers] as const, ...all.filter(([c, k]) => isObject((c as Record<string, Json>)[k]))].map(
    (p) => (p[0] === '' ? answers : ((p[0] as Record<string, Json>)[p[1]] as { [key: string]: Json })),
  );
  const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);
  switch (m.kind) {
    case 'type': {
      const place = pick(all, m.at);
      if (place) setIn(place[0], place[1], structuredClone(WRONG_TYPES[m.pick % WRONG_TYPES.length]!));
      return;
    }
    case 'bounds': {
      const place = pick(all, m.at);
      if (!place) return;
      const current = (place[0] as Record<string, Json>)[place[1]];
      if (typeof current === 'number') {
        setIn(
          place[0],
          place[1],
          pick([0, -1, 101, 65536, 2 ** 31, 2 ** 53, 1e21, current + 1000000, current - 1000000], m.pick)!,
        );
      } else if (typeof current === 'string') {
        setIn(place[0], place[1], 'a'.repeat(pick([0, 41, 64, 129, 254, 256, 3000], m.pick)!));
      } else if (Array.isArray(current)) {
        setIn(place[0], place[1], pick([[], Array.from({ length: 11 }, (_, i) => current[0] ?? i)], m.pick)!);
      }
      return;
    }
    case 'unicode': {
      const place = pick(strings, m.at);
      if (!place) return;
      const text = (place[0] as Record<string, string>)[place[1]]!;
      const at = m.offset % (text.length + 1);
      setIn(place[0], place[1], `${text.slice(0, at)}${UNICODE[m.pick % UNICODE.length]}${text.slice(at)}`);
      return;
    }
    case 'injection': {
      const place = pick(strings, m.at);
      if (place) setIn(place[0], place[1], INJECTIONS[m.pick % INJECTIONS.length]!);
      return;
    }
    case 'delete': {
      const place = pick(all, m.at);
      if (!place) return;
      if (Array.isArray(place[0])) place[0].splice(place[1] as number, 1);
      else delete place[0][place[1]];
      return;
    }
    case 'unknown': {
      const object = pick(objects, m.at);
      if (object)
        setIn(object, pick(['replicaz', '__proto__', 'constructor', 'Name', ''], m.pick)!, { polluted: true });
      return;
    }
    case 'near-miss': {
      // Mostly the values whose meaning a pattern cannot see: schedules and URLs.
      const special = strings.filter(([c, k]) => /:\/\/|^\S+( \S+){4,5}$/.test((c as Record<string, string>)[k]!));
      const place = pick(special.length > 0 && m.pick % 4 !== 0 ? special : strings, m.at);
      if (place) setIn(place[0], place[1], nearMiss((place[0] as Record<string, string>)[place[1]]!, m.pick));
      return;
    }
    case 'collision': {
      if (!Array.isArray(answers.environments)) answers.environments = [{ name: 'stage' }, { name: 'prod' }];
      if (answers.environments.length < 2) answers.environments.push({ name: 'extra' });
      const environments = answers.environments.filter(isObject);
      const env = pick(environments, m.at);
      const other = pick(environments, m.at + 1);
      if (!env || !other) return;
      switch (m.pick % 5) {
        case 0:
          env.name = RESERVED[m.at % RESERVED.length]!;
          return;
        case 1:
          env.name = other.name ?? 'prod';
          return;
        case 2:
          answers.name = 'platform';
          env.name = pick(['keda', 'cloudnative-pg', 'sealed-secrets'], m.at)!;
          return;
        case 3:
          env.cluster = 'https://k8s.example.com:6443';
          other.cluster = 'https://k8s.example.com:7443';
          return;
        default:
          env.namespace = 'inngest-shared';
          other.namespace = 'inngest-shared';
          return;
      }
    }
  }
}

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Ways to break the YAML text itself, beyond its values. */
const YAML_BREAKS = [
  (text: string) => `${text}extra: !custom value\n`,
  (text: string) => `${text}\tname: tab-indented\n`,
  (text: string) => `${text}name: duplicate\nname: again\n`,
  (text: string) => `${text}environments: [\n`,
  (text: string) => `%YAML 1.2\n---\n${text}`,
  (text: string) => `${text}---\nsecond: document\n`,
  (text: string) => `${text}anchor: &a [*a]\n`,
  () => '- a list\n- not a mapping\n',
  () => '42\n',
];

interface Case {
  answers: { [key: string]: Json };
  format: 'json' | 'yaml';
  yamlBreak?: number;
  mutations: Mutation[];
}

/** Valid answers (a third of the cases) or answers broken one to three times. */
const cases: fc.Arbitrary<Case> = fc
  .record({
    answers: validValue(answersSchema as unknown as Schema) as fc.Arbitrary<{ [key: string]: Json }>,
    format: fc.constantFrom('json' as const, 'yaml' as const),
    broken: fc.integer({ min: 0, max: 2 }),
    mutations: fc.oneof(
      { weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 1 }) },
      { weight: 1, arbitrary: fc.array(mutation, { minLength: 2, maxLength: 3 }) },
    ),
    yamlBreak: fc.option(fc.nat({ max: YAML_BREAKS.length - 1 }), { freq: 6 }),
  })
  .map(({ answers, format, broken, mutations, yamlBreak }) => {
    const copy = structuredClone(answers);
    // No URL is a valid answer that warns and that validate reports until it is set
    // (test/integration/commands/first-run.test.ts): the contract here is for a repository Argo CD can read.
    if (!copy.repoURL) copy.repoURL = 'https://git.example.com/acme/inngest-gitops.git';
    const applied = broken === 0 ? [] : mutations;
    for (const m of applied) applyMutation(copy, m);
    return {
      answers: copy,
      format,
      mutations: applied,
      ...(broken !== 0 && format === 'yaml' && yamlBreak !== null ? { yamlBreak } : {}),
    };
  });

// ---------------------------------------------------------------------------------------- checking

interface Outcome {
  status: number;
  validated: boolean;
}

/** The part of an error line before the first ": " that must name an answer, or the flag or file given. */
const TOP_LEVEL = new Set(Object.keys(answersSchema.properties));
const FIELD =
  /^error: (--[a-z-]+(?: \S+)?|config|(?:[A-Za-z_$][\w$-]*|\["(?:[^"\\]|\\.)*"\])(?:\.[A-Za-z_$][\w$-]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*): /;

function environmentVariables(answers: Case['answers']): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const environments = Array.isArray(answers.environments) ? answers.environments : [];
  for (const environment of environments) {
    if (!isObject(environment) || typeof environment.name !== 'string') continue;
    for (const secret of Object.values(providedSecrets)) {
      for (const key of Object.values(secret.keys)) env[providedVariable(environment.name, key)] = `fuzz-${key}`;
    }
  }
  return env;
}

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative(dir, full), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** Runs one case in-process; throws with the case and the output when the contract is broken. */
async function checkCase(c: Case, options: { kubectl: boolean }): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'cig-fuzz-'));
  try {
    const file = `answers.${c.format}`;
    let text = c.format === 'json' ? JSON.stringify(c.answers, null, 2) : stringify(c.answers, { version: '1.1' });
    if (c.yamlBreak !== undefined) text = YAML_BREAKS[c.yamlBreak]!(text);
    writeFileSync(join(dir, file), text);
    const env = environmentVariables(c.answers);
    const run = (args: string[]) => runMain(args, { cwd: dir, env });
    const first = await run(['repo', '--config', file, '--cert', DEMO_CERT]);
    const fail = (why: string, result = first): never => {
      throw new Error(
        `${why}\nexit ${result.status}\nstderr: ${result.stderr}\nstdout (end): ${result.stdout.slice(-800)}\n${file}:\n${text}`,
      );
    };
    if (first.status === 2) {
      const lines = first.stderr.split('\n').filter(Boolean);
      if (lines.length !== 1) fail('exit 2 must print exactly one line');
      const field = FIELD.exec(lines[0]!)?.[1];
      if (!field) fail('exit 2 must name a field');
      const top = field!.startsWith('[')
        ? JSON.parse(field!.slice(1, field!.indexOf('"]') + 1))
        : field!.replace(/[.[].*$/, '');
      // An answer of the schema, or a key the file holds (an unknown one is named as written).
      const known = TOP_LEVEL.has(top) || top === 'config' || text.includes(JSON.stringify(top).slice(1, -1));
      if (!field!.startsWith('--') && !known) fail(`"${field}" is not an answer of the file`);
      if (readdirSync(dir).some((entry) => entry !== file)) fail('exit 2 must write nothing');
      return { status: 2, validated: false };
    }
    if (first.status !== 0) fail('only exit 0 or exit 2 are allowed for answers');
    if (first.stderr !== '') fail('exit 0 must print nothing on stderr');
    if (!existsSync(join(dir, 'repo/inngest-gitops.json'))) fail('exit 0 must write the repository');
    if (readdirSync(dir).some((entry) => entry !== file && entry !== 'repo')) fail('a staging folder was left behind');

    if (options.kubectl) {
      const validated = await run(['validate', 'repo']);
      if (validated.status !== 0) fail('the repository must pass validate', validated);
    }
    const before = snapshot(join(dir, 'repo'));
    const again = await run(['repo', '--config', file, '--cert', DEMO_CERT]);
    if (again.status !== 0) fail('a re-run with the same answers must succeed', again);
    const after = snapshot(join(dir, 'repo'));
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p));
    if (changed.length > 0) fail(`a re-run with the same answers changed ${changed.join(', ')}`, again);
    return { status: 0, validated: options.kubectl };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface FuzzReport {
  cases: number;
  exit0: number;
  exit2: number;
  validated: number;
  seconds: number;
}

/**
 * `runs` cases from `seed`; every `kubectlEvery`-th successful case is rendered with kubectl and
 * validated (0: none). Throws fast-check's report (seed, path, shrunk case) on the first failure.
 */
export async function fuzz(options: {
  runs: number;
  seed: number;
  kubectlEvery: number;
  progress?: (report: FuzzReport) => void;
}): Promise<FuzzReport> {
  const report: FuzzReport = { cases: 0, exit0: 0, exit2: 0, validated: 0, seconds: 0 };
  const started = performance.now();
  await fc.assert(
    fc.asyncProperty(cases, async (c) => {
      const kubectl = options.kubectlEvery > 0 && report.exit0 % options.kubectlEvery === 0;
      const outcome = await checkCase(c, { kubectl });
      report.cases++;
      if (outcome.status === 0) report.exit0++;
      else report.exit2++;
      if (outcome.validated) report.validated++;
      options.progress?.(report);
    }),
    { numRuns: options.runs, seed: options.seed },
  );
  report.seconds = Math.round((performance.now() - started) / 100) / 10;
  return report;
}
