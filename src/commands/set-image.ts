/**
 * `create-inngest-gitops set-image --env ENV --tag TAG [--digest sha256:…] [dir]`: pin the Inngest
 * image of one environment in overlays/<env>/kustomization.yaml, and change nothing else.
 */
import { join, relative, resolve } from 'node:path';
import { checkImageDigest, checkInngestTag, imageTagAllowed } from '../answers/image-pin.js';
import { UserError } from '../core/errors.js';
import { println, type CommandIO } from '../io/command-io.js';
import { recordedAfterPin, setKustomizationImage, withEnvironmentPin } from '../plan/image-pin.js';
import { readRepository } from '../io/repository.js';
import { checkKnownEnvironments, parseCommandLine } from './args.js';
import type { FileTree } from '../model/file-tree.js';
import { generatorVersion } from '../io/version.js';
import { classify, resolvePlan } from '../plan/classify.js';
import { onTarget } from './target.js';
import { sha256, STATE_FILE, updatedStateFile, type RepositoryState } from '../plan/state.js';
import { writeTree } from '../io/write.js';

export const SET_IMAGE_HELP = `Usage: create-inngest-gitops set-image --env ENV --tag TAG [--digest sha256:...] [dir]

Pins the Inngest image of one environment: edits the images entry of
overlays/ENV/kustomization.yaml in dir (default .) whose name is the image repository of
inngest-gitops.json (default inngest/inngest). Comments and formatting stay; nothing else changes.
Running it again with the same values changes nothing and exits 0.

Options:
  --env ENV              the environment (one of inngest-gitops.json, or a folder under overlays/)
  --tag TAG              a release tag such as v1.45.1 (never latest); removes a digest set before
  --digest sha256:HEX    pin by digest; with --tag too, Kustomize renders repository:TAG@DIGEST;
                         alone, removes the tag set before
  -h, --help             show this help

Exit codes: 0 done (or nothing to do), 1 cannot write, 2 bad input.
`;

const options = {
  env: { type: 'string' },
  tag: { type: 'string' },
  digest: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runSetImage(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, options, { maxPositionals: 1 });
  if (values.help) {
    io.stdout.write(SET_IMAGE_HELP);
    return 0;
  }
  const { env, tag, digest } = values;
  if (tag === undefined && digest === undefined)
    throw new UserError('--tag', 'is required (or --digest)', imageTagAllowed);
  if (tag !== undefined) checkInngestTag('--tag', tag);
  if (digest !== undefined) checkImageDigest('--digest', digest);

  const repository = readRepository(resolve(io.cwd, positionals[0] ?? '.'));
  if (env === undefined) throw new UserError('--env', 'is required', `one of: ${repository.environments.join(', ')}`);
  checkKnownEnvironments([env], repository.environments);
  const pin = {
    name: repository.imageRepository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
  return onTarget(repository.dir, { dryRun: false }, io, async ({ disk, state }) => {
    const path = `overlays/${env}/kustomization.yaml`;
    const shown = relative(io.cwd, join(repository.dir, path)) || path;
    const text = disk.get(path);
    if (text === undefined) throw new UserError(shown, 'does not exist', `the overlay of environment ${env}`);
    const edit = setKustomizationImage(text, pin, shown);
    const answers = state ? withEnvironmentPin(state.answers, env, { tag, digest }) : undefined;
    if (!edit.changed && JSON.stringify(answers) === JSON.stringify(state?.answers)) {
      println(io.stdout, `${shown}: ${pin.name} is already at ${edit.after}; nothing to change`);
      return 0;
    }
    const change: FileTree = new Map([[path, edit.text]]);
    if (state) {
      const generated = await generatedOverlay(state, answers, env);
      const record = recordedAfterPin(state.files[path], text, edit.text, generated);
      change.set(STATE_FILE, updatedStateFile(state, { answers, files: { [path]: record } }));
    }
    // The edit is made on the text on disk, so it replaces nothing of the user's: its base is that text.
    const plan = classify(
      change,
      { [path]: sha256(text) },
      new Map([...change.keys()].flatMap((p) => (disk.has(p) ? [[p, disk.get(p)!]] : []))),
    );
    const { write, remove } = resolvePlan(plan, 'abort');
    writeTree(write, repository.dir, remove);
    const yours = state && state.files[path] !== sha256(text) ? ' (your other edits to the file kept)' : '';
    println(io.stdout, `${shown}: ${pin.name} ${edit.before} -> ${edit.after}${yours}`);
    return 0;
  });
}

/**
 * The overlay this version generates for the pinned answers, when this version wrote the
 * repository (another version's output cannot be known here); undefined otherwise.
 */
async function generatedOverlay(state: RepositoryState, answers: unknown, env: string): Promise<string | undefined> {
  if (state.generator.version !== generatorVersion()) return undefined;
  const [{ resolveAnswers, withoutDerivedValues }, { repositoryTree }] = await Promise.all([
    import('../answers/resolve.js'),
    import('./repository-tree.js'),
  ]);
  try {
    const resolved = resolveAnswers(withoutDerivedValues(answers));
    return repositoryTree(resolved, { generatorVersion: state.generator.version }).get(
      `overlays/${env}/kustomization.yaml`,
    );
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
}
