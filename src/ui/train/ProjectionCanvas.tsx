import { useEffect, useRef } from 'react';

/** Colour of a new item placed in the projection, and of the drawn history. */
const MARK_COLOUR = '#D55E00';

/** What one projection canvas draws, in screen pixels. */
export interface ProjectionDrawing {
  /** [items, 2] screen positions. */
  xy: Float32Array;
  /** [items] fill colour of each item. */
  colours: readonly string[];
  /** [items] 1 where the item is new (cold): ringed. */
  cold: Uint8Array;
  /** Positions into the items of a history drawn oldest to newest, or null. */
  history: number[] | null;
  /** A new item's screen position and title, or null. */
  newItem: { x: number; y: number; title: string } | null;
}

/**
 * One projection canvas: items as coloured squares, new (cold) items ringed, a history as a path
 * (dot on its latest item), and a placed new item as a labelled diamond.
 */
export function ProjectionCanvas({
  drawing,
  width,
  height,
  labelledBy,
  testId,
}: {
  drawing: ProjectionDrawing | null;
  width: number;
  height: number;
  labelledBy: string;
  testId: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, width, height);
    if (drawing === null) return;
    const { xy, colours, cold, history, newItem } = drawing;
    const n = xy.length / 2;
    for (let i = 0; i < n; i++) {
      ctx.fillStyle = colours[i];
      ctx.fillRect(xy[2 * i] - 1.5, xy[2 * i + 1] - 1.5, 3, 3);
    }
    ctx.strokeStyle = '#000000';
    ctx.lineWidth = 1;
    for (let i = 0; i < n; i++) {
      if (cold[i] !== 1) continue;
      ctx.beginPath();
      ctx.arc(xy[2 * i], xy[2 * i + 1], 4, 0, 2 * Math.PI);
      ctx.stroke();
    }
    if (history !== null && history.length > 0) {
      ctx.strokeStyle = MARK_COLOUR;
      ctx.lineWidth = 2;
      ctx.beginPath();
      history.forEach((p, k) =>
        k === 0 ? ctx.moveTo(xy[2 * p], xy[2 * p + 1]) : ctx.lineTo(xy[2 * p], xy[2 * p + 1]),
      );
      ctx.stroke();
      const last = history[history.length - 1];
      ctx.fillStyle = MARK_COLOUR;
      ctx.beginPath();
      ctx.arc(xy[2 * last], xy[2 * last + 1], 5, 0, 2 * Math.PI);
      ctx.fill();
    }
    if (newItem !== null) {
      const { x, y } = newItem;
      ctx.fillStyle = MARK_COLOUR;
      ctx.strokeStyle = '#000000';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(x, y - 8);
      ctx.lineTo(x + 8, y);
      ctx.lineTo(x, y + 8);
      ctx.lineTo(x - 8, y);
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
      ctx.fillStyle = '#000000';
      ctx.font = '12px sans-serif';
      ctx.textAlign = x > width / 2 ? 'right' : 'left';
      ctx.fillText(newItem.title, x > width / 2 ? x - 10 : x + 10, y - 10);
    }
  }, [drawing, width, height]);
  return (
    <canvas
      ref={canvas}
      width={width}
      height={height}
      role="img"
      aria-labelledby={labelledBy}
      data-testid={testId}
    />
  );
}
