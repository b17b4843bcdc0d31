import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import {
  BarmanObjectStoreConfiguration,
  type IBarmanObjectStoreConfiguration,
} from '@kubernetes-models/cloudnative-pg/github.com/cloudnative-pg/barman-cloud/pkg/api/BarmanObjectStoreConfiguration';
import type { Model } from './typed-object.js';

/**
 * `ObjectStore` of the Barman Cloud plugin (barmancloud.cnpg.io/v1, CRD
 * github.com/cloudnative-pg/plugin-barman-cloud config/crd/bases/barmancloud.cnpg.io_objectstores.yaml,
 * release v0.14.0). kubernetes-models has no class for it, so this is a small typed model:
 * the interfaces make typos tsc errors, and validate() checks `spec.configuration` with the
 * generated Barman configuration model (the same schema as CloudNativePG's in-tree
 * barmanObjectStore) plus the CRD rules that schema does not carry.
 */
export interface ObjectStoreSpec {
  configuration: IBarmanObjectStoreConfiguration;
  /** `XXu` with u in d, w, m (CRD pattern ^[1-9][0-9]*[dwm]$). */
  retentionPolicy?: string;
}

export interface IObjectStore {
  apiVersion: 'barmancloud.cnpg.io/v1';
  kind: 'ObjectStore';
  metadata: IObjectMeta;
  spec: ObjectStoreSpec;
}

export class ObjectStore implements Model, IObjectStore {
  readonly apiVersion = 'barmancloud.cnpg.io/v1' as const;
  readonly kind = 'ObjectStore' as const;
  metadata: IObjectMeta;
  spec: ObjectStoreSpec;

  constructor(data: Omit<IObjectStore, 'apiVersion' | 'kind'>) {
    this.metadata = data.metadata;
    this.spec = data.spec;
  }

  validate(): void {
    validateObjectStoreSpec(this.metadata.name, this.spec);
  }

  toJSON(): IObjectStore {
    return { apiVersion: this.apiVersion, kind: this.kind, metadata: this.metadata, spec: this.spec };
  }
}

const RETENTION = /^[1-9][0-9]*[dwm]$/;

/** Throws on a shape the ObjectStore CRD would reject. */
function validateObjectStoreSpec(name: string | undefined, spec: ObjectStoreSpec): void {
  const where = `ObjectStore ${name ?? '(unnamed)'}`;
  if (!name) throw new Error(`${where}: metadata.name is required`);
  new BarmanObjectStoreConfiguration(spec.configuration).validate();
  const { configuration } = spec;
  if (!configuration.destinationPath) throw new Error(`${where}: spec.configuration.destinationPath is required`);
  // CRD x-kubernetes-validations: "use the 'serverName' plugin parameter in the Cluster resource".
  if (configuration.serverName !== undefined) throw new Error(`${where}: spec.configuration.serverName is forbidden`);
  const s3 = configuration.s3Credentials;
  if (s3 && !s3.inheritFromIAMRole && (!s3.accessKeyId?.name || !s3.secretAccessKey?.name)) {
    throw new Error(`${where}: s3Credentials need accessKeyId and secretAccessKey Secret references`);
  }
  if (spec.retentionPolicy !== undefined && !RETENTION.test(spec.retentionPolicy)) {
    throw new Error(
      `${where}: spec.retentionPolicy ${JSON.stringify(spec.retentionPolicy)} does not match ${RETENTION.source}`,
    );
  }
}
