import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import { userErrorOf } from '../../helpers/answers.js';
import { tempDir } from '../../helpers/cli.js';
import { runMain } from '../../helpers/main.js';

const RESERVED =
  '(any name but project, root, platform-project and platform-cloudnative-pg[-…], platform-keda[-…], platform-sealed-secrets[-…], platform-cert-manager[-…], platform-plugin-barman-cloud[-…]: they name files and Applications under argocd/apps)';

async function scaffold(args: string[], answers?: unknown) {
  const dir = tempDir('cig-names-');
  const extra: string[] = ['--yes'];
  if (answers !== undefined) {
    writeFileSync(join(dir, 'answers.json'), JSON.stringify(answers));
    extra.push('--config', 'answers.json');
  }
  const result = await runMain(['repo', ...extra, ...args], { cwd: dir });
  return { ...result, written: existsSync(join(dir, 'repo')), dir };
}

describe('derived Argo CD names never collide', () => {
  for (const name of [
    'project',
    'root',
    'platform-project',
    'platform-keda',
    'platform-cloudnative-pg',
    'platform-sealed-secrets',
    'platform-cert-manager',
    'platform-plugin-barman-cloud',
  ]) {
    it(`an environment named ${name} is refused with the list of reserved names; nothing written`, async () => {
      const result = await scaffold(['--environments', `stage,${name}`]);
      expect(result.stderr).toBe(`error: environments[1].name: "${name}" is reserved ${RESERVED}\n`);
      expect(result.status).toBe(2);
      expect(result.written).toBe(false);
    });
  }

  it('names a platform Application would take with a cluster suffix are reserved too', () => {
    expect(userErrorOf({ environments: [{ name: 'platform-keda-eu' }] }).message).toBe(
      `environments[0].name: "platform-keda-eu" is reserved ${RESERVED}`,
    );
    expect(
      resolveAnswers({ environments: [{ name: 'platform' }, { name: 'platforms-keda' }] }).environments,
    ).toHaveLength(2);
  });

  it('--name platform --environments keda,prod: two Applications named platform-keda', async () => {
    const result = await scaffold(['--name', 'platform', '--environments', 'keda,prod']);
    expect(result.stderr).toBe(
      'error: environments[0].name: makes the Application platform-keda (the Application of environment keda: name "platform", "-" and the environment name), which is also the keda operator Application of cluster https://kubernetes.default.svc (environments[0].cluster) (another environment name, or another name)\n',
    );
    expect(result.status).toBe(2);
    expect(result.written).toBe(false);
  });

  it('the same name without the operators is fine: nothing else is called platform-keda', () => {
    const answers = resolveAnswers({
      name: 'platform',
      platform: { installOperators: false },
      environments: [{ name: 'keda' }],
    });
    expect(answers.environments[0]!.name).toBe('keda');
  });

  it('two cluster URLs that differ only in port', async () => {
    const result = await scaffold([], {
      environments: [
        { name: 'stage', cluster: 'https://k8s.example.com:6443' },
        { name: 'prod', cluster: 'https://k8s.example.com:7443' },
      ],
    });
    expect(result.stderr).toBe(
      'error: environments[1].cluster: makes the Application platform-cloudnative-pg-k8s-example-com (the cloudnative-pg operator Application of cluster https://k8s.example.com:7443), which is also the cloudnative-pg operator Application of cluster https://k8s.example.com:6443 (environments[0].cluster) (cluster URLs whose hosts differ within their first 30 characters, or platform.installOperators false where the clusters have the operators already)\n',
    );
    expect(result.status).toBe(2);
    expect(result.written).toBe(false);
  });

  it('two cluster URLs that share their first 30 characters', () => {
    const message = userErrorOf({
      environments: [
        { name: 'stage', cluster: 'https://api.eu-central-1.prod-cluster.example.com' },
        { name: 'prod', cluster: 'https://api.eu-central-1.prod-cluster.example.org' },
      ],
    }).message;
    expect(message).toMatch(
      /^environments\[1\]\.cluster: makes the Application platform-cloudnative-pg-api-eu-central-1-prod-cluster .*\(environments\[0\]\.cluster\)/,
    );
  });

  it('two clusters whose hosts differ early get their own operator Applications', async () => {
    const result = await scaffold([], {
      environments: [
        { name: 'stage', cluster: 'https://stage.k8s.example.com' },
        { name: 'prod', cluster: 'https://prod.k8s.example.com' },
      ],
    });
    expect(result.status).toBe(0);
    const apps = readdirSync(join(result.dir, 'repo/argocd/apps')).filter((f) => f.startsWith('platform-keda'));
    expect(apps).toEqual(['platform-keda-prod-k8s-example-com.yaml', 'platform-keda-stage-k8s-example-com.yaml']);
  });

  it('name "default" would replace the AppProject Argo CD creates itself', () => {
    expect(userErrorOf({ name: 'default' }).message).toBe(
      'name: "default" would name an AppProject "default", the project Argo CD creates itself and the root Application lives in (another DNS label)',
    );
  });
});
