#!/usr/bin/env node
// npm run build: bundle src/cli.ts into dist/ the create-vite way: one package, no runtime dependencies.
//
// - One ESM entry, dist/cli.js, that the bin shim imports. Every library is bundled, so the
//   published package has no dependencies and needs nothing but Node's standard library.
// - splitting: each dynamic import() in src/ becomes its own file, so `--help` and `--version`
//   load only the entry and the init chunk, and the manifest models, the sealer and the
//   validators are read from disk only by the commands that use them (test/e2e/package.test.ts).
// - All output files sit directly in dist/, so code that reads files relative to its own module
//   keeps working: version.ts reads ../package.json (the package root), and the strict
//   validator reads ./schemas/*.json, which this script copies to dist/schemas/ when the
//   validator is in the bundle.
// - The createRequire banner gives bundled CommonJS code a real `require` for Node built-ins
//   (without it: "Dynamic require of "punycode" is not supported").
// - LICENSE: the project's Apache-2.0 text, then the license of every package in the bundle,
//   found through esbuild's metafile.
// - build/metafile.json (not published) records which source modules went into which output
//   file; the laziness test and `npm run bench` read it.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
/** Modules replaced by a stub (metafile paths): they ship no code of their package. */
const STUBBED = new Set();
const stub = (path, contents) => {
  STUBBED.add(relative(root, path));
  return { contents, loader: 'js' };
};
const BANNER = "import{createRequire}from'module';const require=createRequire(import.meta.url);";

/** License texts for packages that declare a license but ship no file (filled in with the author). */
const STANDARD = {
  MIT: `MIT License

Copyright (c) <copyright holders>

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.`,
};

/**
 * src/answers/validator.ts compiles the answers schema with ajv when it is imported (~85 ms).
 * Here the same ajv set-up (answersAjv) generates standalone code for it at build time, and the
 * bundle gets that code instead of the module: same validator, no ajv compiler at run time.
 */
async function answersValidatorCode() {
  const out = join(root, 'build/answers-validator.mjs');
  mkdirSync(join(root, 'build'), { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: ['src/answers/validator.ts'],
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'warning',
  });
  const { answersAjv, answersSchema } = await import(`${pathToFileURL(out).href}?t=${Date.now()}`);
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const ajv = answersAjv({ code: { source: true, esm: true } });
  ajv.compile(answersSchema);
  return shareSchemaConstants(standaloneCode(ajv, { validateAnswers: answersSchema.$id }), answersSchema);
}

/**
 * The generated code embeds the schema objects it reads at run time as literals (enums, and the
 * property lists of objects with more than eight properties): the whole schema, and $defs entries
 * it calls as functions. The bundle holds src/answers/schema.ts anyway, so the code reads those
 * objects instead of a second ~20 KB copy.
 */
function shareSchemaConstants(code, schema) {
  const literal = JSON.stringify(schema);
  if (code.split(literal).length !== 2)
    throw new Error('build: the answers validator no longer embeds its schema once');
  // toUserError (src/answers/resolve.ts) finds the schema of a failing value by its data path and
  // never reads an error's schemaPath: the ~220 schema paths are left out too (~15 KB).
  if (/\.schemaPath\b/.test(readFileSync(join(root, 'src/answers/resolve.ts'), 'utf8')))
    throw new Error('build: src/answers/resolve.ts reads schemaPath, which shareSchemaConstants() removes');
  let out = code.replace(literal, () => 'sharedAnswersSchema').replace(/schemaPath:"(?:[^"\\]|\\.)*",/g, '');
  for (const [name, def] of Object.entries(schema.$defs ?? {}))
    out = out.split(` = ${JSON.stringify(def)};`).join(` = sharedAnswersSchema.$defs[${JSON.stringify(name)}];`);
  return `import { answersSchema as sharedAnswersSchema } from './src/answers/schema.ts';\n${out}`;
}

function precompiledAnswersValidator(code) {
  return {
    name: 'precompiled-answers-validator',
    setup(b) {
      b.onLoad({ filter: /\/src\/answers\/validator\.ts$/ }, () => ({
        contents: code,
        loader: 'js',
        resolveDir: root,
      }));
    },
  };
}

/**
 * @kubernetes-models/validate registers every format of ajv-formats, ajv-formats-draft2019 and
 * is-cidr, but the precompiled validators of the model packages only ever reference a few
 * (int32, int64, double, byte, date-time, quantity). The draft-2019 formats (idn-email, iri,
 * duration: ~90 KB with smtp-address-parser, nearley, uri-js and the IANA scheme lists) and cidr
 * are left out of the bundle; checkFormatsUsed() fails the build if a bundled validator ever
 * references a format that is no longer there.
 */
const DROPPED_FORMAT_MODULES = /node_modules\/(ajv-formats-draft2019\/formats\/index\.js|is-cidr\/dist\/index\.js)$/;
const DROPPED_FORMATS = ['date', 'duration', 'idn-email', 'idn-hostname', 'iri', 'iri-reference', 'cidr'];
/**
 * Of ajv-formats' own formats (dist/formats.js: ~8 KB, mostly the regular expressions of uri,
 * url, email, ipv6...), only these are kept; @kubernetes-models/validate adds byte, quantity and
 * string itself. checkFormatsUsed() fails the build if a bundled validator uses any other.
 */
const KEPT_AJV_FORMATS = {
  'date-time': 'fmtDef(getDateTime(true), compareDateTime)',
  int32: '{ type: "number", validate: validateInt32 }',
  int64: '{ type: "number", validate: validateInt64 }',
  float: '{ type: "number", validate: validateNumber }',
  double: '{ type: "number", validate: validateNumber }',
};
const MODEL_FORMATS = ['byte', 'quantity', 'string'];
function unusedFormats() {
  return {
    name: 'unused-formats',
    setup(b) {
      b.onLoad({ filter: DROPPED_FORMAT_MODULES }, (args) =>
        stub(
          args.path,
          args.path.includes('is-cidr') ? 'export default function isCidr() { return 0; }' : 'export default {};',
        ),
      );
      b.onLoad({ filter: /node_modules\/ajv-formats\/dist\/formats\.js$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        const start = text.indexOf('exports.fullFormats = {');
        const end = text.indexOf('exports.formatNames = Object.keys', start);
        if (start < 0 || end < start)
          throw new Error('build: ajv-formats/dist/formats.js changed; update unusedFormats()');
        const kept = Object.entries(KEPT_AJV_FORMATS).map(([name, def]) => `  ${JSON.stringify(name)}: ${def},`);
        const formats = `exports.fullFormats = {\n${kept.join('\n')}\n};\nexports.fastFormats = exports.fullFormats;\n`;
        return { contents: text.slice(0, start) + formats + text.slice(end), loader: 'js' };
      });
    },
  };
}

function checkFormatsUsed(paths) {
  const used = new Set();
  for (const path of paths.filter((p) => p.includes('/_schemas/'))) {
    const text = readFileSync(join(root, path), 'utf8');
    for (const m of text.matchAll(/\bformats\.([A-Za-z_$][\w$]*)|\bformats\[\s*"([^"]+)"\s*\]/g))
      used.add(m[1] ?? m[2]);
  }
  const missing = [...used].filter(
    (f) => DROPPED_FORMATS.includes(f) || !(f in KEPT_AJV_FORMATS || MODEL_FORMATS.includes(f)),
  );
  if (missing.length)
    throw new Error(`build: bundled validators use formats left out of the bundle: ${missing.join(', ')}`);
}

/**
 * A kind's `status` is written by its controller, never by this generator or a GitOps
 * repository, yet the models' precompiled validators check it: ~110 KB of the bundle (Cluster,
 * Application, ScaledObject, Deployment, StatefulSet, PVC... status types and the conditions
 * under them). In the bundle, `<Kind>Status` validators imported by a kind's root schema accept
 * anything; everything else (metadata, spec, ...) is validated exactly as in src/. The strict
 * validator's unknown-field check (shape tables) is not affected.
 */
function noStatusValidators() {
  return {
    name: 'no-status-validators',
    setup(b) {
      b.onLoad({ filter: /\/_schemas\/[A-Za-z0-9]+Status\.js$/ }, (args) => {
        const owner = args.path.replace(/Status\.js$/, '.js');
        const name = args.path.split('/').pop();
        let ownerText;
        try {
          ownerText = readFileSync(owner, 'utf8');
        } catch {
          return undefined;
        }
        if (!ownerText.includes(`from"./${name}"`) || !ownerText.includes('data.status')) return undefined;
        return stub(args.path, 'export function validate() { validate.errors = null; return true; }');
      });
    },
  };
}

const CORE_SCHEMAS = 'node_modules/kubernetes-models/_schemas/IoK8sApiCoreV1';
const GATEWAY_SCHEMAS = 'node_modules/@kubernetes-models/gateway-api/_schemas/IoK8sSigsGatewayApiApisV1';
const ARGO_SCHEMAS =
  'node_modules/@kubernetes-models/argo-cd/_schemas/ComGithubArgoprojArgoCdV3PkgApisApplicationV1alpha1';
const GATEWAY_MODELS = '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1';

/**
 * Validators of fields that `validate` reports for another reason before their content matters,
 * stubbed like the status validators (~80 KB):
 * - the volume sources Pod Security "restricted" forbids: the pod-security rule reports every
 *   volume type outside ALLOWED_VOLUME_TYPES, which is read from src/validate/policy.ts;
 * - EphemeralContainer: Kubernetes rejects spec.ephemeralContainers in every pod template
 *   (kubernetes/kubernetes pkg/apis/core/validation/validation.go ValidatePodTemplateSpec), and so
 *   does the schema rule (src/validate/schema.ts);
 * - HTTPRoute fields of the Gateway API experimental channel only: the shape tables leave them out
 *   (NOT_IN_STANDARD_CHANNEL, scripts/strict-schemas-lib.ts), so they are unknown fields;
 * - an Application's `operation` (a sync request Argo CD's API writes) and `spec.sourceHydrator`
 *   (Argo CD's beta source hydrator, off by default): the argocd rule reports either in any
 *   Application under argocd/ (src/validate/argocd.ts), and the generator sets neither.
 * Each entry names the only validators allowed to import it; checkUnreachable() fails the build if
 * another one does (it would lose a check) or if an entry is not in the bundle any more.
 */
function unreachableValidators() {
  const policy = readFileSync(join(root, 'src/validate/policy.ts'), 'utf8');
  const list = /const ALLOWED_VOLUME_TYPES = new Set\(\[([^\]]*)\]\)/.exec(policy);
  if (!list) throw new Error('build: ALLOWED_VOLUME_TYPES not found in src/validate/policy.ts');
  const allowed = new Set([...list[1].matchAll(/'([A-Za-z]+)'/g)].map((m) => m[1]));
  const volume = readFileSync(join(root, 'node_modules/kubernetes-models/v1/Volume.d.ts'), 'utf8');
  const sources = new Map(
    [...volume.matchAll(/^\s+"([A-Za-z]+)"\?: IIoK8sApiCoreV1(\w+VolumeSource);$/gm)].map((m) => [m[1], m[2]]),
  );
  const unknown = [...allowed].filter((type) => !sources.has(type));
  if (unknown.length) throw new Error(`build: volume types not in kubernetes-models Volume: ${unknown.join(', ')}`);
  const entries = [
    ...[...sources]
      // CloudNativePG's extension images (spec.postgresql.extensions[].image) use ImageVolumeSource too.
      .filter(([type]) => !allowed.has(type) && type !== 'image')
      .map(([, source]) => ({ path: `${CORE_SCHEMAS}${source}.js`, importers: [`${CORE_SCHEMAS}Volume.js`] })),
    { path: `${CORE_SCHEMAS}EphemeralContainer.js`, importers: [`${CORE_SCHEMAS}PodSpec.js`] },
    { path: `${ARGO_SCHEMAS}Operation.js`, importers: [`${ARGO_SCHEMAS}Application.js`] },
    { path: `${ARGO_SCHEMAS}SourceHydrator.js`, importers: [`${ARGO_SCHEMAS}ApplicationSpec.js`] },
    ...[
      ['HTTPExternalAuthFilter', 'HTTPRouteFilter', 'externalAuth'],
      ['HTTPRouteRetry', 'HTTPRouteRule', 'retry'],
      ['SessionPersistence', 'HTTPRouteRule', 'sessionPersistence'],
      // HTTPRouteSpec repeats the fields of CommonRouteSpec, which HTTPRoute validation also imports.
      ['GatewayDefaultScope', 'HTTPRouteSpec', 'useDefaultGateways', 'CommonRouteSpec'],
    ].map(([validator, owner, field, alsoIn]) => ({
      path: `${GATEWAY_SCHEMAS}${validator}.js`,
      importers: [owner, alsoIn].filter(Boolean).map((name) => `${GATEWAY_SCHEMAS}${name}.js`),
      unknownField: { def: `${GATEWAY_MODELS}/${owner}#I${owner}`, field },
    })),
  ];
  const shapes = JSON.parse(
    readFileSync(join(root, 'src/validate/schemas/gateway.networking.k8s.io_v1_HTTPRoute.json'), 'utf8'),
  ).defs;
  for (const { unknownField } of entries) {
    if (unknownField && !(shapes[unknownField.def]?.p && !(unknownField.field in shapes[unknownField.def].p)))
      throw new Error(`build: ${unknownField.def} ${unknownField.field} is not an unknown field of the shape tables`);
  }
  return entries;
}

function stubUnreachable(entries) {
  const paths = new Set(entries.map((e) => join(root, e.path)));
  return {
    name: 'unreachable-validators',
    setup(b) {
      b.onLoad({ filter: /\/_schemas\/\w+\.js$/ }, (args) =>
        paths.has(args.path)
          ? stub(args.path, 'export function validate() { validate.errors = null; return true; }')
          : undefined,
      );
    },
  };
}

/**
 * The model packages' validators put a schemaPath in every error they can report (~1,800 of
 * them, ~38 KB). Nothing here reads it: src/validate/strict.ts turns errors into problems by
 * instancePath, keyword and params, and the typed objects of src/model/typed-object.ts only
 * throw. checkNoSchemaPathReaders() fails the build if a module of ours starts reading it.
 */
const SCHEMA_PATH_PROPERTY = /schemaPath:"(?:[^"\\]|\\.)*",/g;

function noSchemaPaths() {
  return {
    name: 'no-schema-paths',
    setup(b) {
      b.onLoad(
        { filter: /\/node_modules\/(@kubernetes-models\/[^/]+|kubernetes-models)\/_schemas\/\w+\.js$/ },
        (args) => ({
          contents: readFileSync(args.path, 'utf8').replace(SCHEMA_PATH_PROPERTY, ''),
          loader: 'js',
        }),
      );
    },
  };
}

function checkNoSchemaPathReaders() {
  const readers = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ts$/.test(entry.name) && /\.schemaPath\b/.test(readFileSync(path, 'utf8'))) readers.push(path);
    }
  };
  walk(join(root, 'src'));
  if (readers.length) throw new Error(`build: ${readers.join(', ')} read schemaPath, which noSchemaPaths() removes`);
}

function checkUnreachable(entries, inputs) {
  for (const { path, importers } of entries) {
    if (!inputs[path]) throw new Error(`build: ${path} is no longer in the bundle; update unreachableValidators()`);
    const others = Object.entries(inputs)
      .filter(([from, input]) => !importers.includes(from) && input.imports.some((i) => i.path === path))
      .map(([from]) => from);
    if (others.length) throw new Error(`build: ${path} is stubbed but also imported by ${others.join(', ')}`);
  }
}

/** Package folders (relative to root) that have at least one module in the bundle, sorted by name. */
function bundledPackages(paths) {
  const dirs = new Set();
  for (const path of paths) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path);
    if (m) dirs.add(m[1]);
  }
  return [...dirs]
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
      return { dir, name: pkg.name, version: pkg.version, license: licenseField(pkg), pkg };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
}

function licenseField(pkg) {
  if (typeof pkg.license === 'string') return pkg.license;
  if (pkg.license?.type) return pkg.license.type;
  if (Array.isArray(pkg.licenses)) return pkg.licenses.map((l) => l.type ?? l).join(' OR ');
  return 'UNKNOWN';
}

const COPYRIGHT = /^\s*(copyright\b|\(c\))/i;

/** The first member's license text with the copyright lines of every member, each once. */
function withCopyrights(members) {
  const lines = members[0].body.split('\n');
  const all = [...new Set(members.flatMap(({ body }) => body.split('\n').filter((line) => COPYRIGHT.test(line))))];
  const first = lines.findIndex((line) => COPYRIGHT.test(line));
  if (first === -1) return members[0].body;
  let end = first;
  while (end < lines.length && COPYRIGHT.test(lines[end])) end += 1;
  return [...lines.slice(0, first), ...all, ...lines.slice(end)].join('\n');
}

/** The license text a package ships, or what its package.json declares when it ships none. */
function licenseBody(p) {
  const files = readdirSync(join(root, p.dir))
    .filter((f) => /^(licen[cs]e|copying)/i.test(f))
    .sort();
  if (files.length > 0)
    return files
      .map((f) =>
        readFileSync(join(root, p.dir, f), 'utf8')
          .replace(/\r\n/g, '\n')
          .trimEnd(),
      )
      .join('\n');
  const author = typeof p.pkg.author === 'string' ? p.pkg.author : p.pkg.author?.name;
  const lines = [
    `The package ships no license file. Its package.json declares the license "${p.license}"${author ? `; author: ${author}` : ''}.`,
  ];
  const standard = STANDARD[p.license];
  if (standard) lines.push('', standard.replace('<copyright holders>', author ?? 'the package authors'));
  return lines.join('\n');
}

function licenseText(packages) {
  const own = readFileSync(join(root, 'scripts/LICENSE.Apache-2.0.txt'), 'utf8').trimEnd();
  const parts = [
    own,
    '',
    '',
    '================================================================================',
    'Third-party software bundled in dist/',
    '================================================================================',
    '',
    'dist/ contains the following packages, bundled by scripts/build.mjs. Their licenses follow.',
    '(This section is generated by `npm run build`; do not edit it by hand.)',
    '',
    ...packages.map((p) => `- ${p.name}@${p.version} (${p.license})`),
  ];
  // Packages under the same license text (one author's family of packages, or the MIT text with
  // other copyright lines) share one copy: every package is named above it, and every copyright
  // notice is kept in it; only the permission text is not repeated.
  const groups = new Map();
  for (const p of packages) {
    const body = licenseBody(p);
    const key = body
      .split('\n')
      .filter((line) => !COPYRIGHT.test(line))
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push({ p, body });
  }
  for (const members of groups.values()) {
    parts.push('', '--------------------------------------------------------------------------------');
    for (const { p } of members) {
      parts.push(`${p.name}@${p.version} — ${p.license}`);
      const repo = typeof p.pkg.repository === 'string' ? p.pkg.repository : p.pkg.repository?.url;
      if (repo) parts.push(`Repository: ${repo}`);
    }
    parts.push(
      '--------------------------------------------------------------------------------',
      '',
      withCopyrights(members),
    );
  }
  return `${parts.join('\n')}\n`;
}

async function main() {
  rmSync(dist, { recursive: true, force: true });
  checkNoSchemaPathReaders();
  const unreachable = unreachableValidators();
  const result = await build({
    absWorkingDir: root,
    entryPoints: { cli: 'src/cli.ts' },
    outdir: dist,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none', // the licenses are collected into LICENSE instead
    chunkNames: '[name]-[hash]',
    charset: 'utf8',
    banner: { js: BANNER },
    mainFields: ['module', 'main'],
    plugins: [
      precompiledAnswersValidator(await answersValidatorCode()),
      unusedFormats(),
      noStatusValidators(),
      stubUnreachable(unreachable),
      noSchemaPaths(), // last: the plugins above stub some of the same files
    ],
    metafile: true,
    logLevel: 'warning',
  });
  const meta = result.metafile;
  checkFormatsUsed(Object.keys(meta.inputs));
  checkUnreachable(unreachable, meta.inputs);
  mkdirSync(join(root, 'build'), { recursive: true });
  writeFileSync(join(root, 'build/metafile.json'), JSON.stringify(meta, null, 1));

  const inputs = Object.keys(meta.inputs);

  // Shape tables of the strict validator, packed into one gzipped file that the bundled
  // module reads at run time (src/validate/strict.ts loadShape): ~276 KB of JSON become ~30 KB.
  if (inputs.some((path) => path.startsWith('src/validate/'))) {
    const from = join(root, 'src/validate/schemas');
    const tables = Object.fromEntries(
      readdirSync(from)
        .filter((f) => f.endsWith('.json') && f !== 'manifest.json')
        .sort()
        .map((file) => [file, JSON.parse(readFileSync(join(from, file), 'utf8'))]),
    );
    writeFileSync(join(dist, 'schemas.json.gz'), gzipSync(JSON.stringify(tables), { level: 9 }));
  }

  // Packages with code in the output (a stubbed-out module contributes no bytes and no license).
  const shipped = Object.values(meta.outputs).flatMap((o) =>
    Object.entries(o.inputs)
      .filter(([path, v]) => v.bytesInOutput > 0 && !STUBBED.has(path))
      .map(([path]) => path),
  );
  writeFileSync(join(root, 'LICENSE'), licenseText(bundledPackages(shipped)));

  // esbuild puts the banner on every output file; most chunks hold no bundled CommonJS and never
  // use `require`: the banner goes there (a few KB of the installed size budget).
  for (const file of readdirSync(dist).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(join(dist, file), 'utf8');
    const rest = text.startsWith(BANNER) ? text.slice(BANNER.length) : undefined;
    if (rest !== undefined && !/\brequire\b/.test(rest)) writeFileSync(join(dist, file), rest.replace(/^\n/, ''));
  }
  const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  const total = files.reduce((n, e) => n + readFileSync(join(e.parentPath ?? e.path, e.name)).length, 0);
  console.log(
    `build: ${Object.keys(meta.outputs).length} files in dist/ (${(total / 1024).toFixed(0)} KiB), ${bundledPackages(shipped).length} bundled packages`,
  );
}

await main();
