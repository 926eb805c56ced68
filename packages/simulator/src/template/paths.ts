/** Joins a template path: `''` + `Resources` → `Resources`, `a` + `b` → `a.b`, `a` + 0 → `a[0]`. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}
