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

/** Formats seconds as `1h 02m`, `3m 05s` or `12s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}
