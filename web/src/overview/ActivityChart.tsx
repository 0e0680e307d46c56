import type { ActivityMinute } from '../api/types';

const width = 560;
const height = 160;
const base = height - 20;

/**
 * What the sync did minute by minute — records synced and failed as bars, ConnectWise calls as a line on their own
 * scale, a dot on each minute with 429s — as an inline SVG whose totals are its text alternative.
 */
export function ActivityChart({ minutes }: { minutes: ActivityMinute[] }) {
  const slot = width / Math.max(1, minutes.length);
  const bar = Math.max(1, (slot - 2) / 2);
  const top = Math.max(1, ...minutes.map((minute) => Math.max(minute.synced, minute.failed)));
  const topCalls = Math.max(1, ...minutes.map((minute) => minute.calls));
  const y = (value: number, max: number) => base - (value / max) * (base - 10);
  const sum = (count: keyof Omit<ActivityMinute, 'minute'>) =>
    minutes.reduce((total, minute) => total + minute[count], 0);
  const calls = minutes
    .map((minute, index) => `${(index * slot + slot / 2).toFixed(1)},${y(minute.calls, topCalls).toFixed(1)}`)
    .join(' ');
  const label =
    `${sum('synced')} records synced, ${sum('failed')} failed, ${sum('calls')} ConnectWise calls ` +
    `(${sum('rateLimited')} rate-limited) in the last ${minutes.length} minutes`;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid="activity-chart">
        <line x1="0" x2={width} y1={base} y2={base} className="axis" />
        {minutes.map((minute, index) => (
          <g key={minute.minute}>
            <rect
              className="synced-bar"
              x={index * slot + 1}
              y={y(minute.synced, top)}
              width={bar}
              height={base - y(minute.synced, top)}
            >
              <title>{`${minute.synced} records synced at ${minute.minute} UTC`}</title>
            </rect>
            <rect
              className="failures-bar"
              x={index * slot + 1 + bar}
              y={y(minute.failed, top)}
              width={bar}
              height={base - y(minute.failed, top)}
            >
              <title>{`${minute.failed} records failed at ${minute.minute} UTC`}</title>
            </rect>
            {minute.rateLimited > 0 && (
              <circle className="rate-limited-dot" cx={index * slot + slot / 2} cy={8} r={3}>
                <title>{`${minute.rateLimited} answers 429 at ${minute.minute} UTC`}</title>
              </circle>
            )}
          </g>
        ))}
        <polyline className="calls-line" points={calls} />
        <text x="0" y={height - 4} className="tick">
          {minutes[0]?.minute.slice(11)} UTC
        </text>
        <text x={width} y={height - 4} className="tick" textAnchor="end">
          now
        </text>
      </svg>
      <figcaption>
        <span className="key synced-key" aria-hidden="true" /> records synced{' '}
        <span className="key failures-key" aria-hidden="true" /> failed{' '}
        <span className="key calls-key" aria-hidden="true" /> ConnectWise calls (up to {topCalls} a minute){' '}
        <span className="key rate-limited-key" aria-hidden="true" /> 429s
      </figcaption>
    </figure>
  );
}
