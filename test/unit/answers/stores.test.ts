/** Answers of environments on external servers: bad input in one line naming the field, and what they render. */
import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import { repositoryTree } from '../../../src/commands/repository-tree.js';
import { tempDir } from '../../helpers/cli.js';
import { userErrorOf } from '../../helpers/answers.js';
import { configFile, EXTERNAL_PROD, run } from '../../helpers/stores.js';
import { join } from 'node:path';

describe('answers of an external store', () => {
  const env = (postgres: unknown, valkey?: unknown) => ({
    environments: [{ name: 'prod', postgres, ...(valkey ? { valkey } : {}) }],
  });
  it.each([
    [
      'external mode without a server',
      env({ mode: 'external' }),
      'environments[0].postgres.external.host: is required when environments[0].postgres.mode is external',
    ],
    [
      'external without host',
      env({ mode: 'external', external: { egressCIDRs: ['10.0.0.0/8'] } }),
      'environments[0].postgres.external.host: is required',
    ],
    [
      'external Redis without host',
      env(undefined, { mode: 'external', external: { egressCIDRs: ['10.0.0.0/8'] } }),
      'environments[0].valkey.external.host: is required',
    ],
    [
      'no networks',
      env({ mode: 'external', external: { host: 'db.example.com' } }),
      'environments[0].postgres.external.egressCIDRs: is required',
    ],
    [
      'a network with host bits',
      env({ mode: 'external', external: { host: 'db.example.com', egressCIDRs: ['10.0.0.1/8'] } }),
      'environments[0].postgres.external.egressCIDRs[0]: "10.0.0.1/8" has host bits set',
    ],
    [
      'an IP host outside the networks',
      env({ mode: 'external', external: { host: '10.9.8.7', egressCIDRs: ['10.20.0.0/16'] } }),
      'environments[0].postgres.external.egressCIDRs: none of the networks contains the host 10.9.8.7',
    ],
    [
      'a server without external mode',
      env({ external: { host: 'db.example.com', egressCIDRs: ['10.0.0.0/8'] } }),
      'environments[0].postgres.external: only applies when environments[0].postgres.mode is external',
    ],
    [
      'backups of an external server',
      env({
        mode: 'external',
        external: { host: 'db.example.com', egressCIDRs: ['10.0.0.0/8'] },
        backup: { destinationPath: 's3://bucket/prod' },
      }),
      'environments[0].postgres.backup: backs up a CloudNativePG cluster',
    ],
    [
      'tls on a PostgreSQL server',
      env({ mode: 'external', external: { host: 'db.example.com', tls: true, egressCIDRs: ['10.0.0.0/8'] } }),
      'environments[0].postgres.external.tls: only applies to valkey.external',
    ],
    ['an unknown mode', env({ mode: 'rds' }), 'environments[0].postgres.mode: "rds" is not allowed (cloudnative-pg'],
  ])('%s: one line naming the field', (_label, input, message) => {
    const error = userErrorOf(input);
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('\n');
    expect(error.exitCode).toBe(2);
  });

  it('exits 2 naming the field from the command line too', async () => {
    const result = await run([join(tempDir(), 'repo'), '--config', configFile(env({ mode: 'external' }))]);
    expect(result.status).toBe(2);
    expect(result.err.trim()).toMatch(/^error: environments\[0\]\.postgres\.external\.host: is required/);
  });
});

describe('operators', () => {
  it('installs no CloudNativePG operator when every environment uses an external PostgreSQL', () => {
    const answers = resolveAnswers({
      environments: [
        { ...EXTERNAL_PROD, name: 'stage', valkey: { mode: 'statefulset' } },
        { ...EXTERNAL_PROD, valkey: { mode: 'statefulset' } },
      ],
    });
    const tree = repositoryTree(answers, { generatorVersion: '0.0.0-test' });
    const files = [...tree.keys()];
    expect(files).not.toContain('argocd/apps/platform-cloudnative-pg.yaml');
    expect(files).toContain('argocd/apps/platform-keda.yaml');
    expect(files.filter((f) => f.startsWith('base/postgres/'))).toEqual([]);
    expect(tree.get('argocd/apps/platform-project.yaml')).not.toContain('cloudnative-pg.github.io');
    // The base connects Inngest to the external server directly: no patch, no CloudNativePG name.
    const deployment = tree.get('base/inngest/deployment.yaml')!;
    expect(deployment).toContain('name: inngest-postgres-uri');
    expect(deployment).not.toContain('inngest-postgres-ca');
    expect(deployment).not.toContain('inngest-postgres-role');
    expect(files.some((f) => f.endsWith('inngest-store-connections.yaml'))).toBe(false);
  });
});
