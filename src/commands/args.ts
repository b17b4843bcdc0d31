import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../core/errors.js';
import type { CertificateSource } from '../secrets/sealing.js';
import type { GenerateOptions } from './generate.js';

/** node:util parseArgs, strict, with its errors turned into one-line UserErrors. */
export function parseCommandLine<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
  { maxPositionals }: { maxPositionals: number },
) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw argumentError(error as NodeJS.ErrnoException);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UserError(parsed.positionals[maxPositionals]!, 'unexpected argument', 'see --help');
  }
  return parsed;
}

/** parseArgs' error → one line naming the option (by its long name); never echoes a value. */
function argumentError(error: NodeJS.ErrnoException): UserError {
  const message = error.message.split('\n')[0] ?? '';
  const option = /(--[\w-]+)/.exec(message)?.[1] ?? /'(-[^' ,]+)/.exec(message)?.[1] ?? 'arguments';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UserError(option, 'unknown option', 'see --help');
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return new UserError(option, /does not take/.test(message) ? 'takes no value' : 'needs a value', 'see --help');
  }
  return new UserError(option, 'cannot be parsed', 'see --help');
}

/** The options that choose the sealing certificate, shared by every command that seals. */
export const certificateOptions = {
  cert: { type: 'string' },
  'fetch-cert': { type: 'boolean' },
  'new-controller-key': { type: 'string' },
  'no-kubeseal': { type: 'boolean' },
} as const;

/** Flags → options of a render-and-write run, checked before any question is asked or file read. */
export function generateOptions(values: {
  cert?: string;
  'fetch-cert'?: boolean;
  'new-controller-key'?: string;
  'no-kubeseal'?: boolean;
  'dry-run'?: boolean;
  diff?: boolean;
  'on-conflict'?: string;
}): GenerateOptions {
  // --force only lets a first run into a non-empty folder; what happens to existing files is this.
  const onConflict = values['on-conflict'] ?? 'abort';
  if (onConflict !== 'abort' && onConflict !== 'keep' && onConflict !== 'overwrite') {
    throw new UserError('--on-conflict', `"${onConflict}" is not a mode`, 'abort, keep or overwrite');
  }
  return {
    certificate: certificateSource(values),
    kubeseal: values['no-kubeseal'] ? 'never' : 'auto',
    dryRun: Boolean(values['dry-run']),
    diff: Boolean(values.diff),
    onConflict,
    git: false,
    warnings: [],
  };
}

/** The certificate flags → where the sealing certificate comes from; at most one source. */
export function certificateSource(values: {
  cert?: string;
  'fetch-cert'?: boolean;
  'new-controller-key'?: string;
}): CertificateSource {
  const given = [
    values.cert !== undefined && '--cert',
    values['fetch-cert'] && '--fetch-cert',
    values['new-controller-key'] !== undefined && '--new-controller-key',
  ].filter(Boolean);
  if (given.length > 1) throw new UserError(given[1] as string, `conflicts with ${given[0]}`, 'one certificate source');
  return { cert: values.cert, fetchCert: values['fetch-cert'], newControllerKey: values['new-controller-key'] };
}

/** --env values must name environments of the repository; one wording for every command. */
export function checkKnownEnvironments(names: readonly string[], known: readonly string[]): void {
  for (const name of names) {
    if (!known.includes(name))
      throw new UserError(
        '--env',
        `${JSON.stringify(name)} is not an environment of this repository`,
        `one of: ${known.join(', ')}`,
      );
  }
}
