import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../errors.js';

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
    const message = (error as Error).message.split('\n')[0]!;
    const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? 'arguments';
    throw new UserError(flag, message.replace(/\. To specify.*$/, ''), 'see --help');
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UserError(parsed.positionals[maxPositionals]!, 'unexpected argument', 'see --help');
  }
  return parsed;
}

/** The options that choose the sealing certificate, shared by every command that seals. */
export const certificateOptions = {
  cert: { type: 'string' },
  'fetch-cert': { type: 'boolean' },
  'new-controller-key': { type: 'string' },
  'no-kubeseal': { type: 'boolean' },
} as const;
