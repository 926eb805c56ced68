import { BrandedError } from './branded-error';

/** Two copies of one package's errors, as the ESM and the CJS build of it would define them. */
function definePackageCopy() {
  abstract class PackageError extends BrandedError {
    static override readonly brand: string = '@example/package';
  }
  class BadInputError extends PackageError {
    static override readonly brand: string = 'EX_BAD_INPUT';
    readonly code = 'EX_BAD_INPUT' as const;
  }
  class OtherError extends PackageError {
    static override readonly brand: string = 'EX_OTHER';
    readonly code = 'EX_OTHER' as const;
  }
  class PrivateError extends BadInputError {}
  return { PackageError, BadInputError, OtherError, PrivateError };
}

describe('BrandedError', () => {
  const esm = definePackageCopy();
  const cjs = definePackageCopy();

  it('makes instanceof hold across two copies of a package', () => {
    const thrown = new esm.BadInputError('bad');
    expect(esm.BadInputError).not.toBe(cjs.BadInputError);
    expect(thrown).toBeInstanceOf(cjs.BadInputError);
    expect(thrown).toBeInstanceOf(cjs.PackageError);
    expect(thrown).toBeInstanceOf(BrandedError);
    expect(thrown).toBeInstanceOf(Error);
  });

  it('keeps classes apart by brand', () => {
    const thrown = new esm.BadInputError('bad');
    expect(thrown).not.toBeInstanceOf(cjs.OtherError);
    expect(new esm.OtherError('x')).not.toBeInstanceOf(esm.BadInputError);
    expect({ code: 'EX_BAD_INPUT' }).not.toBeInstanceOf(esm.BadInputError);
  });

  it('matches a class without a brand of its own by prototype, and names errors after their class', () => {
    const thrown = new esm.PrivateError('private');
    expect(thrown).toBeInstanceOf(esm.PrivateError);
    expect(thrown).toBeInstanceOf(cjs.BadInputError);
    expect(new esm.BadInputError('x')).not.toBeInstanceOf(esm.PrivateError);
    expect(thrown.name).toBe('PrivateError');
    expect(thrown.code).toBe('EX_BAD_INPUT');
  });

  it('keeps the cause', () => {
    const cause = new Error('root');
    expect(new esm.BadInputError('bad', { cause }).cause).toBe(cause);
  });
});

describe('BrandedError with strange values', () => {
  it('answers false, without throwing, for a Proxy whose traps throw', () => {
    const { BadInputError } = definePackageCopy();
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        getPrototypeOf() {
          return Object.prototype;
        },
      },
    );
    expect(hostile instanceof BadInputError).toBe(false);
  });
});
