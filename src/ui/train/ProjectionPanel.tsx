import { memo, useEffect, useId, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import { SERIES_COLOURS } from '../palette';
import { useStores } from '../storesContext';
import { fitToBox } from './fitToBox';

const WIDTH = 560;
const HEIGHT = 420;
const PAD = 12;
/** Colour of the `other` category. */
const OTHER_COLOUR = '#999999';

/**
 * The live 2-D PCA projection of the current run's item embeddings (computed in the train
 * worker): items coloured by the first word of a chosen text field, new (cold) items ringed, and
 * a chosen test user's history drawn as a path, oldest to newest. Re-renders only on its own
 * store's changes, not on every training step.
 */
export const ProjectionPanel = memo(function ProjectionPanel() {
  const { projection } = useStores();
  const context = useStore(projection, (s) => s.context);
  const latest = useStore(projection, (s) => s.latest);
  const count = useStore(projection, (s) => s.count);
  const field = useStore(projection, (s) => s.field);
  const user = useStore(projection, (s) => s.user);
  const canvas = useRef<HTMLCanvasElement>(null);
  const fieldId = useId();
  const userId = useId();
  const colourField = context?.fields[field];
  const colours = useMemo(
    () =>
      colourField?.names.map((name, code) =>
        name === 'other' ? OTHER_COLOUR : SERIES_COLOURS[code % SERIES_COLOURS.length],
      ) ?? [],
    [colourField],
  );

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || context === null || latest === null) return;
    const xy = fitToBox(latest.coords, WIDTH, HEIGHT, PAD);
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    const codes = colourField?.codes;
    for (let i = 0; i < context.items.length; i++) {
      ctx.fillStyle = codes === undefined ? SERIES_COLOURS[0] : colours[codes[i]];
      ctx.fillRect(xy[2 * i] - 1.5, xy[2 * i + 1] - 1.5, 3, 3);
    }
    ctx.strokeStyle = '#000000';
    ctx.lineWidth = 1;
    for (let i = 0; i < context.items.length; i++) {
      if (context.cold[i] !== 1) continue;
      ctx.beginPath();
      ctx.arc(xy[2 * i], xy[2 * i + 1], 4, 0, 2 * Math.PI);
      ctx.stroke();
    }
    const history = user === null ? undefined : context.histories[user];
    if (history !== undefined && history.points.length > 0) {
      ctx.strokeStyle = '#D55E00';
      ctx.lineWidth = 2;
      ctx.beginPath();
      history.points.forEach((p, k) =>
        k === 0 ? ctx.moveTo(xy[2 * p], xy[2 * p + 1]) : ctx.lineTo(xy[2 * p], xy[2 * p + 1]),
      );
      ctx.stroke();
      const last = history.points[history.points.length - 1];
      ctx.fillStyle = '#D55E00';
      ctx.beginPath();
      ctx.arc(xy[2 * last], xy[2 * last + 1], 5, 0, 2 * Math.PI);
      ctx.fill();
    }
  }, [context, latest, colourField, colours, user]);

  if (context === null) return null;
  const newItems = context.cold.reduce((s, c) => s + c, 0);
  return (
    <figure
      className="chart projection"
      data-testid="projection"
      data-snapshots={count}
      data-label={latest?.label ?? ''}
      data-points={context.items.length}
    >
      <figcaption id="projection-caption">
        Item embeddings, first two principal components —{' '}
        {latest === null
          ? 'waiting for the first snapshot…'
          : `${latest.label}, step ${latest.step} (${(100 * (latest.explained[0] + latest.explained[1])).toFixed(0)}% of the variance)`}
      </figcaption>
      <div className="config-form">
        {context.fields.length > 0 && (
          <div className="field">
            <label htmlFor={fieldId}>Colour by the first word of</label>
            <select
              id={fieldId}
              value={field}
              onChange={(event) =>
                projection.getState().setField(Number(event.currentTarget.value))
              }
            >
              {context.fields.map((f, i) => (
                <option key={f.field} value={i}>
                  {f.field}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={userId}>Draw the history of</label>
          <select
            id={userId}
            value={user ?? ''}
            onChange={(event) => {
              const value = event.currentTarget.value;
              projection.getState().setUser(value === '' ? null : Number(value));
            }}
          >
            <option value="">no user</option>
            {context.histories.map((h, i) => (
              <option key={h.user} value={i}>
                user {h.user} ({h.points.length} items)
              </option>
            ))}
          </select>
        </div>
      </div>
      <canvas
        ref={canvas}
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-labelledby="projection-caption"
      />
      <ul className="legend" data-testid="projection-legend">
        {colourField?.names.map((name, code) => (
          <li key={name}>
            <span className="swatch" style={{ background: colours[code] }} /> {name}
          </li>
        ))}
        <li>
          <span className="swatch ring" /> new (cold) item ({newItems} of the {context.cold.length}{' '}
          items drawn)
        </li>
        {user !== null && (
          <li>
            <span className="swatch path" /> history, oldest to newest (dot = latest)
          </li>
        )}
      </ul>
    </figure>
  );
});
