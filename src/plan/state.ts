import { createHash } from 'node:crypto';
import type { Answers } from '../answers/schema.js';
import { UserError } from '../core/errors.js';
import { byCodePoint } from '../core/yaml.js';
import type { FileTree } from '../model/file-tree.js';
import { GENERATOR_NAME } from '../model/versions.js';

/**
 * inngest-gitops.json: the non-secret answers, the generator version, and a content hash of
 * every file as it was generated. Re-runs and upgrades read it to tell a file the user edited
 * (its hash differs) from one that is safe to update.
 */
export const STATE_FILE = 'inngest-gitops.json';

export interface RepositoryState {
  generator: { name: string; version: string };
  answers: unknown;
  /** Relative path → sha256 (hex) of the file as last generated. */
  files: Record<string, string>;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function stateFile(input: { generatorVersion: string; answers: Answers; files: Map<string, string> }): string {
  const state: RepositoryState = {
    generator: { name: GENERATOR_NAME, version: input.generatorVersion },
    answers: input.answers,
    files: Object.fromEntries([...input.files].map(([path, text]) => [path, sha256(text)])),
  };
  return `${JSON.stringify(state, null, 2)}\n`;
}

/** The text of inngest-gitops.json → its state; `path` names the file in messages. */
export function parseState(text: string, path: string): RepositoryState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      path,
      `is not valid JSON: ${(error as Error).message.split('\n')[0]}`,
      'the file create-inngest-gitops wrote; restore it from Git',
    );
  }
  const state = parsed as Partial<RepositoryState>;
  if (
    !state ||
    typeof state !== 'object' ||
    state.generator?.name !== GENERATOR_NAME ||
    typeof state.answers !== 'object'
  ) {
    throw new UserError(path, 'is not a create-inngest-gitops state file', 'restore it from Git');
  }
  return { generator: state.generator, answers: state.answers, files: state.files ?? {} };
}

/** The generated files plus inngest-gitops.json recording the answers and every file's hash, sorted by path. */
export function withStateFile(tree: FileTree, input: { generatorVersion: string; answers: Answers }): FileTree {
  const files = new Map(tree);
  files.delete(STATE_FILE);
  files.set(STATE_FILE, stateFile({ ...input, files }));
  return new Map([...files.entries()].sort(([a], [b]) => byCodePoint(a, b)));
}
