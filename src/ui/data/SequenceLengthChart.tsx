import { TITLED_MARGIN, xTitle, yTitle } from '../charts/axisTitles';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistogramBin } from '../../dataset/stats';
import { OKABE_ITO } from '../palette';
import { usePrefersReducedMotion } from '../usePrefersReducedMotion';

/** Bar label of a bin of integer lengths: `lo` or `lo–hi-1`. */
function binLabel(bin: HistogramBin): string {
  return bin.hi - bin.lo <= 1 ? String(bin.lo) : `${bin.lo}–${bin.hi - 1}`;
}

/** Histogram of the users' sequence lengths. */
export function SequenceLengthChart({ histogram }: { histogram: HistogramBin[] }) {
  const reducedMotion = usePrefersReducedMotion();
  const data = histogram.map((bin) => ({ length: binLabel(bin), users: bin.count }));
  return (
    <figure className="chart">
      <figcaption id="seq-length-caption">Sequence length (interactions per user)</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={TITLED_MARGIN} aria-labelledby="seq-length-caption">
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="length" label={xTitle('interactions per user')} />
          <YAxis allowDecimals={false} label={yTitle('users')} />
          <Tooltip />
          <Bar
            dataKey="users"
            name="Users"
            fill={OKABE_ITO.blue}
            isAnimationActive={!reducedMotion}
          />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
