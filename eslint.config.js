import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const engineInternals = {
  regex: '(^|/)engine/(?!index\\.js$).+',
  message: 'Import the engine through src/engine/index.ts, its one face.',
};
const connectorInternals = {
  regex: '(^|/)connectors/connectwise/(?!index\\.js$).+',
  message: 'Import the ConnectWise connector through src/connectors/connectwise/index.ts, its one face.',
};
const anyConnector = {
  regex: '(^|/)connectors/',
  message: 'The engine knows no connector: the connector hands it its definition, actions and gateway.',
};
const connectWiseClient = {
  regex: '(^|/)(\\.\\.|src)/connectwise/',
  message: 'The engine speaks no HTTP: ConnectWise is reached through the gateway port.',
};

const syncMessage =
  'The sync runner reaches ConnectWise through the gateway port (src/engine/ports.ts) and the connector, never the client.';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/*', 'web/dist/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // the dashboard runs in the browser
    files: ['web/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/cli/**', 'bench/**', 'bin/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  // Each part is reached through its one face (index.ts), never its internal files.
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['src/engine/**', 'src/connectors/**', 'web/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [engineInternals, connectorInternals] }] },
  },
  {
    // The runner reaches ConnectWise only through the gateway port and the connector.
    files: ['src/sync/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [engineInternals, connectorInternals, { ...connectWiseClient, message: syncMessage }] },
      ],
    },
  },
  {
    // the engine knows no connector: a connector hands it its definition, its actions and its gateway
    files: ['src/engine/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [anyConnector, connectWiseClient] }] },
  },
  {
    files: ['src/connectors/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [engineInternals] }] },
  },
  prettier,
);
