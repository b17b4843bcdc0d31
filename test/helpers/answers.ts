import { resolveAnswers } from '../../src/answers/resolve.js';
import { UserError } from '../../src/core/errors.js';

/** resolveAnswers' UserError for this input; fails the test when the input is accepted. */
export function userErrorOf(input: unknown): UserError {
  try {
    resolveAnswers(input);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}
