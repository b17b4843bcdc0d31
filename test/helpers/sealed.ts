/** The SealedSecrets of a generated repository, read back and decrypted with a test key. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../../src/core/yaml.js';
import { testPrivateKey } from './keys.js';
import { unseal } from './unseal.js';

export type Sealed = Parameters<typeof unseal>[0] & {
  metadata: { name: string; namespace: string; annotations: Record<string, string> };
  spec: { template: { type: string; metadata: { labels?: Record<string, string> } } };
};

/** The SealedSecrets secrets/<env>/kustomization.yaml lists. */
export function sealedIn(dir: string, env: string): Sealed[] {
  const kustomization = parseYaml(readFileSync(join(dir, 'secrets', env, 'kustomization.yaml'), 'utf8')) as {
    resources?: string[];
  };
  return (kustomization.resources ?? []).map(
    (file) => parseYaml(readFileSync(join(dir, 'secrets', env, file), 'utf8')) as Sealed,
  );
}

/** Secret name → its decrypted data, for an environment sealed with `privateKey` (default: the test key of TEST_CERT_PATH). */
export function valuesOf(
  dir: string,
  env: string,
  privateKey = testPrivateKey(),
): Record<string, Record<string, string>> {
  return Object.fromEntries(sealedIn(dir, env).map((s) => [s.metadata.name, unseal(s, privateKey)]));
}
