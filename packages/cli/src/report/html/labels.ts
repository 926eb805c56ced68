// The names the page gives versions and hooks, the same in every section and chart.

/** `version 2` for a published version, the name itself for anything else (`unrouted`). */
export function versionLabel(version: string): string {
  return /^\d+$/.test(version) ? `version ${version}` : version;
}

/** `PreTraffic hook` for `BeforeAllowTraffic`: the name the template gives it. */
export function hookName(lifecycleEvent: string): string {
  if (lifecycleEvent === 'BeforeAllowTraffic') return 'PreTraffic hook';
  if (lifecycleEvent === 'AfterAllowTraffic') return 'PostTraffic hook';
  return `${lifecycleEvent} hook`;
}
