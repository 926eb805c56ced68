import { defineConfig } from 'tsup';

export default defineConfig({
  // json-schema is its own entry: importing it is what brings ajv into a bundle.
  entry: ['src/index.ts', 'src/json-schema.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node22',
  // import.meta.url in the CJS build (ajv is required on demand from the kit's own location).
  shims: true,
  tsconfig: 'tsconfig.build.json',
});
