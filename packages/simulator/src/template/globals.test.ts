import * as path from 'node:path';
import { readSamTemplate } from '../index';

const fixture = (name: string) => path.join(__dirname, 'fixtures', name);

// SAM's merge rules (samtranslator/plugins/globals/globals.py, GlobalProperties): mappings merged key by
// key, lists concatenated Globals first, anything else (an intrinsic too) the resource's own.
describe('Globals merged as SAM merges them', () => {
  const model = readSamTemplate(fixture('globals.yaml'));
  const byId = (id: string) => model.functions.find((fn) => fn.logicalId === id)!;

  it('merges mappings key by key, the function winning a key both write', () => {
    expect(byId('Merged').environment).toEqual({ SHARED: 'from-globals', LEVEL: 'function', OWN: 'yes' });
  });

  it('concatenates lists, Globals first, keeping duplicates', () => {
    expect(byId('Merged').architectures).toEqual(['x86_64', 'x86_64']);
    expect(byId('Merged').locations).toMatchObject({
      'Properties.Architectures[0]': expect.objectContaining({ line: 9 }),
      'Properties.Architectures[1]': expect.objectContaining({ line: 25 }),
    });
  });

  it('lets a function’s scalar win, and takes the global one when it writes none', () => {
    expect(byId('Merged')).toMatchObject({
      timeout: 30,
      memorySize: 512,
      runtime: 'nodejs22.x',
      autoPublishAlias: 'live',
    });
    expect(byId('Plain')).toMatchObject({ timeout: 7, memorySize: 512, runtime: 'nodejs22.x' });
    expect(byId('Plain').locations['Properties.Timeout']).toMatchObject({ line: 6, column: 5 });
  });

  it('treats an intrinsic as a scalar: the function’s Fn::If replaces the global mapping whole', () => {
    expect(byId('Intrinsic').environment).toEqual({ ONLY: 'if-branch' });
  });

  it('lets a function’s value of another kind replace the global one', () => {
    expect(byId('OtherKind').code).toEqual({ kind: 's3', bucket: 'artifacts', key: 'other.zip' });
    expect(byId('Plain').code).toEqual({ kind: 'path', path: 'src/' });
  });

  it('leaves out what IgnoreGlobals names, or every global with *', () => {
    expect(byId('IgnoresSome')).toMatchObject({ timeout: 3, memorySize: 512, environment: {} });
    expect(byId('IgnoresAll')).toMatchObject({
      timeout: 3,
      memorySize: 128,
      runtime: 'python3.13',
      autoPublishAlias: undefined,
    });
  });

  it('replaces Architectures instead when told (SAM’s open PR #3945)', () => {
    const replaced = readSamTemplate(fixture('globals.yaml'), { globalArchitectures: 'replace' });
    expect(replaced.functions.find((fn) => fn.logicalId === 'Merged')!.architectures).toEqual(['x86_64']);
    expect(replaced.functions.find((fn) => fn.logicalId === 'Plain')!.architectures).toEqual(['x86_64']);
  });

  it('applies Globals.HttpApi and Globals.Api to the APIs without changing their routes', () => {
    expect(model.apis.map((api) => [api.logicalId, api.stageName, api.routes.length])).toEqual([
      ['PublicApi', 'v1', 1],
      ['ServerlessRestApi', 'Prod', 1],
    ]);
  });
});
