import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { PartialAnswers } from '../answers/schema.js';
import { UserError } from '../core/errors.js';
import { parseYaml } from '../core/yaml.js';

export function readConfigFile(path: string): PartialAnswers {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(
      `--config ${path}`,
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      'a readable JSON or YAML file',
    );
  }
  let data: unknown;
  try {
    data = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new UserError(
      path,
      `is not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${reason}`,
      'a JSON or YAML mapping of answers; see --print-config',
    );
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(path, 'is not a mapping', 'a JSON or YAML mapping of answers; see --print-config');
  }
  // The stored answers of a generated repository (inngest-gitops.json) are accepted as a config too.
  const record = data as Record<string, unknown>;
  if ('generator' in record && 'answers' in record && typeof record.answers === 'object')
    return record.answers as PartialAnswers;
  return record;
}
