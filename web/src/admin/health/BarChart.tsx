import { Box, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';

export interface Bar {
  /** Start of the bucket (epoch ms). */
  x: number;
  /** null: nothing to show for this bucket (no segment, or the camera did not exist yet). */
  y: number | null;
  /** Said on hover and to a screen reader. */
  label: string;
  color: string;
}

interface BarChartProps {
  title: string;
  bars: readonly Bar[];
  yMax: number;
  yTicks: readonly number[];
  formatY: (y: number) => string;
  formatX: (x: number) => string;
  /** A label under every n-th bar (or a multiple of n, when the bars are narrow). */
  xLabelEvery: number;
  testId: string;
  height?: number;
}

const LEFT = 52;
const BOTTOM = 22;
const TOP = 8;

/** Plain SVG bars (no charting library to load on a school's old PC): one per hour, with a grid and labels. */
export function BarChart({ title, bars, yMax, yTicks, formatY, formatX, xLabelEvery, testId, height = 180 }: BarChartProps) {
  const { ref, width } = useElementSize();
  const plotW = Math.max(0, width - LEFT - 4);
  const plotH = height - TOP - BOTTOM;
  const step = bars.length > 0 ? plotW / bars.length : 0;
  const gap = step > 4 ? 1 : 0;
  // Labels at least 48 px apart: fewer of them on a phone.
  const every = xLabelEvery * Math.max(1, Math.ceil(48 / Math.max(1, step * xLabelEvery)));
  const yOf = (y: number) => TOP + plotH - (Math.min(y, yMax) / yMax) * plotH;
  return (
    <Box>
      <Text size="sm" fw={600} mb={4}>{title}</Text>
      <Box ref={ref} w="100%" h={height}>
        {width > 0 && (
          <svg width={width} height={height} role="img" aria-label={title} data-testid={testId} style={{ display: 'block', fontSize: 11 }}>
            {yTicks.map((tick) => (
              <g key={tick}>
                <line x1={LEFT} x2={LEFT + plotW} y1={yOf(tick)} y2={yOf(tick)} stroke="var(--mantine-color-gray-3)" strokeDasharray={tick === 0 ? undefined : '3 3'} />
                <text x={LEFT - 6} y={yOf(tick) + 4} textAnchor="end" fill="var(--mantine-color-dimmed)">{formatY(tick)}</text>
              </g>
            ))}
            {bars.map((b, i) => {
              const x = LEFT + i * step;
              return (
                <g key={b.x}>
                  {b.y !== null && (
                    <rect data-bar x={x + gap} width={Math.max(1, step - 2 * gap)} y={yOf(b.y)} height={Math.max(b.y > 0 ? 1 : 0, TOP + plotH - yOf(b.y))} fill={b.color}>
                      <title>{b.label}</title>
                    </rect>
                  )}
                  {b.y === null && <rect x={x} width={step} y={TOP} height={plotH} fill="transparent"><title>{b.label}</title></rect>}
                  {i % every === 0 && i + every <= bars.length && (
                    <text x={x} y={height - 6} fill="var(--mantine-color-dimmed)">{formatX(b.x)}</text>
                  )}
                </g>
              );
            })}
          </svg>
        )}
      </Box>
    </Box>
  );
}
