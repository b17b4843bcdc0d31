#!/usr/bin/env node
// The type check and ESLint in one process, sharing one TypeScript program: what `tsc --noEmit`
// and `eslint .` report, for about the cost of the type check alone. ESLint's type-aware rules
// (src/, eslint.config.js) ask the checker about the same files tsc has just checked; given the
// program, they reuse its answers instead of building and checking a second program.
// What a later run can reuse is kept in node_modules/.cache/create-inngest-gitops-tests (a fresh
// clone starts without it):
// - the type check is incremental (`tsc --incremental`'s build info): TypeScript checks again only
//   the files that changed and those whose imports' types changed;
// - ESLint's results for the files it lints without type information (tests, scripts, configs) are
//   cached by content. src/ is linted every time: a type-aware rule's answer for a file can change
//   when another file changes.
// npm test runs this (scripts/test.mjs); `npm run typecheck` and `npm run lint` still run each tool
// on its own. Exit code 1 when either reports an error.
import { ESLint } from 'eslint';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// require, not import: an import of this 9 MB CommonJS file has Node scan all of it for export
// names first (~0.5 s). typescript-eslint requires the same module, so the program is shared.
const ts = createRequire(import.meta.url)('typescript');

const root = fileURLToPath(new URL('..', import.meta.url));
const cache = `${root}node_modules/.cache/create-inngest-gitops-tests/`;
const color = process.stdout.isTTY || Boolean(process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0');

const host = {
  getCanonicalFileName: (name) => name,
  getCurrentDirectory: () => root,
  getNewLine: () => ts.sys.newLine,
};

/** tsconfig.json as tsc reads it, then every diagnostic tsc --noEmit prints. */
function typecheck() {
  const config = ts.getParsedCommandLineOfConfigFile(`${root}tsconfig.json`, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  const builder = ts.createIncrementalProgram({
    rootNames: config.fileNames,
    options: { ...config.options, incremental: true, tsBuildInfoFile: `${cache}typecheck.tsbuildinfo` },
    projectReferences: config.projectReferences,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
  });
  const diagnostics = ts.sortAndDeduplicateDiagnostics([
    ...ts.getConfigFileParsingDiagnostics(config),
    ...builder.getOptionsDiagnostics(),
    ...builder.getGlobalDiagnostics(),
    ...builder.getSyntacticDiagnostics(),
    ...builder.getSemanticDiagnostics(),
  ]);
  // noEmit: writes the build info only
  builder.emit();
  if (diagnostics.length > 0) {
    const format = color ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
    process.stdout.write(format(diagnostics, host));
    process.stdout.write(`\nFound ${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'} (tsc).\n`);
  }
  return { program: builder.getProgram(), ok: !diagnostics.some((d) => d.category === ts.DiagnosticCategory.Error) };
}

mkdirSync(cache, { recursive: true });
const { program, ok: typesOk } = typecheck();
// src/ is parsed from the program above, not again, and its type-aware rules ask its checker.
const typeAware = new ESLint({
  cwd: root,
  overrideConfig: [
    { files: ['src/**/*.ts'], languageOptions: { parserOptions: { projectService: false, programs: [program] } } },
  ],
});
const syntactic = new ESLint({
  cwd: root,
  overrideConfig: [{ ignores: ['src/**'] }],
  cache: true,
  cacheLocation: `${cache}eslint`,
  cacheStrategy: 'content',
});
const results = [...(await typeAware.lintFiles(['src'])), ...(await syntactic.lintFiles(['.']))];
const formatter = await typeAware.loadFormatter('stylish');
const report = await formatter.format(results);
if (report) process.stdout.write(report);
const lintOk = results.every((result) => result.errorCount === 0 && result.fatalErrorCount === 0);
process.exit(typesOk && lintOk ? 0 : 1);
