import { memo, useId, useMemo } from 'react';
import { useStore } from 'zustand';
import { placeNewItem } from '../../compute/newItemPlacement';
import { applyAlignment, procrustes2d } from '../../compute/procrustes';
import type { ColourField, ProjectionContext } from '../../compute/projection';
import { MODEL_LABELS } from './modelLabels';
import { SERIES_COLOURS } from '../palette';
import { useStores } from '../storesContext';
import { useRunNumber } from '../useRunNumber';
import { fitTogether } from './fitTogether';
import { ProjectionCanvas, type ProjectionDrawing } from './ProjectionCanvas';

const WIDTH = 560;
const HEIGHT = 420;
const SIDE_WIDTH = 420;
const PAD = 12;
/** Colour of the `other` category. */
const OTHER_COLOUR = '#999999';

/** The colour of each category name of `field`: palette order, `other` grey. */
function paletteOf(field: ColourField | undefined): Map<string, string> {
  return new Map(
    field?.names.map((name, code) => [
      name,
      field.hasOther && code === field.names.length - 1
        ? OTHER_COLOUR
        : SERIES_COLOURS[code % SERIES_COLOURS.length],
    ]) ?? [],
  );
}

/** Each drawn item's colour: its category in `context`'s field keyed `key`, coloured by `palette`. */
function itemColours(
  context: ProjectionContext,
  key: string | undefined,
  palette: Map<string, string>,
): string[] {
  const field = context.fields.find((f) => f.field === key);
  if (field === undefined) return Array.from(context.items, () => SERIES_COLOURS[0]);
  return Array.from(field.codes, (code) => palette.get(field.names[code]) ?? OTHER_COLOUR);
}

/** True when two contexts draw the same items in the same order (so their frames can be aligned). */
function sameItems(a: ProjectionContext, b: ProjectionContext): boolean {
  return a.items.length === b.items.length && a.items.every((item, i) => item === b.items[i]);
}

/**
 * The 2-D projection of the current run's item embeddings: PCA (computed in the train worker) or
 * a seeded UMAP (the projection worker), every frame aligned to the one before by Procrustes so
 * points move rather than flip; a scrubber over the saved frames; items coloured by a chosen
 * category field (the best-separating one by default); new (cold) items ringed; a test user's
 * history as a path; the item typed into Inspect's new-item box placed; and another finished
 * run's final frame beside it, in the same colours, aligned to this one. Re-renders only on its own
 * store's changes, not on every training step.
 */
export const ProjectionPanel = memo(function ProjectionPanel() {
  const { projection } = useStores();
  const runNumber = useRunNumber();
  const s = useStore(projection);
  const ids = {
    caption: useId(),
    side: useId(),
    field: useId(),
    user: useId(),
    method: useId(),
    frame: useId(),
    compare: useId(),
  };
  const { context, frames, umap, method, user, newItem, kept, compare } = s;
  const shown = s.frame === null ? frames.length - 1 : Math.min(s.frame, frames.length - 1);
  const frame = shown >= 0 ? frames[shown] : undefined;
  const field = context?.fields[s.field];
  const palette = useMemo(() => paletteOf(field), [field]);
  const other = kept.find((k) => k.context.runId === compare && k.context !== context);

  const drawings = useMemo(() => {
    if (context === null || frame === undefined) return null;
    const layouts = method === 'pca' ? frames.map((f) => f.coords) : umap;
    const coords = layouts[shown];
    if (coords === null || coords === undefined) return null;
    const placedIn = (
      runId: number,
      f: typeof frame,
      layout: Float32Array | null,
    ): Float32Array | null => {
      if (newItem === null || newItem.runId !== runId) return null;
      const at = placeNewItem(f, method, layout, newItem.vector);
      return at === null ? null : Float32Array.from(at);
    };
    const saved = layouts.filter((l): l is Float32Array => l !== null);
    const mark = placedIn(context.runId, frame, coords);
    const [xy, markXy] = fitTogether(
      [coords, mark ?? new Float32Array(0), ...saved],
      WIDTH,
      HEIGHT,
      PAD,
    );
    const main: ProjectionDrawing = {
      xy,
      colours: itemColours(context, field?.field, palette),
      cold: context.cold,
      history: user === null ? null : (context.histories[user]?.points ?? null),
      newItem: mark === null ? null : { x: markXy[0], y: markXy[1], title: newItem?.title ?? '' },
    };
    let side: ProjectionDrawing | null = null;
    const otherLayout =
      other === undefined ? null : method === 'pca' ? other.frame.coords : other.umap;
    if (other !== undefined && otherLayout !== null) {
      const alignment = sameItems(context, other.context)
        ? procrustes2d(otherLayout, coords)
        : null;
      const aligned = alignment === null ? otherLayout : applyAlignment(otherLayout, alignment);
      const rawMark = placedIn(other.context.runId, other.frame, otherLayout);
      const otherMark =
        rawMark === null || alignment === null ? rawMark : applyAlignment(rawMark, alignment);
      const [sideXy, sideMark] = fitTogether(
        [aligned, otherMark ?? new Float32Array(0)],
        SIDE_WIDTH,
        HEIGHT,
        PAD,
      );
      side = {
        xy: sideXy,
        colours: itemColours(other.context, field?.field, palette),
        cold: other.context.cold,
        history: null,
        newItem:
          otherMark === null
            ? null
            : { x: sideMark[0], y: sideMark[1], title: newItem?.title ?? '' },
      };
    }
    return { main, side };
  }, [context, frame, frames, umap, method, shown, newItem, field, palette, user, other]);

  if (context === null) return null;
  const newItems = context.cold.reduce((sum, c) => sum + c, 0);
  const umapFrames = umap.filter((u) => u !== null).length;
  const others = kept.filter((k) => k.context !== context && k.context.runId !== context.runId);
  const runName = (c: ProjectionContext) =>
    `run #${runNumber(c.runId)}${c.model === '' ? '' : ` (${c.model in MODEL_LABELS ? MODEL_LABELS[c.model as keyof typeof MODEL_LABELS] : c.model})`}`;
  const layoutName =
    method === 'pca' ? 'first two principal components' : 'UMAP (seeded, 15 neighbours)';
  let status: string;
  if (frame === undefined) status = 'waiting for the first snapshot…';
  else if (drawings === null) status = `${frame.label}: laying out with UMAP…`;
  else
    status =
      method === 'pca'
        ? `${frame.label}, step ${frame.step} (${(100 * (frame.explained[0] + frame.explained[1])).toFixed(0)}% of the variance)`
        : `${frame.label}, step ${frame.step}`;
  return (
    <figure
      className="chart projection"
      data-testid="projection"
      data-snapshots={s.count}
      data-label={frame?.label ?? ''}
      data-points={context.items.length}
      data-method={method}
      data-frame={shown}
      data-umap-frames={umapFrames}
      data-drawn={drawings === null ? 'no' : 'yes'}
      data-new-item={drawings?.main.newItem === null || drawings === null ? 'no' : 'yes'}
    >
      <figcaption id={ids.caption}>
        Item embeddings, {layoutName} — {status}
      </figcaption>
      <div className="config-form">
        <div className="field">
          <label htmlFor={ids.method}>Layout</label>
          <select
            id={ids.method}
            data-testid="projection-method"
            value={method}
            onChange={(event) =>
              projection.getState().setMethod(event.currentTarget.value === 'umap' ? 'umap' : 'pca')
            }
          >
            <option value="pca">PCA (linear, live)</option>
            <option value="umap" disabled={!s.umapAvailable}>
              UMAP (neighbourhoods, seeded)
            </option>
          </select>
        </div>
        {context.fields.length > 0 && (
          <div className="field">
            <label htmlFor={ids.field}>Colour by</label>
            <select
              id={ids.field}
              data-testid="projection-field"
              value={s.field}
              onChange={(event) =>
                projection.getState().setField(Number(event.currentTarget.value))
              }
            >
              {context.fields.map((f, i) => (
                <option key={f.field} value={i}>
                  {f.label}
                  {frame?.separation[i] === undefined
                    ? ''
                    : ` (separation ${frame.separation[i].toFixed(2)})`}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.user}>Draw the history of</label>
          <select
            id={ids.user}
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
        {others.length > 0 && (
          <div className="field">
            <label htmlFor={ids.compare}>Beside it</label>
            <select
              id={ids.compare}
              data-testid="projection-compare"
              value={compare ?? ''}
              onChange={(event) => {
                const value = event.currentTarget.value;
                projection.getState().setCompare(value === '' ? null : Number(value));
              }}
            >
              <option value="">nothing</option>
              {others.map((k) => (
                <option key={k.context.runId} value={k.context.runId}>
                  {runName(k.context)}, final frame
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {frames.length >= 2 && (
        <div className="field projection-scrubber">
          <label htmlFor={ids.frame}>Frame</label>
          <input
            id={ids.frame}
            type="range"
            data-testid="projection-scrubber"
            min={0}
            max={frames.length - 1}
            step={1}
            value={shown}
            aria-valuetext={frame?.label}
            onChange={(event) => {
              const value = Number(event.currentTarget.value);
              projection.getState().setFrame(value === frames.length - 1 ? null : value);
            }}
          />
          <span className="hint">
            {shown + 1} of {frames.length}: {frame?.label}
            {s.frame === null ? ' (following the latest)' : ''}
          </span>
        </div>
      )}
      {method === 'umap' && (
        <p className="hint" role="status" data-testid="projection-umap-status">
          {s.umapError !== null
            ? `UMAP failed: ${s.umapError}`
            : s.umapBusy
              ? `Laying out frames with UMAP in the projection worker (${umapFrames} of ${frames.length} done)…`
              : `${umapFrames} of ${frames.length} frames laid out with UMAP, each aligned to the one before.`}
        </p>
      )}
      <div className="projection-canvases">
        <div>
          <p className="hint">{runName(context)}</p>
          <ProjectionCanvas
            drawing={drawings?.main ?? null}
            width={WIDTH}
            height={HEIGHT}
            labelledBy={ids.caption}
            testId="projection-canvas"
          />
        </div>
        {other !== undefined && (
          <div>
            <p className="hint" id={ids.side}>
              {runName(other.context)}, {other.frame.label}
              {drawings?.side === null || drawings === null
                ? method === 'umap'
                  ? ' — laying out with UMAP…'
                  : ''
                : ', turned to match'}
            </p>
            <ProjectionCanvas
              drawing={drawings?.side ?? null}
              width={SIDE_WIDTH}
              height={HEIGHT}
              labelledBy={ids.side}
              testId="projection-side-canvas"
            />
          </div>
        )}
      </div>
      {other !== undefined && (
        <p className="hint">
          Both drawn in the same colours, the other turned to match this one. Ringed items are new:
          no training sequence holds them. An ID model (SASRec, HSTU) has only their random initial
          vectors, so they stay scattered; HLLM reads their text, so they land among similar items.
        </p>
      )}
      <ul className="legend" data-testid="projection-legend">
        {field?.names.map((name) => (
          <li key={name}>
            <span className="swatch" style={{ background: palette.get(name) }} /> {name}
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
        {drawings?.main.newItem !== null && drawings !== null && (
          <li>
            <span className="swatch diamond" /> the new item from Inspect,{' '}
            {method === 'pca'
              ? 'projected on this frame’s components'
              : 'placed among its 5 nearest items'}
          </li>
        )}
      </ul>
    </figure>
  );
});
