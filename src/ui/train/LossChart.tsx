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
import type { LossPoint } from '../../state/trainProgress';
import { TITLED_MARGIN, xTitle, yTitle } from '../charts/axisTitles';
import { samplePoints } from '../charts/samplePoints';

/** Most points drawn per live loss curve. */
const MAX_POINTS = 400;

/** One run's loss curve: its name in the legend, its colour and its points. */
export interface LossSeries {
  name: string;
  colour: string;
  losses: LossPoint[];
}

/**
 * Training loss per optimiser step, one curve per run (overlaid when models train side by side),
 * updated live (no animation: the data changes every step).
 */
export const LossChart = memo(function LossChart({ series }: { series: LossSeries[] }) {
  return (
    <figure className="chart">
      <figcaption id="loss-caption">Training loss by step</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart margin={TITLED_MARGIN} aria-labelledby="loss-caption">
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="step"
            type="number"
            domain={[1, 'dataMax']}
            allowDecimals={false}
            label={xTitle('optimiser step')}
          />
          <YAxis domain={['auto', 'auto']} label={yTitle('loss (nats)')} />
          <Tooltip />
          {series.length > 1 && <Legend verticalAlign="top" />}
          {series.map((s) => (
            <Line
              key={s.name}
              data={samplePoints(s.losses, MAX_POINTS)}
              dataKey="loss"
              name={s.name}
              stroke={s.colour}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
