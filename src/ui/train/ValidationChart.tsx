import { memo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { MetricName } from '../../config/runConfig';
import type { EpochPoint } from '../../state/trainProgress';
import { TITLED_MARGIN, xTitle, yTitle } from '../charts/axisTitles';
import { METRIC_AXIS } from '../explanations';
import { SERIES_COLOURS } from '../palette';

/** Metrics drawn per evaluated epoch of a single run. */
const SHOWN: readonly MetricName[] = ['R@10', 'N@10', 'R@50'];

/** Metrics drawn per run when runs are overlaid (solid, then dashed). */
const OVERLAID: readonly MetricName[] = ['R@10', 'N@10'];

/** One run's validation history: its name, colour and epochs. */
export interface ValidationSeries {
  name: string;
  colour: string;
  epochs: EpochPoint[];
}

/** The evaluated epochs of a run as chart points (1-based epoch, metrics ×100). */
function points(epochs: readonly EpochPoint[]) {
  return epochs.filter((e) => e.valid !== null).map((e) => ({ epoch: e.epoch + 1, ...e.valid }));
}

/**
 * Validation metrics (×100) of each evaluated epoch: three metrics of one run, or R@10 (solid)
 * and N@10 (dashed) of each run in its colour when runs are overlaid. Re-renders only when
 * `series` changes.
 */
export const ValidationChart = memo(function ValidationChart({
  series,
}: {
  series: ValidationSeries[];
}) {
  const overlaid = series.length > 1;
  const lines = overlaid
    ? series.flatMap((s) =>
        OVERLAID.map((metric, i) => ({
          key: `${s.name} ${metric}`,
          data: points(s.epochs),
          metric,
          colour: s.colour,
          dash: i === 0 ? undefined : '6 3',
        })),
      )
    : SHOWN.map((metric, i) => ({
        key: metric,
        data: points(series[0]?.epochs ?? []),
        metric,
        colour: SERIES_COLOURS[i],
        dash: i === 0 ? undefined : `${4 + 2 * i} ${2 + i}`,
      }));
  return (
    <figure className="chart">
      <figcaption id="valid-caption">
        Validation metrics by epoch (×100)
        {overlaid ? ': R@10 solid, N@10 dashed, one colour per model' : ''}
      </figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart margin={TITLED_MARGIN} aria-labelledby="valid-caption">
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="epoch"
            type="number"
            domain={[1, 'dataMax']}
            allowDecimals={false}
            label={xTitle('epoch')}
          />
          <YAxis domain={[0, 'auto']} label={yTitle(METRIC_AXIS)} />
          <Tooltip />
          <Legend verticalAlign="top" />
          {lines.map((line) => (
            <Line
              key={line.key}
              data={line.data}
              dataKey={line.metric}
              name={line.key}
              stroke={line.colour}
              strokeDasharray={line.dash}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
