/** A typed kubernetes-models object (anything with toJSON and validate). */
export interface Model {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string };
  validate(): void;
  toJSON(): unknown;
}
