// Lint: typescript-eslint with type information, and the layering of docs/ARCHITECTURE.md as
// import rules. Lower layers never import higher ones; the pure layers never touch the disk,
// processes or the network (those belong to io/ and commands/).
import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Layers from the bottom up: each may import only those before it. */
const LAYERS = ['core', 'model', 'answers', 'render', 'plan', 'secrets', 'validate', 'io', 'commands'];
/** Sideways imports between layers of one level that are not allowed either. */
const FORBIDDEN = {
  plan: ['render'],
  secrets: ['render', 'plan'],
  validate: ['render', 'plan', 'secrets'],
  io: ['render', 'validate'],
};

const layerZones = LAYERS.flatMap((layer, index) => {
  const above = [...LAYERS.slice(index + 1), 'cli.ts'];
  const sideways = FORBIDDEN[layer] ?? [];
  return [...above, ...sideways].map((from) => ({
    target: `./src/${layer}`,
    from: `./src/${from}`,
    message: `${layer}/ sits below ${from.replace('.ts', '')}: see docs/ARCHITECTURE.md "Layers".`,
  }));
});

const IO_MODULES = ['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'http2', 'dgram', 'tls', 'readline'];
const noIo = {
  'no-restricted-imports': [
    'error',
    {
      paths: IO_MODULES.flatMap((name) => [
        { name, message: 'I/O belongs in src/io/ or src/commands/.' },
        { name: `node:${name}`, message: 'I/O belongs in src/io/ or src/commands/.' },
      ]),
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'build/',
      'node_modules/',
      'base/',
      'overlays/',
      'secrets/',
      'argocd/',
      'test/fixtures/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Type-aware rules on the product's code; tests and scripts get the syntactic rules, which keeps
  // `npm run lint` inside the test loop's time budget.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['src/**/*.ts'] })),
  {
    files: ['src/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    plugins: { 'import-x': importX },
    settings: {
      // The sources import './x.js' and mean './x.ts' (NodeNext resolution).
      'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: {
      'import-x/no-self-import': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
    },
  },
  {
    // Tests poke at parsed YAML and typed models freely.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: [
      'src/core/**',
      'src/model/**',
      'src/answers/**',
      'src/render/**',
      'src/plan/**',
      'src/secrets/**',
      'src/validate/**',
    ],
    // strict.ts reads the strict shape tables shipped inside the package (its own data, not the
    // user's disk), lazily per kind; everything else in these layers is pure.
    ignores: ['src/validate/strict.ts'],
    rules: noIo,
  },
  {
    files: ['bin/**', 'scripts/**', 'test/**', '*.config.*', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
  },
);
