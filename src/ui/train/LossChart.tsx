import { memo } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { LossPoint } from '../../state/trainProgress';
import { samplePoints } from '../charts/samplePoints';
import { OKABE_ITO } from '../palette';

/** Most points drawn on the live loss curve. */
const MAX_POINTS = 400;

/** Training loss per optimiser step, updated live (no animation: the data changes every step). */
export const LossChart = memo(function LossChart({ losses }: { losses: LossPoint[] }) {
  return (
    <figure className="chart">
      <figcaption id="loss-caption">Training loss by step</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={samplePoints(losses, MAX_POINTS)} aria-labelledby="loss-caption">
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="step" type="number" domain={[1, 'dataMax']} allowDecimals={false} />
          <YAxis domain={['auto', 'auto']} />
          <Tooltip />
          <Line
            dataKey="loss"
            name="Loss"
            stroke={OKABE_ITO.blue}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
