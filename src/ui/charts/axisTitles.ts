/** Room around a chart's plot for its axis titles (recharts `margin`). */
export const TITLED_MARGIN = { top: 8, right: 16, bottom: 24, left: 16 } as const;

/** A horizontal axis' title, under its ticks (recharts `XAxis` `label`). */
export function xTitle(text: string) {
  return { value: text, position: 'insideBottom' as const, offset: -16 };
}

/** A vertical axis' title, turned along the axis (recharts `YAxis` `label`). */
export function yTitle(text: string) {
  return {
    value: text,
    angle: -90,
    position: 'insideLeft' as const,
    offset: 0,
    style: { textAnchor: 'middle' as const },
  };
}
