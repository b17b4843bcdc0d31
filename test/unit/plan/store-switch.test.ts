/**
 * Moving an environment's store out of the cluster on a re-run: refused without
 * --allow-data-removal naming it, the plan says what Argo CD keeps or deletes (deletion protection,
 * issue 13), and an environment on external servers is removed without a Cluster to protect.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, tempDir } from '../../helpers/cli.js';
import { configFile, TEST_SEALING, EXTERNAL_CONFIG, run, sealedByName, VARIABLES } from '../../helpers/stores.js';

describe('switching an environment to an external server on a re-run', async () => {
  async function scaffoldInCluster() {
    const target = join(tempDir(), 'repo');
    const result = await run([
      target,
      '--config',
      configFile({ environments: [{ name: 'stage' }, { name: 'prod' }] }),
      ...TEST_SEALING,
    ]);
    expect(result.status).toBe(0);
    return target;
  }

  it('is refused without --allow-data-removal: exit 2, one line naming the environment and the flag, nothing written', async () => {
    const target = await scaffoldInCluster();
    const before = listFiles(target).map((f) => [f, readFileSync(join(target, f), 'utf8')]);
    const result = await run([target, '--config', configFile(EXTERNAL_CONFIG), ...TEST_SEALING], VARIABLES);
    expect(result.status).toBe(2);
    const line = result.err.trim();
    expect(line.split('\n')).toHaveLength(1);
    // The Cluster carries Delete=false,Prune=false (postgres.deletionProtection, issue 13): kept, but abandoned.
    expect(line).toBe(
      'error: --allow-data-removal: prod moves postgres to an external server: Argo CD leaves the CloudNativePG Cluster inngest-postgres and its data in place (Delete=false,Prune=false), no longer managed (copy the data to the new server first, then confirm with --allow-data-removal prod)',
    );
    expect(listFiles(target).map((f) => [f, readFileSync(join(target, f), 'utf8')])).toEqual(before);
  });

  it('--dry-run stops the same way', async () => {
    const target = await scaffoldInCluster();
    const result = await run([target, '--config', configFile(EXTERNAL_CONFIG), '--dry-run']);
    expect(result.status).toBe(2);
    expect(result.err).toMatch(/^error: --allow-data-removal: prod moves postgres/);
  });

  it('goes ahead with --allow-data-removal prod: the in-cluster stores and their secrets leave prod', async () => {
    const target = await scaffoldInCluster();
    const result = await run(
      [target, '--config', configFile(EXTERNAL_CONFIG), '--allow-data-removal', 'prod', ...TEST_SEALING],
      VARIABLES,
    );
    expect(result.err).toBe('');
    expect(result.status).toBe(0);
    expect(result.out).toContain(
      'move postgres of prod to its external server: once this is pushed, Argo CD leaves the CloudNativePG Cluster inngest-postgres and its data in place',
    );
    expect(result.out).toContain(
      "move valkey of prod to its external server: once this is pushed, Argo CD deletes the Valkey StatefulSet inngest-valkey and Inngest's queue in it",
    );
    expect(result.out).toContain('secrets/prod/inngest-postgres-role.yaml');
    expect(Object.keys(sealedByName(target, 'prod')).sort()).toEqual([
      'inngest-keys',
      'inngest-postgres-uri',
      'inngest-redis-uri',
    ]);
    expect(existsSync(join(target, 'secrets/prod/inngest-postgres-role.yaml'))).toBe(false);
    expect(Object.keys(sealedByName(target, 'stage')).sort()).toEqual([
      'inngest-keys',
      'inngest-postgres-role',
      'inngest-valkey',
    ]);
  });

  it('says Argo CD deletes the database where deletion protection is off', async () => {
    const target = join(tempDir(), 'repo');
    const unprotected = {
      environments: [{ name: 'stage' }, { name: 'prod', postgres: { deletionProtection: false } }],
    };
    expect((await run([target, '--config', configFile(unprotected), ...TEST_SEALING])).status).toBe(0);
    const result = await run([target, '--config', configFile(EXTERNAL_CONFIG)], VARIABLES);
    expect(result.status).toBe(2);
    expect(result.err).toContain(
      'prod moves postgres to an external server: Argo CD deletes the CloudNativePG Cluster inngest-postgres and the data in it',
    );
  });

  it('removes an environment on external servers without asking for a Cluster to protect', async () => {
    const target = join(tempDir(), 'repo');
    expect((await run([target, '--config', configFile(EXTERNAL_CONFIG), ...TEST_SEALING], VARIABLES)).status).toBe(0);
    const result = await run([target, '--remove-env', 'prod']);
    expect(result.err).toBe('');
    expect(result.status).toBe(0);
    expect(result.out).toContain('kept: the data on its external servers, the namespace inngest-prod.');
  });

  it('refuses a flag naming no environment', async () => {
    const target = await scaffoldInCluster();
    const result = await run([target, '--allow-data-removal', 'qa']);
    expect(result.status).toBe(2);
    expect(result.err.trim()).toBe(
      'error: --allow-data-removal: "qa" is not an environment of these answers (one of: stage, prod)',
    );
  });
});
