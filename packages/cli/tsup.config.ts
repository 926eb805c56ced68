import { defineConfig } from 'tsup';

export default defineConfig({
  // bin is the executable (dist/bin.js); only the library entry gets type declarations.
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node22',
  // import.meta.url in the CJS build (uPlot's files are read from the cli's own location).
  shims: true,
  tsconfig: 'tsconfig.build.json',
});
