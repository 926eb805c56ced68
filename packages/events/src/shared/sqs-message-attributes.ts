import type { SQSMessageAttribute, SQSMessageAttributes } from 'aws-lambda';
import { md5Hex } from './aws-formats';
import { toBase64 } from './payload';
import { describeType, fail, isPlainObject, setOwn } from './validate';

/**
 * A message attribute: a string (`String`), a number (`Number`), bytes (`Binary`), or the attribute
 * exactly as SQS delivers it, for custom types such as `Number.float` or `String.json`.
 */
export type SqsMessageAttributeValue = string | number | Uint8Array | SQSMessageAttribute;

/** Reads message attributes into the shape Lambda delivers them, list fields included. */
export function sqsMessageAttributes(value: unknown, what: string): SQSMessageAttributes {
  if (value === undefined) return {};
  if (!isPlainObject(value)) fail(`${what} must be an object, got ${describeType(value)}`);
  const out: SQSMessageAttributes = {};
  for (const [name, raw] of Object.entries(value)) {
    if (!/^[A-Za-z0-9_.-]{1,256}$/.test(name) || name.startsWith('.') || name.endsWith('.')) {
      fail(`${what} has an invalid attribute name ${JSON.stringify(name)}`);
    }
    setOwn(out, name, toAttribute(raw, `${what}.${name}`));
  }
  return out;
}

function toAttribute(raw: unknown, what: string): SQSMessageAttribute {
  const list = { stringListValues: [], binaryListValues: [] };
  if (typeof raw === 'string') return { stringValue: raw, ...list, dataType: 'String' };
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) fail(`${what} must be a finite number, got ${raw}`);
    return { stringValue: String(raw), ...list, dataType: 'Number' };
  }
  if (raw instanceof Uint8Array) return { binaryValue: toBase64(raw), ...list, dataType: 'Binary' };
  if (!isPlainObject(raw) || typeof raw.dataType !== 'string') {
    fail(
      `${what} must be a string, number, Uint8Array or { dataType, stringValue | binaryValue }, got ${describeType(raw)}`,
    );
  }
  const attribute = raw as unknown as SQSMessageAttribute;
  const binary = transportType(attribute.dataType, what) === BINARY;
  if (binary ? typeof attribute.binaryValue !== 'string' : typeof attribute.stringValue !== 'string') {
    fail(`${what} of type ${attribute.dataType} needs a ${binary ? 'binaryValue' : 'stringValue'} string`);
  }
  return { ...list, ...attribute };
}

const STRING = 1;
const BINARY = 2;

function transportType(dataType: string, what: string): number {
  const base = dataType.split('.')[0];
  if (base === 'String' || base === 'Number') return STRING;
  if (base === 'Binary') return BINARY;
  return fail(
    `${what}.dataType must be String, Number or Binary (optionally ".custom"), got ${JSON.stringify(dataType)}`,
  );
}

/**
 * `md5OfMessageAttributes` as SQS computes it: attributes sorted by name, each written as
 * length-prefixed name, length-prefixed data type, a transport byte (1 string/number, 2 binary) and
 * the length-prefixed value, all lengths 4-byte big-endian; then MD5 of the whole, in hex.
 */
export function md5OfMessageAttributes(attributes: SQSMessageAttributes): string {
  const chunks: Buffer[] = [];
  const lengthPrefixed = (bytes: Buffer): void => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    chunks.push(length, bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const attribute = attributes[name];
    if (!attribute) continue;
    const transport = transportType(attribute.dataType, name);
    lengthPrefixed(Buffer.from(name, 'utf8'));
    lengthPrefixed(Buffer.from(attribute.dataType, 'utf8'));
    chunks.push(Buffer.from([transport]));
    lengthPrefixed(
      transport === BINARY
        ? Buffer.from(attribute.binaryValue ?? '', 'base64')
        : Buffer.from(attribute.stringValue ?? '', 'utf8'),
    );
  }
  return md5Hex(Buffer.concat(chunks));
}
