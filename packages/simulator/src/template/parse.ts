// Template text (YAML with CloudFormation's short-form tags, or JSON) into plain values in the long
// form, and an index of where every key and list item is written.
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type Tags,
  YAMLMap,
  YAMLSeq,
} from 'yaml';
import type { SourceLocation } from './model';
import { joinPath } from './paths';

/**
 * The short forms and the long form each stands for. As the AWS CLI's own loader does
 * (aws/aws-cli `awscli/customizations/cloudformation/yamlhelper.py`, `intrinsics_multi_constructor`),
 * `!Ref` and `!Condition` take no `Fn::` prefix, a tag takes a scalar, a sequence or a mapping and
 * keeps it as written, and the scalar `!GetAtt A.B.C` is split at its first dot: `["A", "B.C"]`.
 */
export const SHORT_FORM_TAGS: Readonly<Record<string, string>> = {
  Ref: 'Ref',
  Condition: 'Condition',
  GetAtt: 'Fn::GetAtt',
  Sub: 'Fn::Sub',
  Join: 'Fn::Join',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  Not: 'Fn::Not',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  FindInMap: 'Fn::FindInMap',
  Base64: 'Fn::Base64',
  ImportValue: 'Fn::ImportValue',
  GetAZs: 'Fn::GetAZs',
  Cidr: 'Fn::Cidr',
  // AWS::LanguageExtensions: read, left symbolic.
  Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
  Transform: 'Fn::Transform',
};

function intrinsicTags(): Tags {
  const tags: Tags = [];
  for (const [short, long] of Object.entries(SHORT_FORM_TAGS)) {
    const tag = `!${short}`;
    tags.push({
      tag,
      resolve: (text: string) =>
        long === 'Fn::GetAtt' ? { [long]: splitAtFirstDot(text) } : { [long]: text },
    });
    // A tagged sequence or mapping stays one in the document (so its items keep their places) and
    // becomes `{ [long form]: value }` in the plain value; the types of yaml's toJSON say an array or
    // a map, which the document never sees.
    class IntrinsicSeq extends YAMLSeq {
      override toJSON(arg?: unknown, ctx?: Parameters<YAMLSeq['toJSON']>[1]): unknown[] {
        return { [long]: super.toJSON(arg, ctx) } as unknown as unknown[];
      }
    }
    class IntrinsicMap extends YAMLMap {
      override toJSON(
        arg?: unknown,
        ctx?: Parameters<YAMLMap['toJSON']>[1],
        type?: Parameters<YAMLMap['toJSON']>[2],
      ): ReturnType<YAMLMap['toJSON']> {
        return { [long]: super.toJSON(arg, ctx, type) } as unknown as ReturnType<YAMLMap['toJSON']>;
      }
    }
    tags.push({
      tag,
      collection: 'seq',
      nodeClass: IntrinsicSeq,
      resolve: (seq) => Object.assign(new IntrinsicSeq(), seq),
    });
    tags.push({
      tag,
      collection: 'map',
      nodeClass: IntrinsicMap,
      resolve: (map) => Object.assign(new IntrinsicMap(), map),
    });
  }
  return tags;
}

// PyYAML's booleans are YAML 1.1's without the single letters: `y` and `n` stay strings.
const PYYAML_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const PYYAML_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;

function asPyYaml<T>(tag: T): T {
  const scalar = tag as { tag?: string; test?: RegExp };
  if (typeof tag !== 'object' || scalar.tag !== 'tag:yaml.org,2002:bool' || !scalar.test) return tag;
  if (scalar.test.test('y')) return { ...tag, test: PYYAML_TRUE };
  if (scalar.test.test('n')) return { ...tag, test: PYYAML_FALSE };
  return tag;
}

function splitAtFirstDot(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

/** What a syntax problem is and where (1-based). */
export interface SyntaxProblem {
  readonly message: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
}

export interface ParsedTemplate {
  readonly value: unknown;
  /** Every key and list item by its path (`Resources.Fn.Properties.Events.Api.Properties.Path`). */
  readonly locations: ReadonlyMap<string, SourceLocation>;
}

export type YamlVersion = '1.1' | '1.2';

/**
 * Parses a template. YAML 1.1 by default, as PyYAML (the AWS CLI, SAM CLI) reads it (`yes`, `on` are
 * booleans; PyYAML's own exception: `y` and `n` are not), except that an unquoted date stays a string
 * (`AWSTemplateFormatVersion: 2010-09-09`), as CloudFormation takes it.
 * JSON is YAML too: the same parser locates its keys.
 */
export function parseTemplate(
  text: string,
  yamlVersion: YamlVersion,
): { ok: true; template: ParsedTemplate } | { ok: false; problem: SyntaxProblem } {
  const lineCounter = new LineCounter();
  const extra = intrinsicTags();
  const doc = parseDocument(text, {
    version: yamlVersion,
    merge: true,
    lineCounter,
    prettyErrors: true,
    customTags: (defaults) => [
      ...defaults
        .filter((tag) => typeof tag !== 'object' || tag.tag !== 'tag:yaml.org,2002:timestamp')
        .map(asPyYaml),
      ...extra,
    ],
  });
  const error = doc.errors[0];
  if (error) return { ok: false, problem: problemOf(error.message, error.linePos?.[0]) };
  const unknownTag = doc.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (unknownTag) {
    const tag = /Unresolved tag: (\S+)/.exec(unknownTag.message)?.[1] ?? 'a tag';
    const known = Object.keys(SHORT_FORM_TAGS)
      .map((name) => `!${name}`)
      .join(', ');
    return {
      ok: false,
      problem: {
        message: `${tag} is not a CloudFormation short form (known: ${known})`,
        line: unknownTag.linePos?.[0].line,
        column: unknownTag.linePos?.[0].col,
      },
    };
  }
  const locations = new Map<string, SourceLocation>();
  if (doc.contents) {
    const root = (doc.contents as { range?: Range }).range;
    if (root) setOnce(locations, '', location(lineCounter, root[0], root[1]));
    indexNode(doc, doc.contents as Node, '', lineCounter, locations, new Set());
  }
  return { ok: true, template: { value: doc.toJS({ maxAliasCount: 1000 }), locations } };
}

function problemOf(message: string, at: { line: number; col: number } | undefined): SyntaxProblem {
  const first = message.split('\n')[0] ?? message;
  const text = first.replace(/ at line \d+, column \d+:?$/, '').trim();
  return { message: text, line: at?.line, column: at?.col };
}

function location(lineCounter: LineCounter, start: number, end: number): SourceLocation | undefined {
  const from = lineCounter.linePos(start);
  const to = lineCounter.linePos(end);
  return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
}

type Range = readonly [number, number, number];

function indexNode(
  doc: Document,
  node: Node,
  path: string,
  lineCounter: LineCounter,
  out: Map<string, SourceLocation>,
  seen: Set<Node>,
): void {
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (!target || seen.has(target)) return;
    seen.add(target);
    indexNode(doc, target, path, lineCounter, out, seen);
    seen.delete(target);
    return;
  }
  const range = (node as { range?: Range }).range;
  let here = path;
  const long = node.tag?.startsWith('!') ? SHORT_FORM_TAGS[node.tag.slice(1)] : undefined;
  if (long !== undefined) {
    here = joinPath(path, long);
    if (range) setOnce(out, here, location(lineCounter, range[0], range[1]));
    if (isScalar(node)) {
      if (long === 'Fn::GetAtt' && range) {
        setOnce(out, joinPath(here, 0), location(lineCounter, range[0], range[1]));
        setOnce(out, joinPath(here, 1), location(lineCounter, range[0], range[1]));
      }
      return;
    }
  }
  if (isMap(node)) indexMap(doc, node, here, lineCounter, out, seen);
  else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const itemPath = joinPath(here, index);
      const itemRange = (item as { range?: Range } | null)?.range;
      if (itemRange) setOnce(out, itemPath, location(lineCounter, itemRange[0], itemRange[1]));
      if (item) indexNode(doc, item as Node, itemPath, lineCounter, out, seen);
    });
  }
}

function indexMap(
  doc: Document,
  map: YAMLMap,
  path: string,
  lineCounter: LineCounter,
  out: Map<string, SourceLocation>,
  seen: Set<Node>,
): void {
  const merges: Node[] = [];
  for (const pair of map.items) {
    if (!isPair(pair)) continue;
    const key = pair.key as Node | null;
    const keyValue = isScalar(key) ? key.value : key;
    // A merge key (`<<: *base`): its value is a Symbol once the YAML 1.1 merge tag resolves it.
    if (isScalar(key) && (typeof keyValue === 'symbol' || (keyValue === '<<' && key.source === '<<'))) {
      if (pair.value) merges.push(pair.value as Node);
      continue;
    }
    const keyPath = joinPath(path, String(keyValue));
    const keyRange = (key as { range?: Range } | null)?.range;
    const valueRange = (pair.value as { range?: Range } | null)?.range;
    if (keyRange) {
      setOnce(out, keyPath, location(lineCounter, keyRange[0], valueRange?.[1] ?? keyRange[1]));
    }
    if (pair.value) indexNode(doc, pair.value as Node, keyPath, lineCounter, out, seen);
  }
  // `<<: *base` keys count only where the mapping does not write the key itself.
  for (const merge of merges) {
    const sources = isSeq(merge) ? (merge.items as Node[]) : [merge];
    for (const source of sources) {
      const target = isAlias(source) ? source.resolve(doc) : source;
      if (target && isMap(target) && !seen.has(target)) {
        seen.add(target);
        indexMap(doc, target, path, lineCounter, out, seen);
        seen.delete(target);
      }
    }
  }
}

function setOnce(out: Map<string, SourceLocation>, path: string, value: SourceLocation | undefined): void {
  if (value && !out.has(path)) out.set(path, value);
}
