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
import { SERIES_COLOURS } from '../palette';

/** Metrics drawn per evaluated epoch. */
const SHOWN: readonly MetricName[] = ['R@10', 'N@10', 'R@50'];

/** Validation metrics (×100) of each evaluated epoch; re-renders only when `epochs` changes. */
export const ValidationChart = memo(function ValidationChart({ epochs }: { epochs: EpochPoint[] }) {
  const data = epochs
    .filter((e) => e.valid !== null)
    .map((e) => ({ epoch: e.epoch + 1, ...e.valid }));
  return (
    <figure className="chart">
      <figcaption id="valid-caption">Validation metrics by epoch (×100)</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} aria-labelledby="valid-caption">
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} />
          <YAxis domain={[0, 'auto']} />
          <Tooltip />
          <Legend />
          {SHOWN.map((metric, i) => (
            <Line
              key={metric}
              dataKey={metric}
              name={metric}
              stroke={SERIES_COLOURS[i]}
              strokeDasharray={i === 0 ? undefined : `${4 + 2 * i} ${2 + i}`}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
