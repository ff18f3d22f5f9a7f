import type { Params } from '../params';

/** Prefix of the Item LLM's parameters inside an HLLM parameter tree. */
export const ITEM_PREFIX = 'item.';
/** Prefix of the User LLM's parameters. */
export const USER_PREFIX = 'user.';

/** The entries of `params` under `prefix`, renamed without it (arrays are not copied or referenced). */
export function withoutPrefix(params: Params, prefix: string): Params {
  const out: Params = {};
  for (const [name, a] of Object.entries(params)) {
    if (name.startsWith(prefix)) out[name.slice(prefix.length)] = a;
  }
  return out;
}

/** `tree` with every name under `prefix` (arrays are not copied or referenced). */
export function withPrefix<T>(tree: Record<string, T>, prefix: string): Record<string, T> {
  return Object.fromEntries(Object.entries(tree).map(([n, a]) => [prefix + n, a]));
}

/** The entries of `params` whose names are in `names` (arrays are not copied or referenced). */
export function pick(params: Params, names: Iterable<string>): Params {
  const out: Params = {};
  for (const name of names) if (params[name] !== undefined) out[name] = params[name];
  return out;
}
