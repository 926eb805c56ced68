import { defineConfig } from 'tsup';

export default defineConfig({
  // cli is an executable entry (dist/cli.js); only the library entry gets type declarations.
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node22',
  tsconfig: 'tsconfig.build.json',
});
