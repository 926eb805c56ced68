import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KIT_VERSION } from './version';

it('sends the version the package is published as', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  expect(KIT_VERSION).toBe(manifest.version);
});
