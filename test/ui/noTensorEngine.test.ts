import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

/** Resolves a relative import to a source file, or null for a package import. */
function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, resolve(base, 'index.ts')];
  const found = candidates.find((c) => existsSync(c) && !c.endsWith('.css') && /\.tsx?$/.test(c));
  return found ?? null;
}

/** Every package the main thread loads, following value imports (type-only imports are erased). */
function mainThreadPackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const local = resolveLocal(file, match[1]);
      if (local !== null) stack.push(local);
      else if (!match[1].startsWith('.')) packages.add(match[1]);
    }
  }
  return packages;
}

describe('main thread', () => {
  it('never loads the tensor engine; only workers do', () => {
    const packages = mainThreadPackages(resolve(ROOT, 'src/main.tsx'));
    expect(packages.has('react')).toBe(true);
    expect([...packages].filter((p) => p.startsWith('@jax-js/'))).toEqual([]);
    expect([...packages].filter((p) => p.startsWith('@huggingface/'))).toEqual([]);
  });

  it('the scan does follow value imports into the core (it reaches jax-js from the train service)', () => {
    const packages = mainThreadPackages(resolve(ROOT, 'src/compute/trainService.ts'));
    expect(packages.has('@jax-js/jax')).toBe(true);
  });
});
