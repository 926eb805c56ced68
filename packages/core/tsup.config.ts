import { defineConfig } from 'tsup';

export default defineConfig({
  // yaml is its own entry: importing it is what brings the yaml package into a bundle.
  entry: ['src/index.ts', 'src/yaml.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node22',
  // import.meta.url in the CJS build (yaml is required on demand from core's own location).
  shims: true,
  tsconfig: 'tsconfig.build.json',
});
