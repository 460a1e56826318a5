export interface Bar {
  label: string;
  /** Integer (a count, or fen): widths are computed in integer arithmetic. */
  value: number;
  display: string;
}

const WIDTH = 640;
const LABEL_W = 150;
const VALUE_W = 130;
const ROW = 28;

/**
 * A horizontal bar chart as inline SVG: no script, no external file. The SVG is one labelled image; the
 * same numbers are also in a table next to it for screen readers and copying.
 */
export function BarChart({ id, title, bars }: { id: string; title: string; bars: Bar[] }) {
  const max = bars.reduce((m, b) => Math.max(m, b.value), 0);
  const span = WIDTH - LABEL_W - VALUE_W;
  const height = Math.max(1, bars.length) * ROW + 8;
  const width = (v: number) => (max <= 0 ? 0 : Number((BigInt(Math.max(0, v)) * BigInt(span)) / BigInt(max)));
  return (
    <figure class="chart">
      <svg role="img" aria-labelledby={`${id}-t`} viewBox={`0 0 ${WIDTH} ${height}`} width="100%" xmlns="http://www.w3.org/2000/svg">
        <title id={`${id}-t`}>{title}</title>
        {bars.map((b, i) => (
          <g>
            <text x={LABEL_W - 8} y={i * ROW + 19} text-anchor="end" class="chart-label">{b.label}</text>
            <rect x={LABEL_W} y={i * ROW + 6} width={width(b.value)} height={ROW - 10} class={`bar bar-${i % 6}`} />
            <text x={LABEL_W + width(b.value) + 6} y={i * ROW + 19} class="chart-value">{b.display}</text>
          </g>
        ))}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}
