import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import type { PartialAnswers } from '../../../src/answers/schema.js';
import { nextSteps } from '../../../src/render/next-steps.js';
import { reviewWarnings } from '../../../src/render/review.js';
import { commandsOf, expectInOrder } from '../../helpers/next-steps.js';

const URL = 'https://github.com/acme/inngest-gitops.git';

describe('nextSteps for each sealing method (pure)', () => {
  const steps = (partial: PartialAnswers) =>
    commandsOf(nextSteps(resolveAnswers({ repoURL: URL, ...partial }), '9.9.9'));

  it('a certificate: restores the key backup before the root, no controller-first step', () => {
    const commands = steps({ sealing: { method: 'certificate' } });
    expectInOrder(commands, ['sealed-secrets-keys.yaml', 'argocd/root.yaml']);
    expect(commands.some((c) => c.includes('platform-sealed-secrets'))).toBe(false);
  });

  it('the cluster: backs the running controller keys up; operators already installed: no controller-first step', () => {
    const commands = steps({ sealing: { method: 'cluster' }, platform: { installOperators: false } });
    expect(commands).toContain(
      'kubectl -n kube-system get secret -l sealedsecrets.bitnami.com/sealed-secrets-key -o yaml > "$HOME/inngest-sealed-secrets-keys.yaml"',
    );
    const later = steps({ sealing: { method: 'later' }, platform: { installOperators: false } });
    expect(later.some((c) => c.includes('platform-sealed-secrets'))).toBe(false);
    expect(later.some((c) => c.includes('secrets . --cert "$HOME/inngest-sealed-secrets.crt"'))).toBe(true);
  });

  it('a controller in another namespace: its namespace is created before the key Secret', () => {
    const commands = steps({
      sealing: { method: 'new-key', keyFolder: '~/keys', controllerNamespace: 'sealed-secrets' },
    });
    expect(commands.indexOf('kubectl create namespace sealed-secrets')).toBeLessThan(
      commands.findIndex((c) => c.includes('create secret tls')),
    );
  });

  it('provided credentials (backups): read without echo and sealed with the same certificate, before the root', () => {
    const commands = steps({
      sealing: { method: 'new-key', keyFolder: '~/keys' },
      environments: [{ name: 'prod', postgres: { backup: { destinationPath: 's3://backups/prod' } } }],
    });
    const read = commands.indexOf(
      'read -rs INNGEST_GITOPS_PROD_ACCESS_KEY_ID && export INNGEST_GITOPS_PROD_ACCESS_KEY_ID',
    );
    const seal = commands.indexOf(
      'npx create-inngest-gitops@9.9.9 secrets . --env prod --secret inngest-postgres-backup-credentials --cert "$HOME/keys/sealed-secrets.crt"',
    );
    expect(read).toBeGreaterThanOrEqual(0);
    expect(seal).toBeGreaterThan(read);
    expect(seal).toBeLessThan(commands.findIndex((c) => c.includes('argocd/root.yaml')));
  });

  it('an SSH URL: a deploy-key Secret, and a note about host keys for a host Argo CD does not know', () => {
    const text = nextSteps(
      resolveAnswers({ repoURL: 'ssh://git@git.example.com:2222/acme/inngest.git', sealing: { method: 'later' } }),
      '9.9.9',
    );
    expect(
      commandsOf(text).filter((c) => c.includes('--from-file=sshPrivateKey="$HOME/.ssh/inngest-deploy-key"')),
    ).toHaveLength(1);
    expect(text).toContain('Add the SSH host keys of git.example.com to the ConfigMap argocd-ssh-known-hosts-cm');
  });

  it('wraps prose at 100 columns and keeps every command on one line', () => {
    const text = nextSteps(resolveAnswers({ repoURL: URL }), '9.9.9');
    for (const line of text.split('\n').filter((l) => !/^ {7,}\S/.test(l)))
      expect(line.length).toBeLessThanOrEqual(100);
  });
});

describe('TLS for Ingress hosts', () => {
  const ingress = (certManager?: { clusterIssuer: string }) =>
    resolveAnswers({
      repoURL: URL,
      environments: [
        { name: 'stage' },
        {
          name: 'prod',
          hostname: 'inngest.example.com',
          ingress: { className: 'nginx', ...(certManager ? { certManager } : {}) },
        },
      ],
    });

  it('without a cert-manager issuer: a step creates the TLS Secret the Ingress serves, after the sync, and the review warns', () => {
    const answers = ingress();
    const commands = commandsOf(nextSteps(answers, '9.9.9'));
    const create =
      'kubectl -n inngest-prod create secret tls inngest-tls --cert=inngest.example.com.crt --key=inngest.example.com.key';
    expect(commands).toContain(create);
    expect(commands.indexOf(create)).toBeGreaterThan(commands.findIndex((c) => c.includes('--for=create')));
    expect(reviewWarnings(answers, { git: 'none', generatorVersion: '9.9.9' })).toContain(
      'prod: HTTPS on inngest.example.com needs the TLS Secret inngest-tls (or ingress.certManager)',
    );
  });

  it('with an issuer: cert-manager issues it, so neither the step nor the warning', () => {
    const answers = ingress({ clusterIssuer: 'letsencrypt' });
    expect(commandsOf(nextSteps(answers, '9.9.9')).some((c) => c.includes('create secret tls'))).toBe(false);
    expect(reviewWarnings(answers, { git: 'none', generatorVersion: '9.9.9' }).join('\n')).not.toContain('TLS Secret');
  });
});
