/**
 * `create-inngest-gitops set-image --env ENV --tag TAG [--digest sha256:…] [dir]`: pin the Inngest
 * image of one environment in overlays/<env>/kustomization.yaml, and change nothing else.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { checkImageDigest, checkInngestTag, imageTagAllowed } from '../answers/image-pin.js';
import { EnvironmentError, UserError } from '../core/errors.js';
import { println, type CommandIO } from '../io/command-io.js';
import { setKustomizationImage } from '../plan/image-pin.js';
import { readRepository } from '../io/repository.js';
import { checkKnownEnvironments, parseCommandLine } from './args.js';
import type { FileTree } from '../model/file-tree.js';
import { readState } from '../io/state.js';
import { sha256, STATE_FILE, type RepositoryState } from '../plan/state.js';
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

// eslint-disable-next-line @typescript-eslint/require-await -- every command has the same async shape (cli.ts)
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

  const file = join(repository.dir, 'overlays', env, 'kustomization.yaml');
  const shown = relative(io.cwd, file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(shown, 'does not exist', `the overlay of environment ${env}`);
    throw new EnvironmentError(`${shown}: cannot read (${code ?? 'error'})`);
  }
  const pin = {
    name: repository.imageRepository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
  const edit = setKustomizationImage(text, pin, shown);
  if (!edit.changed) {
    println(io.stdout, `${shown}: ${pin.name} is already at ${edit.after}; nothing to change`);
    return 0;
  }
  const changes: FileTree = new Map([[`overlays/${env}/kustomization.yaml`, edit.text]]);
  const state = readState(repository.dir);
  if (state)
    changes.set(STATE_FILE, pinnedState(state, env, { tag, digest }, `overlays/${env}/kustomization.yaml`, edit.text));
  writeTree(changes, repository.dir);
  println(io.stdout, `${shown}: ${pin.name} ${edit.before} -> ${edit.after}`);
  return 0;
}

/**
 * Record the pin in inngest-gitops.json too (environments[].image, and the overlay's new hash),
 * so a later re-run renders the same overlay and does not mistake set-image's edit for a
 * hand edit.
 */
function pinnedState(
  state: RepositoryState,
  env: string,
  pin: { tag?: string; digest?: string },
  path: string,
  text: string,
): string {
  const answers = structuredClone(state.answers) as {
    environments?: { name?: string; image?: { tag?: string; digest?: string } }[];
  };
  const entry = answers.environments?.find((e) => e.name === env);
  if (entry) entry.image = { ...(pin.tag ? { tag: pin.tag } : {}), ...(pin.digest ? { digest: pin.digest } : {}) };
  const next: RepositoryState = { ...state, answers, files: { ...state.files, [path]: sha256(text) } };
  return `${JSON.stringify(next, null, 2)}\n`;
}
