/** Where an error instance keeps the brands of every class in its chain. */
const BRANDS = Symbol.for('shiftguard.error.brands');

interface Branded {
  readonly [BRANDS]?: readonly string[];
}

/**
 * The base of every shiftguard error class. Each class names a `brand` (its `code` for a concrete
 * class, the package for an abstract base), and `instanceof` compares brands rather than prototypes:
 * when a process loads the ESM and the CJS build of a package side by side, an error thrown by one
 * copy is still an instance of the other copy's class, as with undici's errors. Like undici's, the
 * brand can be forged by an object that sets it on purpose; it guards against copies, not malice.
 *
 * @example
 * ```ts
 * export abstract class MyPackageError extends BrandedError {
 *   static override readonly brand: string = '@me/my-package';
 * }
 * export class BadThingError extends MyPackageError {
 *   static override readonly brand: string = 'ME_BAD_THING';
 *   readonly code = 'ME_BAD_THING' as const;
 * }
 * ```
 */
export abstract class BrandedError extends Error {
  /** Set by every subclass; compared by `instanceof`. */
  static readonly brand: string = 'shiftguard';
  /** A stable literal: match on it (or on `instanceof`), never on the message. */
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    const brands: string[] = [];
    for (let type: unknown = new.target; typeof type === 'function' && type !== Error; ) {
      if (Object.hasOwn(type, 'brand')) brands.push((type as typeof BrandedError).brand);
      type = Object.getPrototypeOf(type);
    }
    Object.defineProperty(this, BRANDS, { value: Object.freeze(brands), enumerable: false });
  }
}

/** Inherited by every subclass, so `this` is the class `instanceof` asks about. */
function hasBrand(this: typeof BrandedError, value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  let brands: unknown;
  try {
    brands = (value as Branded)[BRANDS];
  } catch {
    // A Proxy whose traps throw: `instanceof` answers, it does not throw.
    brands = undefined;
  }
  // A class without a brand of its own (a private subclass) is matched the ordinary way.
  if (!Array.isArray(brands) || !Object.hasOwn(this, 'brand')) {
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
  return brands.includes(this.brand);
}

Object.defineProperty(BrandedError, Symbol.hasInstance, { value: hasBrand });
