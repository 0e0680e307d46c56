import type { Run } from '../api/types';

const width = 560;
const height = 140;
const buckets = 12;

interface Bucket {
  from: number;
  runs: number;
  failures: number;
}

/** Runs and failed records per time slice, from the oldest run shown to now. */
function bucketize(runs: Run[], now: number): Bucket[] {
  const times = runs.map((run) => Date.parse(run.startedAt));
  const start = Math.min(...times, now - 60_000);
  const span = Math.max(now - start, 60_000) / buckets;
  const slices = Array.from({ length: buckets }, (_, index) => ({
    from: start + index * span,
    runs: 0,
    failures: 0,
  }));
  runs.forEach((run, index) => {
    const slice = slices[Math.min(buckets - 1, Math.floor((times[index]! - start) / span))]!;
    slice.runs += 1;
    slice.failures += run.counts?.failed ?? 0;
  });
  return slices;
}

/** A small inline-SVG bar chart of syncs and failures over time; the numbers are in its text alternative. */
export function RunsChart({ runs, now = Date.now() }: { runs: Run[]; now?: number }) {
  const slices = bucketize(runs, now);
  const top = Math.max(1, ...slices.map((slice) => Math.max(slice.runs, slice.failures)));
  const slot = width / buckets;
  const bar = (slot - 6) / 2;
  const y = (value: number) => height - 20 - (value / top) * (height - 30);
  const totalFailures = slices.reduce((sum, slice) => sum + slice.failures, 0);
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${runs.length} runs and ${totalFailures} failed records over time`}
      >
        <line x1="0" x2={width} y1={height - 20} y2={height - 20} className="axis" />
        {slices.map((slice, index) => (
          <g key={slice.from}>
            <rect
              className="runs-bar"
              x={index * slot + 3}
              y={y(slice.runs)}
              width={bar}
              height={height - 20 - y(slice.runs)}
            >
              <title>{`${slice.runs} runs from ${new Date(slice.from).toLocaleTimeString()}`}</title>
            </rect>
            <rect
              className="failures-bar"
              x={index * slot + 3 + bar}
              y={y(slice.failures)}
              width={bar}
              height={height - 20 - y(slice.failures)}
            >
              <title>{`${slice.failures} failed records from ${new Date(slice.from).toLocaleTimeString()}`}</title>
            </rect>
          </g>
        ))}
        <text x="0" y={height - 4} className="tick">
          {new Date(slices[0]!.from).toLocaleTimeString()}
        </text>
        <text x={width} y={height - 4} className="tick" textAnchor="end">
          now
        </text>
      </svg>
      <figcaption>
        <span className="key runs-key" aria-hidden="true" /> runs{' '}
        <span className="key failures-key" aria-hidden="true" /> failed records
      </figcaption>
    </figure>
  );
}
