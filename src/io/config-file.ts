import { extname } from 'node:path';
import type { PartialAnswers } from '../answers/schema.js';
import { UserError } from '../core/errors.js';
import { parseUserYaml } from '../core/yaml.js';
import { readUserFile } from './user-file.js';

/** An answers file is a few kilobytes; a megabyte is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;
const ALLOWED = 'a JSON or YAML mapping of answers; see --print-config';

export function readConfigFile(path: string): PartialAnswers {
  const field = `--config ${path}`;
  const text = readUserFile(path, field, MAX_CONFIG_BYTES, 'a readable JSON or YAML file').toString('utf8');
  const json = extname(path) === '.json';
  let data: unknown;
  if (json) {
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new UserError(field, `is not valid JSON: ${(error as Error).message.split('\n')[0]}`, ALLOWED);
    }
  } else {
    const parsed = parseUserYaml(text);
    if ('error' in parsed) throw new UserError(field, `is not valid YAML: ${parsed.error}`, ALLOWED);
    data = parsed.value;
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new UserError(field, 'is not a mapping', ALLOWED);
  // The stored answers of a generated repository (inngest-gitops.json) are accepted as a config too.
  const record = data as Record<string, unknown>;
  if ('generator' in record && 'answers' in record && typeof record.answers === 'object')
    return record.answers as PartialAnswers;
  return record;
}
