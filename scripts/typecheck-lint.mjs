#!/usr/bin/env node
// The type check and ESLint in one process, sharing one TypeScript program: what `tsc --noEmit`
// and `eslint .` report, for about the cost of the type check alone. ESLint's type-aware rules
// (src/, eslint.config.js) ask the checker about the same files tsc has just checked; given the
// program, they reuse its answers instead of building and checking a second program.
// npm test runs this (scripts/test.mjs); `npm run typecheck` and `npm run lint` still run each tool
// on its own. Exit code 1 when either reports an error.
import { ESLint } from 'eslint';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// require, not import: an import of this 9 MB CommonJS file has Node scan all of it for export
// names first (~0.5 s). typescript-eslint requires the same module, so the program is shared.
const ts = createRequire(import.meta.url)('typescript');

const root = fileURLToPath(new URL('..', import.meta.url));
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
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    projectReferences: config.projectReferences,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
  });
  const diagnostics = ts.sortAndDeduplicateDiagnostics([
    ...ts.getConfigFileParsingDiagnostics(config),
    ...ts.getPreEmitDiagnostics(program),
  ]);
  if (diagnostics.length > 0) {
    const format = color ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
    process.stdout.write(format(diagnostics, host));
    process.stdout.write(`\nFound ${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'} (tsc).\n`);
  }
  return { program, ok: !diagnostics.some((d) => d.category === ts.DiagnosticCategory.Error) };
}

const { program, ok: typesOk } = typecheck();
const eslint = new ESLint({
  cwd: root,
  // Every file of the program above is parsed from it, not again; the type-aware rules
  // (eslint.config.js: src/ only) ask its checker.
  overrideConfig: [
    {
      files: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', '*.config.ts'],
      languageOptions: { parserOptions: { projectService: false, programs: [program] } },
    },
  ],
});
const results = await eslint.lintFiles(['.']);
const formatter = await eslint.loadFormatter('stylish');
const report = await formatter.format(results);
if (report) process.stdout.write(report);
const lintOk = results.every((result) => result.errorCount === 0 && result.fatalErrorCount === 0);
process.exit(typesOk && lintOk ? 0 : 1);
