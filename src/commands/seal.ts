/**
 * `create-inngest-gitops seal`: turn a Secret (manifest, literals or env file) into a SealedSecret.
 *
 * Uses the real kubeseal when it is on PATH (or with --use-kubeseal), else the built-in sealer,
 * which needs a certificate: --cert FILE|URL, or --fetch-cert (asks the controller via kubeseal).
 * Throws UserError / EnvironmentError for the caller to format; returns 0 on success.
 * Plaintext values never reach an error message, a log or stderr.
 */
import { readUserFile } from '../io/user-file.js';
import { UserError } from '../core/errors.js';
import { cryptoRandom } from '../core/random.js';
import type { CommandIO } from '../io/command-io.js';
import { DEFAULT_CONTROLLER_NAME, DEFAULT_CONTROLLER_NAMESPACE } from '../io/kubeseal.js';
import { writeFileAtomic } from '../io/write.js';
import { toYaml } from '../core/yaml.js';
import {
  isScope,
  secretFromManifest,
  validateSecretInput,
  SCOPES,
  type Scope,
  type SecretFields,
  type SecretInput,
} from '../secrets/sealer.js';
import { parseCommandLine } from './args.js';
import { chooseSealer, type KubesealUse } from './sealer.js';

export const SEAL_USAGE = `Usage: create-inngest-gitops seal [SECRET.yaml | -] [options]

Seal a Kubernetes Secret into a SealedSecret (bitnami-labs/sealed-secrets).

Input (one of):
  SECRET.yaml | -            a v1 Secret manifest (YAML or JSON); '-' or nothing reads stdin
  --from-literal KEY=VALUE   a value (repeatable); needs --name and --namespace
  --from-env-file FILE       KEY=VALUE lines ('#' comments); needs --name and --namespace

Options:
  --name NAME                Secret name (overrides the manifest's)
  --namespace NS             Secret namespace (overrides the manifest's)
  --type TYPE                Secret type (default Opaque)
  --scope SCOPE              strict | namespace-wide | cluster-wide (default strict)
  -o, --output FILE          write here (atomically) instead of stdout
  --cert FILE|URL            the controller's certificate (kubeseal --fetch-cert > cert.pem)
  --fetch-cert               get the certificate from the controller with kubeseal
  --controller-name NAME     default ${DEFAULT_CONTROLLER_NAME} (the Helm chart uses sealed-secrets)
  --controller-namespace NS  default ${DEFAULT_CONTROLLER_NAMESPACE}
  --use-kubeseal             seal with kubeseal (must be on PATH)
  --no-kubeseal              seal with the built-in sealer (needs --cert or --fetch-cert)
  -h, --help                 show this help
`;

const OPTIONS = {
  'from-literal': { type: 'string', multiple: true },
  'from-env-file': { type: 'string' },
  name: { type: 'string' },
  namespace: { type: 'string' },
  type: { type: 'string' },
  scope: { type: 'string' },
  output: { type: 'string', short: 'o' },
  cert: { type: 'string' },
  'fetch-cert': { type: 'boolean' },
  'controller-name': { type: 'string' },
  'controller-namespace': { type: 'string' },
  'use-kubeseal': { type: 'boolean' },
  'no-kubeseal': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseFlags>['values'];

export async function runSeal(argv: string[], io: CommandIO): Promise<number> {
  const { values: flags, positionals } = parseFlags(argv);
  if (flags.help) {
    io.stdout.write(SEAL_USAGE);
    return 0;
  }
  const scope = scopeOf(flags.scope);
  const controller = {
    controllerName: flags['controller-name'] ?? DEFAULT_CONTROLLER_NAME,
    controllerNamespace: flags['controller-namespace'] ?? DEFAULT_CONTROLLER_NAMESPACE,
  };
  const kubeseal = kubesealUse(flags);
  const { secret, fields } = await readSecretInput(flags, positionals, io.stdin);
  validateSecretInput(secret, fields);
  const { sealer } = await chooseSealer(
    { ...(flags.cert !== undefined ? { cert: flags.cert } : {}), fetchCert: Boolean(flags['fetch-cert']) },
    { controller, kubeseal, env: io.env, now: io.now ?? new Date(), random: io.random ?? cryptoRandom, cwd: io.cwd },
  );
  const sealed = sealer.seal(secret, scope, fields);
  const yaml = toYaml(sealed.toJSON(), { header: false });
  if (flags.output !== undefined && flags.output !== '-') await writeFileAtomic(flags.output, yaml);
  else io.stdout.write(yaml);
  return 0;
}

function parseFlags(argv: string[]) {
  // At most one manifest; readSecretInput says so in its own words.
  return parseCommandLine(argv, OPTIONS, { maxPositionals: Number.POSITIVE_INFINITY });
}

function scopeOf(value: string | undefined): Scope {
  if (value === undefined) return 'strict';
  if (!isScope(value)) throw new UserError('--scope', `unknown scope ${JSON.stringify(value)}`, SCOPES.join(' | '));
  return value;
}

/** --use-kubeseal / --no-kubeseal → how chooseSealer may use kubeseal; --cert and --fetch-cert exclude each other. */
function kubesealUse(flags: Pick<Flags, 'use-kubeseal' | 'no-kubeseal' | 'cert' | 'fetch-cert'>): KubesealUse {
  if (flags['use-kubeseal'] && flags['no-kubeseal'])
    throw new UserError('--use-kubeseal', 'conflicts with --no-kubeseal', 'one of them');
  if (flags.cert !== undefined && flags['fetch-cert'])
    throw new UserError('--fetch-cert', 'conflicts with --cert', 'one certificate source');
  if (flags['use-kubeseal']) return 'always';
  return flags['no-kubeseal'] ? 'never' : 'auto';
}

interface ReadInput {
  secret: SecretInput;
  fields: SecretFields;
}

async function readSecretInput(flags: Flags, positionals: string[], stdin: NodeJS.ReadableStream): Promise<ReadInput> {
  if (positionals.length > 1)
    throw new UserError('arguments', `${positionals.length} positional arguments`, 'at most one Secret manifest file');
  const literals = flags['from-literal'] ?? [];
  const envFile = flags['from-env-file'];
  if (literals.length > 0 || envFile !== undefined) {
    if (positionals.length > 0)
      throw new UserError('arguments', 'a manifest file cannot be combined with --from-literal / --from-env-file');
    const data = { ...(envFile !== undefined ? await readEnvFile(envFile) : {}) };
    mergeLiterals(data, literals);
    const name = required(flags.name, '--name');
    const namespace = required(flags.namespace, '--namespace');
    return {
      secret: { name, namespace, type: flags.type ?? 'Opaque', data },
      fields: {
        name: '--name',
        namespace: '--namespace',
        data: literals.length > 0 ? '--from-literal' : `--from-env-file ${envFile}`,
      },
    };
  }
  const file = positionals[0] ?? '-';
  const source = file === '-' ? 'stdin' : file;
  const text = file === '-' ? await readStream(stdin) : await readManifestFile(file);
  const manifest = secretFromManifest(text, source);
  const name = flags.name ?? manifest.name;
  const namespace = flags.namespace ?? manifest.namespace;
  const secret: SecretInput = {
    ...manifest,
    name: required(name, flags.name === undefined ? `${source} metadata.name` : '--name'),
    namespace: required(namespace, `${source} metadata.namespace (or --namespace)`),
    type: flags.type ?? manifest.type ?? 'Opaque',
  };
  return {
    secret,
    fields: {
      name: flags.name !== undefined ? '--name' : `${source} metadata.name`,
      namespace: flags.namespace !== undefined ? '--namespace' : `${source} metadata.namespace`,
      data: `${source} data`,
    },
  };
}

function required(value: string | undefined, field: string): string {
  if (value === undefined || value === '') throw new UserError(field, 'is required');
  return value;
}

/** `KEY=VALUE`, split at the first '='. Messages name the argument's position, never its text. */
function mergeLiterals(data: Record<string, string>, literals: readonly string[]): void {
  literals.forEach((literal, index) => {
    const eq = literal.indexOf('=');
    const which = `argument ${index + 1}`;
    if (eq < 0) throw new UserError('--from-literal', `${which} has no "="`, 'KEY=VALUE');
    if (eq === 0) throw new UserError('--from-literal', `${which} has an empty key`, 'KEY=VALUE');
    const key = literal.slice(0, eq);
    if (key in data) throw new UserError('--from-literal', `key ${JSON.stringify(key)} given twice`);
    data[key] = literal.slice(eq + 1);
  });
}

/** kubectl's --from-env-file format: KEY=VALUE per line, '#' comments and blank lines skipped, no quoting. */
export function parseEnvFile(text: string, file: string): Record<string, string> {
  const out: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/^\uFEFF/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const eq = line.indexOf('=');
    const field = `--from-env-file ${file}`;
    if (eq <= 0) throw new UserError(field, `line ${index + 1} is not KEY=VALUE`);
    const key = line.slice(0, eq).trim();
    if (key in out) throw new UserError(field, `key ${JSON.stringify(key)} given twice`);
    out[key] = line.slice(eq + 1);
  });
  return out;
}

async function readEnvFile(file: string): Promise<Record<string, string>> {
  return parseEnvFile(await readText(file, `--from-env-file ${file}`), file);
}

async function readManifestFile(file: string): Promise<string> {
  return readText(file, file);
}

/** A Secret manifest or env file: a regular file, at most a megabyte (a FIFO or /dev/zero is refused). */
// eslint-disable-next-line @typescript-eslint/require-await -- callers await it like the stdin reader
async function readText(file: string, field: string): Promise<string> {
  return readUserFile(file, field, 1024 * 1024, 'a readable regular file').toString('utf8');
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
