import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { ModuleHandlerSource } from '@shiftguard/testing';
import { SimulationSetupError } from '../errors';
import type { SamFunction } from '../template/model';

/** Where one version's code is, for each function: what a builder hands the simulator. */
export type CodeFor = (fn: SamFunction, side: 'from' | 'to') => Promise<ModuleHandlerSource>;

const EXTENSIONS = ['.mjs', '.cjs', '.js'];

/** The handler module of a function whose `CodeUri` is a directory of ready JavaScript, under `baseDir`. */
export function handlerModule(fn: SamFunction, baseDir: string): ModuleHandlerSource {
  if (fn.code?.kind !== 'path' || fn.handler === undefined) {
    throw new SimulationSetupError(`${fn.logicalId}: only a CodeUri directory with a Handler can run locally`);
  }
  const codeDir = isAbsolute(fn.code.path) ? fn.code.path : resolve(baseDir, fn.code.path);
  const dot = fn.handler.lastIndexOf('.');
  const file = fn.handler.slice(0, dot);
  const exportName = fn.handler.slice(dot + 1);
  const tried = EXTENSIONS.map((extension) => join(codeDir, `${file}${extension}`));
  const found = tried.find((path) => existsSync(path));
  if (found === undefined) {
    throw new SimulationSetupError(`${fn.logicalId}: no handler file: tried ${tried.join(', ')}`);
  }
  return { module: found, export: exportName };
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

export { dirname };
