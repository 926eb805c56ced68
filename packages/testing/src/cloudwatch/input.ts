import { isPlainObject } from '@shiftguard/kit';
import {
  invalidParameterCombination,
  invalidParameterValue,
  missingParameter,
  validationError,
} from './wire-errors';

/**
 * Reads one operation input the way CloudWatch validates it, whichever protocol it came in (JSON
 * values, or the query protocol's strings). Paths are named as CloudWatch's messages name them,
 * in the query protocol's form (`MetricDataQueries.member.3.MetricStat.Stat`), for both protocols.
 */
export class InputReader {
  constructor(
    private readonly input: Record<string, unknown>,
    readonly path = '',
  ) {}

  private at(name: string): string {
    return this.path === '' ? name : `${this.path}.${name}`;
  }

  has(name: string): boolean {
    return this.input[name] !== undefined;
  }

  raw(name: string): unknown {
    return this.input[name];
  }

  required<T>(name: string, read: (name: string) => T | undefined): T {
    const value = read.call(this, name);
    if (value === undefined) throw missingParameter(`The parameter ${this.at(name)} is required.`);
    return value;
  }

  string(name: string, limits: { min?: number; max?: number } = {}): string | undefined {
    const value = this.input[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw this.invalid(name, value);
    const { min = 1, max = Number.POSITIVE_INFINITY } = limits;
    if (value.length < min || value.length > max) {
      throw validationError(
        `1 validation error detected: Value '${value}' at '${lowerPath(this.at(name))}' failed to satisfy constraint: Member must have length ${value.length < min ? `greater than or equal to ${min}` : `less than or equal to ${max}`}`,
      );
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.input[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw validationError(
        `1 validation error detected: Value '${String(value)}' at '${lowerPath(this.at(name))}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
      );
    }
    return value as T;
  }

  number(name: string): number | undefined {
    const value = this.input[name];
    if (value === undefined) return undefined;
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || Number.isNaN(number)) throw this.invalid(name, value);
    return number;
  }

  integer(name: string, limits: { min?: number; max?: number } = {}): number | undefined {
    const value = this.number(name);
    if (value === undefined) return undefined;
    const { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY } = limits;
    if (!Number.isInteger(value)) throw this.invalid(name, value);
    if (value < min || value > max) {
      throw validationError(
        `1 validation error detected: Value '${value}' at '${lowerPath(this.at(name))}' failed to satisfy constraint: Member must have value ${value < min ? `greater than or equal to ${min}` : `less than or equal to ${max}`}`,
      );
    }
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.input[name];
    if (value === undefined) return undefined;
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    throw this.invalid(name, value);
  }

  /** Epoch ms, from epoch seconds (JSON) or ISO 8601 (query; epoch seconds are accepted too). */
  timestamp(name: string): number | undefined {
    const value = this.input[name];
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
    if (typeof value === 'string') {
      const epoch = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
      if (!Number.isNaN(epoch)) return epoch;
    }
    throw this.invalid(name, value);
  }

  list(name: string, max?: number): InputReader[] | undefined {
    return this.items(name, max)?.map((item, index) => {
      const path = `${this.at(name)}.member.${index + 1}`;
      if (!isPlainObject(item)) throw invalidParameterValue(`The parameter ${path} must be a structure.`);
      return new InputReader(item, path);
    });
  }

  strings(name: string, max?: number): string[] | undefined {
    return this.items(name, max)?.map((item, index) => {
      if (typeof item !== 'string') throw this.invalid(`${name}.member.${index + 1}`, item);
      return item;
    });
  }

  numbers(name: string, max?: number): number[] | undefined {
    return this.items(name, max)?.map((item, index) => {
      const number = typeof item === 'string' && item.trim() !== '' ? Number(item) : item;
      if (typeof number !== 'number' || Number.isNaN(number)) {
        throw this.invalid(`${name}.member.${index + 1}`, item);
      }
      return number;
    });
  }

  struct(name: string): InputReader | undefined {
    const value = this.input[name];
    if (value === undefined) return undefined;
    if (!isPlainObject(value)) throw this.invalid(name, value);
    return new InputReader(value, this.at(name));
  }

  /** `Dimensions` as a name → value record, names unique, at most 30. */
  dimensions(name = 'Dimensions'): Record<string, string> {
    const list = this.list(name) ?? [];
    if (list.length > 30) {
      throw invalidParameterValue(`The collection ${this.at(name)} must not have a size greater than 30.`);
    }
    const dimensions: Record<string, string> = {};
    for (const dimension of list) {
      const dimensionName = dimension.required('Name', dimension.string);
      const value = dimension.required('Value', (key) => dimension.string(key, { max: 1024 }));
      if (Object.hasOwn(dimensions, dimensionName)) {
        throw invalidParameterCombination(
          `No Metric may specify the same dimension twice (${dimensionName}).`,
        );
      }
      dimensions[dimensionName] = value;
    }
    return dimensions;
  }

  invalid(name: string, value: unknown): Error {
    return invalidParameterValue(`The value ${String(value)} for parameter ${this.at(name)} is invalid.`);
  }

  private items(name: string, max: number | undefined): unknown[] | undefined {
    const value = this.input[name];
    if (value === undefined) return undefined;
    // The query protocol sends an empty list as an empty string.
    if (value === '') return [];
    if (!Array.isArray(value)) throw this.invalid(name, value);
    if (max !== undefined && value.length > max) {
      throw invalidParameterValue(
        `The collection ${this.at(name)} must not have a size greater than ${max}.`,
      );
    }
    return value;
  }
}

/** `MetricData.member.1.Unit` as coral's validation messages spell paths: `metricData.1.member.unit`. */
function lowerPath(path: string): string {
  return path
    .split('.')
    .map((segment) => segment.charAt(0).toLowerCase() + segment.slice(1))
    .join('.')
    .replace(/\.member\.(\d+)/g, '.$1.member');
}
