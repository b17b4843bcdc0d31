import { createHash } from 'node:crypto';
import type { Answers } from '../answers/schema.js';
import { EnvironmentError, UserError } from '../core/errors.js';
import { compareVersions } from '../core/semver.js';
import { byCodePoint } from '../core/yaml.js';
import type { FileTree } from '../model/file-tree.js';
import { GENERATOR_NAME } from '../model/versions.js';

/**
 * inngest-gitops.json: the non-secret answers, the generator version, and a content hash of
 * every file as the generator last produced it. Re-runs and upgrades read it to tell a file the
 * user edited (its hash differs) from one that is safe to update, and whether the generator's
 * own output changed since (plan/classify.ts). The hash is always the generator's output, also
 * for a file where the user's bytes were kept: that records the choice.
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
  return stateText({
    generator: { name: GENERATOR_NAME, version: input.generatorVersion },
    answers: input.answers,
    files: Object.fromEntries([...input.files].map(([path, text]) => [path, sha256(text)])),
  });
}

function stateText(state: RepositoryState): string {
  const files = Object.fromEntries(Object.entries(state.files).sort(([a], [b]) => byCodePoint(a, b)));
  return `${JSON.stringify({ generator: state.generator, answers: state.answers, files }, null, 2)}\n`;
}

/**
 * inngest-gitops.json after a change that is not a whole re-render (set-image, secrets): other
 * answers, some hashes set (the generator's output for those files) or dropped (undefined). The
 * recorded generator version stays: the other files are still that version's output.
 */
export function updatedStateFile(
  state: RepositoryState,
  change: { answers?: unknown; files?: Record<string, string | undefined> },
): string {
  const files = { ...state.files };
  for (const [path, hash] of Object.entries(change.files ?? {})) {
    if (hash === undefined) delete files[path];
    else files[path] = hash;
  }
  return stateText({ generator: state.generator, answers: change.answers ?? state.answers, files });
}

/**
 * A re-render by a version older than the one that wrote the repository would silently take back
 * what the newer one changed: refused, naming the command that runs the recorded version.
 */
export function checkNotDowngrade(state: RepositoryState, ours: string, argv: readonly string[]): void {
  const recorded = state.generator.version;
  if ((compareVersions(recorded, ours) ?? 0) <= 0) return;
  const command = ['npx', `${GENERATOR_NAME}@${recorded}`, ...argv.map(shellWord)].join(' ');
  throw new UserError(
    `${STATE_FILE} generator.version`,
    `this repository was written by ${GENERATOR_NAME} ${recorded}, newer than this ${ours}; re-rendering it would undo what ${recorded} changed`,
    `run the recorded version: ${command}`,
  );
}

function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The text of inngest-gitops.json → its state; `path` names the file in messages. */
export function parseState(text: string, path: string): RepositoryState {
  // A broken state file is exit 1: the tool wrote it, and no answer of this run can fix it.
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EnvironmentError(
      `${path}: is not valid JSON (${(error as Error).message.split('\n')[0]}); restore the file create-inngest-gitops wrote from Git`,
    );
  }
  const state = parsed as Partial<RepositoryState>;
  if (
    !state ||
    typeof state !== 'object' ||
    state.generator?.name !== GENERATOR_NAME ||
    typeof state.answers !== 'object'
  ) {
    throw new EnvironmentError(`${path}: is not a create-inngest-gitops state file; restore it from Git`);
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
