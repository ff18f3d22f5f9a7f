const integer = new Intl.NumberFormat('en-US');

/** Formats a count with thousands separators (e.g. `12,345`). */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** Formats a fraction as a percentage with enough digits to show sparse densities (e.g. `0.63%`). */
export function formatPercent(fraction: number): string {
  const pct = fraction * 100;
  const digits = pct === 0 || pct >= 10 ? 1 : Math.min(6, 1 - Math.floor(Math.log10(pct)));
  return `${pct.toFixed(digits)}%`;
}
