/** One jest run for every package: sources are transformed by @swc/jest (see docs/architecture.md). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/test', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  // middy ships ESM only; everything else in node_modules is CommonJS-ready.
  transformIgnorePatterns: ['/node_modules/(?!\\.pnpm/@middy\\+|@middy/)'],
  moduleNameMapper: {
    '^@shiftguard/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
  },
  setupFiles: ['<rootDir>/test/jest.setup.cjs'],
  testTimeout: 30000,
};
