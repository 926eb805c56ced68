/**
 * The import rules of docs/architecture.md, held against the code: which package may import which,
 * that every import is declared in the package's manifest, and that core's layers only look down.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');
const packagesDir = path.join(repoRoot, 'packages');

/** Which workspace packages each package may import (docs/architecture.md, "Which package may import which"). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  // The command line sits on top: it may use anything, and nothing imports it.
  '@shiftguard/cli': [
    '@shiftguard/kit',
    '@shiftguard/core',
    '@shiftguard/events',
    '@shiftguard/testing',
    '@shiftguard/lambda',
    '@shiftguard/http',
    '@shiftguard/metrics',
    '@shiftguard/synthetic',
    '@shiftguard/simulator',
  ],
  '@shiftguard/kit': [],
  '@shiftguard/events': ['@shiftguard/kit'],
  '@shiftguard/core': ['@shiftguard/kit'],
  '@shiftguard/lambda': ['@shiftguard/core', '@shiftguard/kit', '@shiftguard/events'],
  '@shiftguard/http': ['@shiftguard/core', '@shiftguard/kit'],
  '@shiftguard/metrics': ['@shiftguard/core', '@shiftguard/kit'],
  '@shiftguard/testing': ['@shiftguard/kit', '@shiftguard/events'],
  '@shiftguard/synthetic': ['@shiftguard/core', '@shiftguard/kit', '@shiftguard/http', '@shiftguard/lambda'],
  '@shiftguard/simulator': [
    '@shiftguard/kit',
    '@shiftguard/core',
    '@shiftguard/events',
    '@shiftguard/testing',
  ],
};

/** Check families: none may import another, nor a composer. */
const CHECK_FAMILIES = ['@shiftguard/lambda', '@shiftguard/http', '@shiftguard/metrics'];

/** Composers: a tier above the check families, which they build on; nothing below imports them. */
const COMPOSERS = ['@shiftguard/synthetic'];

/** Core's layers, bottom first: a folder imports only from folders before it. */
const CORE_LAYERS = ['deployment', 'telemetry', 'plan', 'report', 'hook'];

interface SourceFile {
  file: string;
  specifiers: string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'fixtures' ? [] : sourceFiles(full);
    return /\.ts$/.test(name) && !/\.test\.ts$|\.test-support\.ts$/.test(name) ? [full] : [];
  });
}

function importsOf(file: string): SourceFile {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]/g),
    ...text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g),
    ...text.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => match[1]!);
  return { file, specifiers };
}

const packageName = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

const packages = readdirSync(packagesDir).map((dir) => {
  const manifest = JSON.parse(readFileSync(path.join(packagesDir, dir, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };
  return { dir, manifest, files: sourceFiles(path.join(packagesDir, dir, 'src')).map(importsOf) };
});

describe('the house rules', () => {
  it('knows every package', () => {
    expect(packages.map((pkg) => pkg.manifest.name).filter((name) => !(name in MAY_IMPORT))).toEqual([]);
  });

  it.each(packages.map((pkg) => [pkg.manifest.name, pkg] as const))(
    '%s imports only the packages it may, and declares what it imports',
    (name, pkg) => {
      const declared = new Set(
        Object.keys({
          ...pkg.manifest.dependencies,
          ...pkg.manifest.peerDependencies,
          ...pkg.manifest.optionalDependencies,
        }),
      );
      const allowed = new Set(MAY_IMPORT[name]);
      const problems: string[] = [];
      for (const { file, specifiers } of pkg.files) {
        const where = path.relative(repoRoot, file);
        for (const specifier of specifiers) {
          if (specifier.startsWith('.')) {
            const target = path.resolve(path.dirname(file), specifier);
            if (!target.startsWith(path.join(packagesDir, pkg.dir, 'src'))) {
              problems.push(`${where}: ${specifier} reaches outside the package`);
            }
            continue;
          }
          if (specifier.startsWith('node:')) continue;
          const dependency = packageName(specifier);
          if (dependency.startsWith('@shiftguard/')) {
            if (!allowed.has(dependency)) problems.push(`${where}: ${name} may not import ${dependency}`);
            if (specifier !== dependency && !specifier.startsWith(`${dependency}/`)) continue;
            if (/\/(src|dist)\//.test(specifier))
              problems.push(`${where}: ${specifier} reaches into a package`);
          }
          if (dependency === '@types/aws-lambda' || dependency === 'aws-lambda') continue;
          if (!declared.has(dependency))
            problems.push(`${where}: ${dependency} is imported but not declared`);
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it('keeps check families apart', () => {
    for (const family of CHECK_FAMILIES) {
      const others = MAY_IMPORT[family] ?? [];
      expect(
        others.filter(
          (other) => (CHECK_FAMILIES.includes(other) && other !== family) || COMPOSERS.includes(other),
        ),
      ).toEqual([]);
    }
    expect(
      MAY_IMPORT['@shiftguard/testing']!.filter(
        (other) =>
          other === '@shiftguard/core' || CHECK_FAMILIES.includes(other) || COMPOSERS.includes(other),
      ),
    ).toEqual([]);
  });

  it('lets only composers (and the CLI) import check families, and nothing below import a composer', () => {
    for (const [name, allowed] of Object.entries(MAY_IMPORT)) {
      if (COMPOSERS.includes(name) || name === '@shiftguard/cli') continue;
      expect(allowed.filter((other) => COMPOSERS.includes(other))).toEqual([]);
      if (CHECK_FAMILIES.includes(name)) continue;
      expect(allowed.filter((other) => CHECK_FAMILIES.includes(other))).toEqual([]);
    }
    for (const composer of COMPOSERS) {
      expect(
        MAY_IMPORT[composer]!.filter((other) => COMPOSERS.includes(other) && other !== composer),
      ).toEqual([]);
    }
  });

  it("keeps core's layers looking down", () => {
    const core = packages.find((pkg) => pkg.manifest.name === '@shiftguard/core')!;
    const src = path.join(packagesDir, core.dir, 'src');
    const problems: string[] = [];
    for (const { file, specifiers } of core.files) {
      const layer = path.relative(src, file).split(path.sep)[0]!;
      const rank = CORE_LAYERS.indexOf(layer);
      if (rank < 0) continue;
      for (const specifier of specifiers.filter((s) => s.startsWith('.'))) {
        const target = path.relative(src, path.resolve(path.dirname(file), specifier)).split(path.sep)[0]!;
        const targetRank = CORE_LAYERS.indexOf(target);
        if (target === 'index') problems.push(`${path.relative(src, file)} imports the package's own index`);
        if (targetRank > rank)
          problems.push(`${path.relative(src, file)} (${layer}) imports ${specifier} (${target})`);
      }
    }
    expect(problems).toEqual([]);
  });
});
