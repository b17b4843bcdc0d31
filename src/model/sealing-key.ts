import { shellPath, shellQuote } from '../core/text.js';

/**
 * A Sealed Secrets controller key brought by the user ("bring your own certificates",
 * github.com/bitnami-labs/sealed-secrets docs/bring-your-own-certificates.md): the files a new
 * key pair is written to, the Secret it is loaded as, and the commands that load it.
 */
export const CONTROLLER_KEY_FILES = { key: 'sealed-secrets.key', certificate: 'sealed-secrets.crt' } as const;

/** Name of the TLS Secret the key is loaded as, in the controller's namespace. */
const CONTROLLER_KEY_SECRET = 'sealed-secrets-key-gitops';

/** The label the controller selects its keys by (docs/bring-your-own-certificates.md). */
export const ACTIVE_KEY_LABEL = 'sealedsecrets.bitnami.com/sealed-secrets-key=active';

/** Every key the controller made or was given carries this label key (with value active or compromised). */
export const KEY_LABEL_SELECTOR = 'sealedsecrets.bitnami.com/sealed-secrets-key';

/**
 * The commands that give the controller a key pair from `folder` (a path as the user writes it,
 * `~/…` allowed): a TLS Secret in the controller's namespace, labelled active. The controller
 * registers every such Secret when it starts (pkg/controller/main.go `initKeyRegistry`), so
 * loading the key before the controller's first start needs no restart. kube-system always
 * exists; another namespace is created first.
 */
export function loadKeyCommands(folder: string, namespace: string): string[] {
  const ns = shellQuote(namespace);
  const file = (name: string) => shellPath(`${folder.replace(/\/+$/, '')}/${name}`);
  return [
    ...(namespace === 'kube-system' ? [] : [`kubectl create namespace ${ns}`]),
    `kubectl -n ${ns} create secret tls ${CONTROLLER_KEY_SECRET} --cert=${file(CONTROLLER_KEY_FILES.certificate)} --key=${file(CONTROLLER_KEY_FILES.key)}`,
    `kubectl -n ${ns} label secret ${CONTROLLER_KEY_SECRET} ${ACTIVE_KEY_LABEL}`,
  ];
}

/**
 * A controller that is already running reads its keys only at start: after loading a key into
 * it, restart it (the docs delete the pod by the plain manifest's label; the Helm chart labels
 * pods differently, so restart the Deployment, named after the controller in both installs).
 */
export function restartControllerCommand(controllerName: string, namespace: string): string {
  return `kubectl -n ${shellQuote(namespace)} rollout restart deployment/${shellQuote(controllerName)}`;
}

/** The sealing flag a later `secrets` run needs to seal with the same certificate as this one. */
export function certificateFlag(source: { keyFolder?: string; cert?: string; fetchCert?: boolean }): string {
  if (source.keyFolder) return `--cert ${shellPath(`${source.keyFolder}/${CONTROLLER_KEY_FILES.certificate}`)}`;
  if (source.cert !== undefined) return `--cert ${shellQuote(source.cert)}`;
  return source.fetchCert ? '--fetch-cert' : '--cert CERTIFICATE';
}
