import { redactUrlsIn } from './url.js';

/**
 * Error classes that map to the CLI's exit codes (README "Usage"):
 *   UserError        → 2   bad input; message is one line: "<field or file>: <what is wrong> (<what is allowed>)"
 *   EnvironmentError → 1   the machine cannot do it (kubectl missing, I/O failure)
 *   Cancelled        → 130 the user pressed Ctrl-C
 * Messages must never contain secret values.
 */
export class UserError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly field: string,
    readonly problem: string,
    readonly allowed?: string,
  ) {
    super(`${field}: ${problem}${allowed ? ` (${allowed})` : ''}`);
    this.name = 'UserError';
  }
}

export class EnvironmentError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'EnvironmentError';
  }
}

export class Cancelled extends Error {
  readonly exitCode = 130;
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof UserError || error instanceof EnvironmentError || error instanceof Cancelled) {
    return error.exitCode;
  }
  return 1;
}

/** The one line printed for an error; a stack trace only when DEBUG is set. */
export function formatError(error: unknown, debug = Boolean(process.env.DEBUG)): string {
  if (error instanceof Cancelled) return 'cancelled';
  if (debug && error instanceof Error && error.stack) return `error: ${error.stack}`;
  const message = error instanceof Error ? error.message : String(error);
  // Whatever raised it (kubeseal, fetch, Node), a URL in a message loses its user info and query.
  return `error: ${redactUrlsIn(message.split('\n')[0] ?? '')}`;
}
