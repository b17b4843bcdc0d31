import { objectNames, ports } from './names.js';
import { selectorLabels } from './labels.js';

/** How Inngest reaches Valkey: the Service of our StatefulSet, password auth (requirepass). */
export function valkeyConnection() {
  const host = objectNames.valkey;
  return {
    host,
    port: ports.valkey,
    podLabels: (answers: { name: string }) => selectorLabels(answers, 'valkey'),
    /** rueidis accepts redis://:<password>@host:port/<db> (github.com/redis/rueidis url.go). */
    uri: (passwordRef: string) => `redis://:${passwordRef}@${host}:${ports.valkey}/0`,
  };
}
