import { escapeHtml } from './escape';

/** Markup already escaped: what {@link html} inserts as is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = SafeHtml | string | number | boolean | null | undefined | readonly Part[];

/**
 * A template of markup whose every interpolated value is escaped unless it is {@link SafeHtml} (a
 * nested `html` template): escaping is the default, so user text cannot be let through by forgetting.
 * `false`, `null` and `undefined` insert nothing, so `${cond && html`…`}` reads naturally.
 */
export function html(strings: TemplateStringsArray, ...values: readonly Part[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, index) => {
    out += render(value) + strings[index + 1]!;
  });
  return new SafeHtml(out);
}

/** Markup built elsewhere and known to be safe (an inlined asset, a pre-escaped string). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * Text that may wrap after `.`, `-`, `_`, `:` and `/` and between the words of a camel-cased name:
 * ids, config and function names, which have no spaces and would otherwise break anywhere.
 */
export function breakable(text: string): SafeHtml {
  return new SafeHtml(
    escapeHtml(text)
      .replace(/([.\-_:/])/g, '$1<wbr>')
      .replace(/([a-z0-9])([A-Z][a-z])/g, '$1<wbr>$2'),
  );
}

function render(value: Part): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}
