import { defaultAnswers } from '../answers/resolve.js';
import { seededRandom } from '../core/random.js';
import type { FileTree } from '../model/file-tree.js';
import { repositoryTree } from './repository-tree.js';
import { parseSealingKey } from '../secrets/key.js';
import { sealSecret } from '../secrets/sealer.js';
import { sealEnvironment } from '../secrets/scaffold.js';

/**
 * This project's own top-level base/, overlays/, secrets/ and argocd/ are the scaffolder's
 * output for the default answers. `npm run example` writes them; a test fails on drift.
 * The example's secrets are demo material: generated from a fixed seed and sealed with the
 * published demo certificate in test/fixtures/, so the output is reproducible byte for byte.
 */
export const EXAMPLE_DIRS = ['base/', 'overlays/', 'secrets/', 'argocd/'] as const;
const EXAMPLE_SEED = 'create-inngest-gitops example (demo material, not a secret)';
const DEMO_NOTICE =
  '# DEMO ONLY: sealed with the public demo key in test/fixtures/ of create-inngest-gitops. Never deploy.';

export function exampleTree(context: { generatorVersion: string; demoCertificatePem: string }): FileTree {
  const answers = defaultAnswers();
  const random = seededRandom(EXAMPLE_SEED);
  const key = parseSealingKey(context.demoCertificatePem, 'demo certificate', new Date('2026-11-23T00:00:00Z'));
  const sealer = {
    how: 'built-in sealer',
    seal: (secret: Parameters<typeof sealSecret>[0]) => sealSecret(secret, key, 'strict', random),
  };
  const sealedSecrets = new Map(
    answers.environments.map((env) => [
      env.name,
      sealEnvironment(answers, env, sealer, random, {}).files.map((f) => ({
        file: f.file,
        text: withDemoNotice(f.text),
      })),
    ]),
  );
  const tree = repositoryTree(answers, { generatorVersion: context.generatorVersion, sealedSecrets });
  return new Map([...tree].filter(([path]) => EXAMPLE_DIRS.some((dir) => path.startsWith(dir))));
}

/** The notice goes right under the generated-file header line. */
function withDemoNotice(text: string): string {
  const newline = text.indexOf('\n');
  return `${text.slice(0, newline + 1)}${DEMO_NOTICE}\n${text.slice(newline + 1)}`;
}
