// `Metadata.BuildProperties` of `BuildMethod: esbuild`, read as SAM hands them to esbuild.
//
// SAM CLI turns each key into snake case (`OutExtension` → `out_extension`) and aws-lambda-builders
// (`workflows/nodejs_npm_esbuild/esbuild.py`) into an esbuild flag by the value's type: `true` →
// `--out-extension`, `false` → no flag at all, a string → `--flag=value`, a list → `--flag:item` per
// item. So a list where esbuild wants `=` (`Target: [node22]`) and a string where it wants `:`
// (`Banner: js=…`) fail under SAM; they are refused here with the property's line rather than later.

import { isPlainObject } from '@shiftguard/kit';
import type { BuildOptions, Loader } from 'esbuild';
import type { TemplateValue } from '../template/model';
import type { FunctionSite } from './function-site';

/** What the properties ask of esbuild, before SAM's defaults. */
export interface EsbuildProperties {
  /** `EntryPoints` as written, relative to `CodeUri`; undefined means the handler's file. */
  entryPoints: string[] | undefined;
  /** Options passed through to esbuild, as the flags SAM writes would set them. */
  readonly options: BuildOptions;
  /** Whether `External` lists `./node_modules/*`: then every dependency of `package.json` is external. */
  externalDependencies: boolean;
  /** Keys present, for SAM's defaults (`Target`, `Format`, `Minify` are defaulted only when absent). */
  readonly present: ReadonlySet<string>;
  /** Keys SAM accepts and drops, with why. */
  readonly ignored: { readonly key: string; readonly why: string }[];
}

type Reader = (value: TemplateValue, at: Place, into: EsbuildProperties) => void;

/** A property's value and where to point when it is wrong. */
interface Place {
  readonly site: FunctionSite;
  /** `Metadata.BuildProperties.Format` */
  readonly path: string;
  readonly key: string;
}

export const BUILD_PROPERTIES_PATH = 'Metadata.BuildProperties';

const LOADERS = [
  'base64',
  'binary',
  'copy',
  'css',
  'dataurl',
  'default',
  'empty',
  'file',
  'global-css',
  'js',
  'json',
  'jsx',
  'local-css',
  'text',
  'ts',
  'tsx',
] as const;

function bad(at: Place, message: string, index?: number): never {
  return at.site.fail('build-property', index === undefined ? at.path : `${at.path}[${index}]`, message);
}

/** `true` → on; `false` → nothing, as SAM writes no flag; `"false"` → esbuild's `--flag=false`. */
function flagValue(value: TemplateValue, at: Place): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === 'false') return false;
  if (value === false) return undefined;
  return bad(at, `${at.key} must be true or false, got ${JSON.stringify(value)}`);
}

function text(value: TemplateValue, at: Place): string {
  if (typeof value === 'string' && value !== '') return value;
  if (Array.isArray(value)) {
    return bad(
      at,
      `${at.key} must be a string: SAM passes a list as --${kebab(at.key)}:<item>, which esbuild refuses`,
    );
  }
  return bad(at, `${at.key} must be a non-empty string, got ${JSON.stringify(value)}`);
}

function list(value: TemplateValue, at: Place): string[] {
  if (typeof value === 'string') {
    return bad(
      at,
      `${at.key} must be a list: SAM passes a string as --${kebab(at.key)}=<value>, which esbuild refuses`,
    );
  }
  if (!Array.isArray(value))
    return bad(at, `${at.key} must be a list of strings, got ${JSON.stringify(value)}`);
  return value.map((item, index) =>
    typeof item === 'string' && item !== ''
      ? item
      : bad(at, `${at.key} items must be non-empty strings, got ${JSON.stringify(item)}`, index),
  );
}

function oneOf<const T extends string>(value: TemplateValue, at: Place, allowed: readonly T[]): T {
  const given = text(value, at);
  if (!(allowed as readonly string[]).includes(given)) {
    return bad(at, `${at.key} must be one of ${allowed.join(', ')}, got ${given}`);
  }
  return given as T;
}

/** `KEY=VALUE` items, split at the first `=`, as esbuild's CLI splits them. */
function pairs(value: TemplateValue, at: Place, shape: string): [string, string][] {
  return list(value, at).map((item, index) => {
    const equals = item.indexOf('=');
    if (equals <= 0) return bad(at, `${at.key} items must read ${shape}, got ${item}`, index);
    return [item.slice(0, equals), item.slice(equals + 1)];
  });
}

const flag =
  (option: keyof BuildOptions): Reader =>
  (value, at, into) => {
    const on = flagValue(value, at);
    if (on !== undefined) (into.options as Record<string, unknown>)[option] = on;
  };

const string =
  (option: keyof BuildOptions): Reader =>
  (value, at, into) => {
    (into.options as Record<string, unknown>)[option] = text(value, at);
  };

/** esbuild's comma lists: `MainFields: module,main`. */
const commas =
  (option: keyof BuildOptions): Reader =>
  (value, at, into) => {
    (into.options as Record<string, unknown>)[option] = text(value, at).split(',');
  };

const choice =
  (option: keyof BuildOptions, allowed: readonly string[]): Reader =>
  (value, at, into) => {
    (into.options as Record<string, unknown>)[option] = oneOf(value, at, allowed);
  };

const ignored =
  (why: string): Reader =>
  (_value, at, into) => {
    into.ignored.push({ key: at.key, why });
  };

/** Banner and Footer: `js=<text>` or `css=<text>`. */
const insertion =
  (option: 'banner' | 'footer'): Reader =>
  (value, at, into) => {
    const entries = pairs(value, at, 'js=<text>');
    const out: Record<string, string> = {};
    entries.forEach(([type, content], index) => {
      if (type !== 'js' && type !== 'css') bad(at, `${at.key} items must start with js= or css=`, index);
      out[type] = content;
    });
    into.options[option] = out;
  };

const SAM_SETS = 'SAM sets it itself (--bundle --platform=node --outdir=<artifacts>)';
const OUTPUT_ONLY = 'it changes only what esbuild prints, which is silenced here';

/** Every key understood: the esbuild flags SAM passes through that change the code, and those it drops. */
const PROPERTIES: Readonly<Record<string, Reader>> = {
  EntryPoints: (value, at, into) => {
    into.entryPoints = list(value, at);
  },
  Target: commas('target'),
  Format: choice('format', ['cjs', 'esm', 'iife']),
  Minify: flag('minify'),
  MinifyWhitespace: flag('minifyWhitespace'),
  MinifyIdentifiers: flag('minifyIdentifiers'),
  MinifySyntax: flag('minifySyntax'),
  KeepNames: flag('keepNames'),
  TreeShaking: flag('treeShaking'),
  IgnoreAnnotations: flag('ignoreAnnotations'),
  Splitting: flag('splitting'),
  Sourcemap: (value, at, into) => {
    if (typeof value === 'string' && value !== 'true' && value !== 'false') {
      into.options.sourcemap = oneOf(value, at, ['linked', 'inline', 'external', 'both'] as const);
      return;
    }
    const on = flagValue(value, at);
    if (on !== undefined) into.options.sourcemap = on;
  },
  SourcesContent: flag('sourcesContent'),
  SourceRoot: string('sourceRoot'),
  External: (value, at, into) => {
    const external = list(value, at);
    // aws-lambda-builders: `./node_modules/*` makes every package.json dependency external, and the
    // rest of the list is then dropped.
    if (external.includes('./node_modules/*')) into.externalDependencies = true;
    else into.options.external = external;
  },
  Packages: choice('packages', ['bundle', 'external']),
  Loader: (value, at, into) => {
    const loader: Record<string, Loader> = {};
    pairs(value, at, '.ext=loader').forEach(([extension, name], index) => {
      if (!extension.startsWith('.'))
        bad(at, `Loader items must start with the extension's dot, got ${extension}`, index);
      if (!(LOADERS as readonly string[]).includes(name)) {
        bad(at, `Loader ${name} is not an esbuild loader (${LOADERS.join(', ')})`, index);
      }
      loader[extension] = name as Loader;
    });
    into.options.loader = loader;
  },
  MainFields: commas('mainFields'),
  Conditions: commas('conditions'),
  ResolveExtensions: commas('resolveExtensions'),
  OutExtension: (value, at, into) => {
    into.options.outExtension = Object.fromEntries(pairs(value, at, '.js=.mjs'));
  },
  Banner: insertion('banner'),
  Footer: insertion('footer'),
  Define: (value, at, into) => {
    into.options.define = Object.fromEntries(pairs(value, at, 'NAME=value'));
  },
  Pure: (value, at, into) => {
    into.options.pure = list(value, at);
  },
  Drop: (value, at, into) => {
    into.options.drop = list(value, at).map((item, index) =>
      item === 'console' || item === 'debugger'
        ? item
        : bad(at, 'Drop items must be console or debugger', index),
    );
  },
  DropLabels: commas('dropLabels'),
  Alias: (value, at, into) => {
    into.options.alias = Object.fromEntries(pairs(value, at, 'name=replacement'));
  },
  Inject: (value, at, into) => {
    into.options.inject = list(value, at);
  },
  Supported: (value, at, into) => {
    const supported: Record<string, boolean> = {};
    pairs(value, at, 'feature=true').forEach(([feature, on], index) => {
      if (on !== 'true' && on !== 'false')
        bad(at, 'Supported items must read feature=true or feature=false', index);
      supported[feature] = on === 'true';
    });
    into.options.supported = supported;
  },
  Charset: choice('charset', ['ascii', 'utf8']),
  LegalComments: choice('legalComments', ['none', 'inline', 'eof', 'linked', 'external']),
  Tsconfig: string('tsconfig'),
  Outbase: string('outbase'),
  EntryNames: string('entryNames'),
  ChunkNames: string('chunkNames'),
  AssetNames: string('assetNames'),
  PublicPath: string('publicPath'),
  Bundle: ignored(SAM_SETS),
  Platform: ignored(SAM_SETS),
  Outdir: ignored(SAM_SETS),
  UseNpmCi: ignored('it tells the npm install before the bundle to use npm ci'),
  LogLevel: ignored(OUTPUT_ONLY),
  LogLimit: ignored(OUTPUT_ONLY),
  Color: ignored(OUTPUT_ONLY),
};

export const KNOWN_BUILD_PROPERTIES: readonly string[] = Object.keys(PROPERTIES);

export function readBuildProperties(
  site: FunctionSite,
  properties: { readonly [key: string]: TemplateValue },
): EsbuildProperties {
  const into: EsbuildProperties = {
    entryPoints: undefined,
    options: {},
    externalDependencies: false,
    present: new Set(Object.keys(properties)),
    ignored: [],
  };
  for (const [key, value] of Object.entries(properties)) {
    const path = `${BUILD_PROPERTIES_PATH}.${key}`;
    const reader = PROPERTIES[key];
    if (reader === undefined) {
      const near = KNOWN_BUILD_PROPERTIES.find((known) => known.toLowerCase() === key.toLowerCase());
      site.fail(
        'build-property',
        path,
        `${key} is not a BuildProperties key of SAM's esbuild builder` +
          (near === undefined ? '' : `; did you mean ${near}?`) +
          ` Known keys: ${KNOWN_BUILD_PROPERTIES.join(', ')}`,
      );
    }
    if (isPlainObject(value)) {
      site.fail(
        'build-property',
        path,
        `${key} cannot be resolved before the build: ${JSON.stringify(value)}`,
      );
    }
    reader(value, { site, path, key }, into);
  }
  return into;
}

/** `OutExtension` → `out-extension`, the flag SAM writes. */
function kebab(key: string): string {
  return key.replace(/(?<!^)(?=[A-Z])/g, '-').toLowerCase();
}
