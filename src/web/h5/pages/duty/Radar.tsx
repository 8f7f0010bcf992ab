import { type RadarAxis, radarPoints, ringPath } from './data.ts';

const WIDTH = 340;
const HEIGHT = 290;
const CENTER = WIDTH / 2;
const MIDDLE = HEIGHT / 2;
const RADIUS = 90;

/**
 * The 履职画像 radar as a small inline SVG (no chart library in the H5): one axis per second-level
 * indicator, the filled polygon at each indicator's points ÷ cap, rings at 25 % steps.
 */
export function Radar({ axes, label, testId }: { axes: RadarAxis[]; label: string; testId?: string }) {
  if (axes.length < 3) return null;
  const corners = radarPoints(axes, RADIUS, CENTER);
  const shape = corners.map((c) => `${c.x},${c.y}`).join(' ');
  return (
    <svg
      className="h5-duty-radar"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
      data-testid={testId}
    >
      <title>{label}</title>
      <g transform={`translate(0 ${MIDDLE - CENTER})`}>
        {[0.25, 0.5, 0.75, 1].map((level) => (
          <polygon
            key={level}
            points={ringPath(axes.length, RADIUS, CENTER, level)}
            className="h5-duty-ring"
          />
        ))}
        {corners.map((c, i) => (
          <line
            key={axes[i]?.name}
            x1={CENTER}
            y1={CENTER}
            x2={c.axisX}
            y2={c.axisY}
            className="h5-duty-axis"
          />
        ))}
        <polygon points={shape} className="h5-duty-shape" />
        {corners.map((c, i) => (
          <circle key={axes[i]?.name} cx={c.x} cy={c.y} r={3} className="h5-duty-dot" />
        ))}
        {corners.map((c, i) => {
          const a = axes[i] as RadarAxis;
          // Labels sit just outside the axis end, anchored away from the centre.
          const lx = CENTER + c.cos * (RADIUS + 16);
          const ly = CENTER + c.sin * (RADIUS + 16);
          const anchor = Math.abs(c.cos) < 0.2 ? 'middle' : c.cos > 0 ? 'start' : 'end';
          const dy = c.sin < -0.8 ? -16 : c.sin > 0.8 ? 10 : -2;
          return (
            <text key={a.name} x={lx} y={ly + dy} textAnchor={anchor} className="h5-duty-radar-label">
              {a.name}
              <tspan x={lx} dy={13} className="h5-duty-radar-value">
                {Math.round(a.points * 10) / 10}/{a.cap}
              </tspan>
            </text>
          );
        })}
      </g>
    </svg>
  );
}
