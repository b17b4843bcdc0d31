/**
 * Build-time generator for the strict "shape" tables used by src/validate/strict.ts.
 *
 * Source: the TypeScript declarations that the pinned kubernetes-models packages ship.
 * kubernetes-models generates them from the upstream OpenAPI definitions (Kubernetes'
 * swagger, and for the CRD packages the OpenAPI of the operators' Go API types), and
 * they keep exactly the structural facts strict validation needs:
 *   - every known property name of every object (interface members),
 *   - `additionalProperties` maps (string index signatures),
 *   - free-form objects (`{}` interfaces such as RawExtension/FieldsV1, `any`).
 * Types, required fields, enums and formats are NOT taken from here: strict.ts uses the
 * same packages' precompiled ajv validators for those.
 *
 * Rule (mirrors kubeconform -strict): an object schema with known properties and no
 * additional-properties / preserve-unknown-fields marker is closed; free-form objects
 * stay open.
 *
 * Output per kind: { apiVersion, kind, root, defs } where a Shape is
 *   0                    no structural constraint (scalar, free-form object, any)
 *   "<def name>"         reference into defs
 *   { p: {...}, a?: S }  object: known properties; `a` present = other keys allowed,
 *                        each checked against shape S; `a` absent = closed
 *   { i: S }             array whose items have shape S
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { KINDS, SOURCE_PACKAGES, shapeFileName, type KindSource } from '../src/validate/kinds.js';

export type Shape = 0 | string | ObjectShape | ArrayShape;
export interface ObjectShape {
  p: Record<string, Shape>;
  a?: Shape;
}
export interface ArrayShape {
  i: Shape;
}
export interface KindShapeFile {
  apiVersion: string;
  kind: string;
  root: Shape;
  defs: Record<string, Shape>;
}

/**
 * Upstream versions each pinned package was generated from, as stated by the
 * kubernetes-models-ts release sources (go.mod of each third-party package, README
 * badge for kubernetes-models). Keyed by exact installed version so that upgrading a
 * package without reviewing this table fails `npm run schemas` (and so the drift test).
 */
export const UPSTREAM: Readonly<Record<string, string>> = {
  'kubernetes-models@5.1.0':
    'Kubernetes 1.36 (k8s.io/api v0.36.0 OpenAPI; PodSpec/Container field set matches v1.36.0)',
  '@kubernetes-models/apimachinery@3.0.2':
    'k8s.io/apimachinery v0.36.0 (ObjectMeta, LabelSelector, Quantity, IntOrString)',
  '@kubernetes-models/cloudnative-pg@2.0.0':
    'CloudNativePG api/v1 v1.29.0 (github.com/cloudnative-pg/cloudnative-pg; barman-cloud lib v0.5.0)',
  '@kubernetes-models/keda@2.0.0': 'KEDA apis v2.19.0 (github.com/kedacore/keda/v2)',
  '@kubernetes-models/sealed-secrets@6.0.0':
    'Sealed Secrets bitnami.com/v1alpha1 (github.com/bitnami-labs/sealed-secrets; version not stated by the package)',
  '@kubernetes-models/argo-cd@4.0.0': 'Argo CD pkg/apis/application/v1alpha1 v3.3.9 (github.com/argoproj/argo-cd/v3)',
  '@kubernetes-models/prometheus-operator@6.0.0': 'Prometheus Operator pkg/apis/monitoring v0.91.0',
  '@kubernetes-models/gateway-api@2.0.0':
    'Gateway API apis/v1 v1.5.1 (sigs.k8s.io/gateway-api); shapes keep the standard-channel fields only',
};

/**
 * Fields the models carry that the CRDs clusters install do not. @kubernetes-models/gateway-api
 * is generated from the Go types, which hold the experimental channel too; clusters run the
 * standard channel, whose HTTPRoute CRD (kubernetes-sigs/gateway-api
 * config/crd/standard/gateway.networking.k8s.io_httproutes.yaml, v1.5.1 and v1.6.1) has none of
 * these (`<gateway:experimental>` in apis/v1/httproute_types.go). Left out of the shapes, so
 * `validate` reports them as unknown fields; scripts/build.mjs leaves their validators out of the
 * bundle for that reason. Keyed like the shape defs (module#interface).
 */
export const NOT_IN_STANDARD_CHANNEL: Readonly<Record<string, readonly string[]>> = {
  '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRouteSpec#IHTTPRouteSpec': ['useDefaultGateways'],
  '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRouteRule#IHTTPRouteRule': [
    'retry',
    'sessionPersistence',
  ],
  '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRouteFilter#IHTTPRouteFilter': ['externalAuth'],
};

const PROJECT_ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
export const DEFAULT_OUT_DIR = join(PROJECT_ROOT, 'src', 'validate', 'schemas');

function packageVersion(name: string): string {
  const req = createRequire(join(PROJECT_ROOT, 'package.json'));
  for (const base of req.resolve.paths(name) ?? []) {
    try {
      const pkg = JSON.parse(readFileSync(join(base, name, 'package.json'), 'utf8')) as { version: string };
      return pkg.version;
    } catch {
      // try next lookup path
    }
  }
  throw new Error(`package ${name} is not installed (run npm ci)`);
}

function buildProgram(kinds: readonly KindSource[]): { program: ts.Program; entry: string } {
  const entry = join(PROJECT_ROOT, '__strict_schema_entry__.ts');
  const text = kinds
    .map((k, i) => `import type { ${k.iface} as K${i} } from "${k.module}";\nexport type { K${i} };`)
    .join('\n');
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options, true);
  const origGet = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, lang, onError, create) =>
    resolve(fileName) === entry ? ts.createSourceFile(fileName, text, lang) : origGet(fileName, lang, onError, create);
  const origExists = host.fileExists.bind(host);
  host.fileExists = (f) => resolve(f) === entry || origExists(f);
  const origRead = host.readFile.bind(host);
  host.readFile = (f) => (resolve(f) === entry ? text : origRead(f));
  const program = ts.createProgram([entry], options, host);
  const diags = ts.getPreEmitDiagnostics(program).filter((d) => d.file && resolve(d.file.fileName) === entry);
  if (diags.length) {
    throw new Error(
      'cannot resolve kind declarations:\n' +
        diags.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n'),
    );
  }
  return { program, entry };
}

const SCALAR =
  ts.TypeFlags.StringLike |
  ts.TypeFlags.NumberLike |
  ts.TypeFlags.BooleanLike |
  ts.TypeFlags.EnumLike |
  ts.TypeFlags.BigIntLike |
  ts.TypeFlags.Null |
  ts.TypeFlags.Undefined |
  ts.TypeFlags.Void |
  ts.TypeFlags.Never |
  ts.TypeFlags.ESSymbolLike;

class ShapeBuilder {
  readonly defs = new Map<string, Shape>();
  private readonly building = new Set<string>();
  constructor(private readonly checker: ts.TypeChecker) {}

  /** Stable, package-relative name of a named interface/alias, or undefined if anonymous. */
  private defName(t: ts.Type): string | undefined {
    const sym = t.aliasSymbol ?? t.getSymbol();
    if (!sym || !(sym.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias))) return undefined;
    const decl = sym.declarations?.[0];
    if (!decl) return undefined;
    const file = decl.getSourceFile().fileName.split(sep).join('/');
    const idx = file.lastIndexOf('/node_modules/');
    const rel = (idx >= 0 ? file.slice(idx + '/node_modules/'.length) : file).replace(/\.d\.ts$/, '');
    return `${rel}#${sym.name}`;
  }

  shapeOfTypes(types: readonly ts.Type[]): Shape {
    const flat: ts.Type[] = [];
    for (const t of types) flat.push(...(t.isUnion() ? t.types : [t]));
    const objects: ts.Type[] = [];
    const arrays: ts.Type[] = [];
    for (const t of flat) {
      if (t.flags & SCALAR) continue;
      if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.NonPrimitive)) return 0;
      if (this.checker.isArrayType(t) || this.checker.isTupleType(t)) arrays.push(t);
      else if (t.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) objects.push(t);
      else return 0;
    }
    if (objects.length && arrays.length) return 0;
    if (arrays.length) {
      const items = arrays.flatMap((a) => this.checker.getTypeArguments(a as ts.TypeReference));
      return { i: this.shapeOfTypes(items) };
    }
    if (objects.length === 0) return 0;
    if (objects.length === 1) return this.objectShape(objects[0]!);
    return this.mergedObjectShape(objects);
  }

  private objectShape(t: ts.Type): Shape {
    const name = this.defName(t);
    if (name === undefined) return this.mergedObjectShape([t]);
    if (this.building.has(name)) return name; // recursive type
    if (!this.defs.has(name)) {
      this.building.add(name);
      this.defs.set(name, withoutFields(name, this.mergedObjectShape([t])));
      this.building.delete(name);
    }
    // Inline free-form objects instead of referencing them.
    return this.defs.get(name) === 0 ? 0 : name;
  }

  private mergedObjectShape(types: readonly ts.Type[]): Shape {
    const props = new Map<string, ts.Type[]>();
    const index: ts.Type[] = [];
    for (const t of types) {
      for (const sym of this.checker.getPropertiesOfType(t)) {
        const pt = this.checker.getTypeOfSymbol(sym);
        const list = props.get(sym.name) ?? [];
        list.push(pt);
        props.set(sym.name, list);
      }
      for (const info of this.checker.getIndexInfosOfType(t)) {
        if (info.keyType.flags & ts.TypeFlags.String) index.push(info.type);
      }
    }
    if (props.size === 0 && index.length === 0) return 0; // free-form object
    const p: Record<string, Shape> = {};
    for (const [k, list] of props) p[k] = this.shapeOfTypes(list);
    const out: ObjectShape = { p };
    if (index.length) out.a = this.shapeOfTypes(index);
    return out;
  }
}

/** The shape without the fields NOT_IN_STANDARD_CHANNEL lists for this def; a listed field that is gone fails. */
function withoutFields(name: string, shape: Shape): Shape {
  const fields = NOT_IN_STANDARD_CHANNEL[name];
  if (!fields) return shape;
  if (typeof shape !== 'object' || !('p' in shape)) throw new Error(`${name} is not an object shape`);
  const p = { ...shape.p };
  for (const field of fields) {
    if (!(field in p)) throw new Error(`${name} has no field ${field}: update NOT_IN_STANDARD_CHANNEL`);
    delete p[field];
  }
  return { ...shape, p };
}

/** Keep only the defs reachable from root (a def may have been superseded by inlining). */
function prune(root: Shape, defs: Map<string, Shape>): Record<string, Shape> {
  const keep = new Set<string>();
  const visit = (s: Shape): void => {
    if (s === 0) return;
    if (typeof s === 'string') {
      if (keep.has(s)) return;
      keep.add(s);
      visit(defs.get(s) ?? 0);
      return;
    }
    if ('i' in s) return visit(s.i);
    for (const v of Object.values(s.p)) visit(v);
    if (s.a !== undefined) visit(s.a);
  };
  visit(root);
  const out: Record<string, Shape> = {};
  for (const k of [...keep].sort()) out[k] = defs.get(k) ?? 0;
  return out;
}

export interface Manifest {
  generator: string;
  rule: string;
  sources: { name: string; version: string; upstream: string }[];
  kinds: { apiVersion: string; kind: string; file: string; sha256: string }[];
}

/** Generate all shape files plus manifest.json into outDir (replacing its *.json files). */
export function generateStrictSchemas(outDir: string = DEFAULT_OUT_DIR): Manifest {
  const sources = SOURCE_PACKAGES.map((name) => {
    const version = packageVersion(name);
    const upstream = UPSTREAM[`${name}@${version}`];
    if (upstream === undefined) {
      throw new Error(
        `${name}@${version} is not described in UPSTREAM (scripts/strict-schemas-lib.ts): ` +
          'check which upstream version it was generated from, add it, then run npm run schemas',
      );
    }
    return { name, version, upstream };
  });

  const { program, entry } = buildProgram(KINDS);
  const checker = program.getTypeChecker();
  const entryFile = program.getSourceFile(entry);
  if (!entryFile) throw new Error('internal: entry file missing');
  const moduleSymbol = checker.getSymbolAtLocation(entryFile);
  if (!moduleSymbol) throw new Error('internal: entry module symbol missing');
  const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, s]));

  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir)) if (f.endsWith('.json')) rmSync(join(outDir, f));

  const manifest: Manifest = {
    generator: 'scripts/generate-strict-schemas.ts (npm run schemas)',
    rule:
      'objects with known properties and no additionalProperties/free-form marker are closed (kubeconform -strict); ' +
      "types, required fields, enums and formats come from the same packages' precompiled validators",
    sources,
    kinds: [],
  };

  KINDS.forEach((k, i) => {
    const sym = exports.get(`K${i}`);
    if (!sym) throw new Error(`internal: export K${i} missing`);
    const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
    const type = checker.getDeclaredTypeOfSymbol(target);
    const builder = new ShapeBuilder(checker);
    const root = builder.shapeOfTypes([type]);
    const file: KindShapeFile = { apiVersion: k.apiVersion, kind: k.kind, root, defs: prune(root, builder.defs) };
    const text = JSON.stringify(file) + '\n';
    const name = shapeFileName(k.apiVersion, k.kind);
    writeFileSync(join(outDir, name), text);
    manifest.kinds.push({
      apiVersion: k.apiVersion,
      kind: k.kind,
      file: name,
      sha256: createHash('sha256').update(text).digest('hex'),
    });
  });

  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

export function relativeToRoot(p: string): string {
  return relative(PROJECT_ROOT, p);
}
