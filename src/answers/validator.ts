import { Ajv, type Options, type ValidateFunction } from 'ajv';
import { answersSchema } from './schema.js';

/**
 * The compiled answers validator. Compiling the schema with ajv costs ~85 ms at run time, so the
 * published bundle does not: scripts/build.mjs replaces this module with the same validator
 * precompiled by ajv's standalone code generation (answersAjv with `code.source`), and ajv's
 * compiler is not shipped. Keep everything the validator depends on in answersAjv().
 */
/** @public scripts/build.mjs generates the standalone validator with it. */
export function answersAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({
    allErrors: false,
    useDefaults: true,
    strict: true,
    messages: false,
    inlineRefs: false,
    ...options,
  });
  ajv.addKeyword({ keyword: 'x-allowed', schemaType: 'string' });
  // Checks of checks.ts that resolve.ts runs once the schema passed (cron, URLs, Git revisions).
  ajv.addKeyword({ keyword: 'x-check', schemaType: 'string' });
  return ajv;
}

/** @public scripts/build.mjs compiles it with answersAjv. */
export { answersSchema };

export const validateAnswers: ValidateFunction = answersAjv().compile(answersSchema);
