import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { assertInlinable } from './escape';

/** uPlot's browser build and its stylesheet, as the page inlines them. */
export interface ChartAssets {
  readonly script: string;
  readonly css: string;
}

let loaded: ChartAssets | undefined;

/**
 * uPlot (about 51 KB) read from the uplot package this package depends on: resolved from this
 * module's own location, in the ESM and the CJS build alike (tsup shims import.meta.url in CJS), so a
 * report never depends on the working directory or on a copy of uPlot checked into the sources.
 */
export function chartAssets(): ChartAssets {
  if (loaded !== undefined) return loaded;
  const load = createRequire(import.meta.url);
  const read = (file: string) => readFileSync(load.resolve(file), 'utf8');
  loaded = {
    script: assertInlinable(read('uplot/dist/uPlot.iife.min.js'), 'script', 'uplot/dist/uPlot.iife.min.js'),
    css: assertInlinable(read('uplot/dist/uPlot.min.css'), 'style', 'uplot/dist/uPlot.min.css'),
  };
  return loaded;
}
