import type { Answers, Environment } from '../answers/schema.js';
import { plain, type Style } from '../core/style.js';
import { plural } from '../core/text.js';
import { cliCommand } from '../model/cli-command.js';
import { serverAddress } from '../answers/stores.js';
import { installedOperators } from './argocd.js';
import { unmanagedTlsSecrets } from './exposure.js';

/** What a run does beyond the answers: shown in the review, and the source of some warnings. */
export interface RunPlan {
  /** init: a new repository with a first commit; inside: the target is in one already; none. */
  git: 'init' | 'inside' | 'none';
  /** The target folder as the user would type it from where they are (`.` for the current one). */
  target?: string;
  /** Set when the target lies below the top folder of an existing Git repository. */
  repositoryTop?: string;
  /** The certificate file or URL of sealing method certificate, as given. */
  certificate?: string;
  generatorVersion: string;
}

/**
 * The review screen before anything is written: what every environment gets, how secrets are
 * sealed, where Argo CD reads from, and the warnings. Pure; colours come from `style`.
 */
export function reviewText(answers: Answers, run: RunPlan, style: Style = plain): string {
  const row = (label: string, value: string) =>
    label.length < 12
      ? `  ${style.bold(label.padEnd(12))}${value}`
      : `  ${style.bold(label)}\n  ${' '.repeat(12)}${value}`;
  const lines = [
    style.bold('Review'),
    '',
    row('Project', `${answers.name}, image ${answers.image.repository}:${answers.image.tag}`),
    ...(run.target ? [row('Folder', run.target)] : []),
    row(
      'Repository',
      answers.repoURL ? `${answers.repoURL}, branch ${answers.argocd.revision}` : style.yellow('not set yet'),
    ),
    row('Sealing', sealingText(answers, run)),
    row('Git', gitText(answers, run)),
    row(
      'Operators',
      answers.platform.installOperators
        ? `installed by Argo CD: ${installedOperators(answers)
            .map((operator) => operator.chart.chart)
            .join(', ')}`
        : 'already in the cluster',
    ),
    row(
      'Monitoring',
      answers.monitoring.enabled
        ? `Prometheus Operator PodMonitors, Prometheus in ${answers.monitoring.prometheusNamespace}`
        : 'none',
    ),
    // What is not asked, so nothing is decided unseen; every answer: --print-config.
    row(
      'Not asked',
      `Argo CD in ${answers.argocd.namespace}; controller ${answers.sealing.controllerNamespace}/${answers.sealing.controllerName}; log level ${answers.inngest.logLevel}; DNS ${answers.network.dns}; KEDA in ${answers.platform.kedaNamespace}`,
    ),
    '',
  ];
  for (const env of answers.environments) {
    const [first, ...rest] = environmentLines(env);
    lines.push(row(env.name, first!), ...rest.map((line) => row('', line)));
  }
  const warnings = reviewWarnings(answers, run);
  lines.push('', style.dim('Every answer: --print-config.'));
  if (warnings.length > 0) {
    lines.push('', style.bold('Warnings'), ...warnings.map((w) => `  ${style.yellow('!')} ${w}`));
  }
  return `${lines.join('\n')}\n`;
}

function sealingText(answers: Answers, run: RunPlan): string {
  switch (answers.sealing.method) {
    case 'new-key':
      return `new controller key in ${answers.sealing.keyFolder}`;
    case 'certificate':
      return `with the certificate ${run.certificate ?? '(given by --cert)'}`;
    case 'cluster':
      return "with the certificate of the cluster's running controller (kubeseal)";
    case 'later':
      return 'later, once the controller runs';
  }
}

function gitText(answers: Answers, run: RunPlan): string {
  if (run.git === 'init') return `git init on ${answers.argocd.revision}, a first commit`;
  return run.git === 'inside' ? 'in a repository already' : 'no git init';
}

function environmentLines(env: Environment): string[] {
  const storage = (size: string, storageClass: string) => `${size}${storageClass ? ` (class ${storageClass})` : ''}`;
  const backups = env.postgres.backup
    ? `backups to ${env.postgres.backup.destinationPath}, kept ${env.postgres.backup.retentionPolicy}`
    : 'no backups';
  const exposure = env.gateway
    ? `https://${env.hostname}: HTTPRoute on Gateway ${[env.gateway.namespace, env.gateway.name, env.gateway.sectionName].filter(Boolean).join('/')}, proxy pods in ${env.gateway.proxyNamespace ?? env.gateway.namespace}`
    : env.ingress
      ? `https://${env.hostname}: Ingress, ${env.ingress.className ? `class ${env.ingress.className}` : 'default class'}, controller pods in ${env.ingress.controllerNamespace}`
      : 'not exposed (port-forward)';
  return [
    `namespace ${env.namespace}, ${env.profile} profile`,
    `Inngest ${replicasText(env)}`,
    env.postgres.mode === 'external' && env.postgres.external
      ? `Postgres: existing server ${server(env.postgres.external)}, backed up by its provider`
      : `Postgres ${plural(env.postgres.instances, 'instance')}, ${storage(env.postgres.storageSize, env.postgres.storageClass)}, ${backups}`,
    env.valkey.mode === 'external' && env.valkey.external
      ? `Redis: existing server ${server(env.valkey.external)}, ${env.valkey.external.tls ? 'TLS' : 'no TLS'}`
      : `Valkey ${storage(env.valkey.storageSize, env.valkey.storageClass)}, maxmemory ${env.valkey.maxMemory}`,
    env.retention.enabled ? `run history kept ${env.retention.days} days` : 'run history kept (no retention)',
    exposure,
    ...(env.connectHostname ? [`Connect gateway at ${env.connectHostname}`] : []),
  ];
}

/** "db.example.internal:5432 (egress to 10.20.0.0/16)". */
function server(external: { host: string; port: number; egressCIDRs: string[] }): string {
  return `${serverAddress(external)} (egress to ${external.egressCIDRs.join(', ')})`;
}

function replicasText(env: Environment): string {
  if (!env.keda.enabled) return `${plural(env.replicas, 'replica')}, no autoscaling`;
  const source = {
    'metrics-api': "KEDA reads Inngest's /metrics",
    prometheus: `KEDA queries ${env.keda.prometheusAddress || 'Prometheus'}`,
    sidecar: 'KEDA reads a Prometheus sidecar',
  }[env.keda.source];
  return `${env.keda.minReplicas}–${env.keda.maxReplicas} replicas, ${source}`;
}

const PRODUCTION_LIKE = /(^|-)(prod|production|prd|live)(-|$)/;

/** Problems worth a second look before writing; also printed by a --yes run. */
export function reviewWarnings(answers: Answers, run: RunPlan): string[] {
  const warnings: string[] = [];
  if (!answers.repoURL) {
    const inFolder = run.target && run.target !== '.' ? ` in ${run.target}` : '';
    warnings.push(
      `no repository URL for Argo CD: set it with ${cliCommand(run.generatorVersion)} . --repo-url URL${inFolder}`,
    );
  }
  if (run.repositoryTop && run.git === 'inside') {
    warnings.push(`inside the repository at ${run.repositoryTop}: Argo CD reads paths from its top folder`);
  }
  for (const env of answers.environments) {
    if (env.profile === 'production' && !env.postgres.backup && env.postgres.mode !== 'external') {
      warnings.push(`${env.name}: production without Postgres backups`);
    }
    for (const { host, secret } of unmanagedTlsSecrets(env))
      warnings.push(`${env.name}: HTTPS on ${host} needs the TLS Secret ${secret} (or ingress.certManager)`);
    if (env.profile === 'small' && PRODUCTION_LIKE.test(env.name)) {
      warnings.push(`${env.name}: named like production, sized small`);
    }
  }
  if (answers.sealing.method === 'later') {
    warnings.push('secrets not sealed yet: the next steps seal them');
  }
  if (answers.sealing.method === 'cluster' && answers.platform.installOperators) {
    warnings.push(
      'sealed for a running controller, yet Sealed Secrets is installed again: are the operators installed already?',
    );
  }
  return warnings;
}
