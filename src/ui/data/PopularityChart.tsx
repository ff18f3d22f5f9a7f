import { TITLED_MARGIN, xTitle, yTitle } from '../charts/axisTitles';
import {
  Area,
  AreaChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { OKABE_ITO } from '../palette';
import { usePrefersReducedMotion } from '../usePrefersReducedMotion';
import { longTailPoints } from './longTailPoints';

/** Most points drawn on the long-tail curve. */
const MAX_POINTS = 200;

/** Interactions per item against item rank: the long tail of item popularity. */
export function PopularityChart({ sortedCounts }: { sortedCounts: Int32Array }) {
  const reducedMotion = usePrefersReducedMotion();
  const data = longTailPoints(sortedCounts, MAX_POINTS);
  return (
    <figure className="chart">
      <figcaption id="popularity-caption">Item popularity (interactions by item rank)</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <AreaChart data={data} margin={TITLED_MARGIN} aria-labelledby="popularity-caption">
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="rank"
            type="number"
            domain={[1, 'dataMax']}
            label={xTitle('item rank (most popular first)')}
          />
          <YAxis allowDecimals={false} label={yTitle('interactions')} />
          <Tooltip />
          <Area
            dataKey="interactions"
            name="Interactions"
            stroke={OKABE_ITO.vermillion}
            fill={OKABE_ITO.orange}
            isAnimationActive={!reducedMotion}
          />
        </AreaChart>
      </ResponsiveContainer>
    </figure>
  );
}
