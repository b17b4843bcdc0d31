/**
 * Validators for the schemas other tools publish (test/fixtures/schemas: GitHub workflows,
 * GitLab CI, Renovate), which the generated files must pass.
 * - strict: false, validateFormats: false: the schemas use annotation keywords
 *   (markdownDescription) and formats ajv does not know; neither changes what is valid.
 * - validateSchema: false, code.optimize: false: the fixtures are the tools' published files, not
 *   ours to check against the meta-schema, and each validator checks a handful of documents; both
 *   halve the compile time (~1.2 -> ~0.65 s for the three) and leave what is valid unchanged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { repoRoot } from './cli.js';

export function publishedSchema(file: string): any {
  return JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/schemas', file), 'utf8'));
}

export function publishedSchemaValidator(file: string): ValidateFunction {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateFormats: false,
    validateSchema: false,
    code: { optimize: false },
  });
  return ajv.compile(publishedSchema(file));
}
