import { useEffect, useRef, useState } from 'react';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { effectiveTheme, onThemeChange } from '../lib/theme';
import { rt } from './strings';

// Only the pieces these charts use, so the reports chunk stays small (Chart.js tree-shakes).
Chart.register(
  LineController,
  LineElement,
  PointElement,
  BarController,
  BarElement,
  DoughnutController,
  ArcElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
  Filler,
);

export const COLORS = ['#2f6fed', '#14a37f', '#e5a50a', '#d64545', '#8a63d2', '#7a8599'];

export interface Series {
  label: string;
  data: Array<number | null>;
  color?: string;
}

/**
 * One Chart.js chart on a canvas, rebuilt when its data changes. Labels and values are data, drawn
 * by Chart.js as text on the canvas (never HTML). `data-points` tells tests how much it drew.
 */
export function ChartBox({
  id,
  title,
  type,
  labels,
  series,
  yMax,
  percent,
  colors,
}: {
  id: string;
  title: string;
  type: 'line' | 'bar' | 'doughnut';
  labels: string[];
  series: Series[];
  yMax?: number;
  percent?: boolean;
  colors?: string[];
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // Chart.js paints on a canvas, outside the stylesheet: give it the theme's ink and redraw on a switch.
  const [theme, setTheme] = useState(effectiveTheme);
  useEffect(() => onThemeChange(() => setTheme(effectiveTheme())), []);
  const points = series.reduce((n, s) => n + s.data.filter((v) => v !== null && v !== 0).length, 0);
  useEffect(() => {
    if (!canvas.current || points === 0) return;
    const ink = getComputedStyle(canvas.current).color;
    const grid = theme === 'dark' ? 'rgba(255, 255, 255, 0.12)' : 'rgba(0, 0, 0, 0.1)';
    const config: ChartConfiguration = {
      type,
      data: {
        labels,
        datasets: series.map((s, i) =>
          type === 'doughnut'
            ? { label: s.label, data: s.data, backgroundColor: labels.map((_, j) => (colors ?? COLORS)[j % (colors ?? COLORS).length]!) }
            : {
                label: s.label,
                data: s.data,
                borderColor: s.color ?? COLORS[i % COLORS.length],
                backgroundColor: s.color ?? COLORS[i % COLORS.length],
                spanGaps: true,
                tension: 0.25,
                pointRadius: 2,
              },
        ),
      } as ChartConfiguration['data'],
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        color: ink,
        borderColor: grid,
        plugins: { legend: { display: type === 'doughnut' || series.length > 1, position: 'bottom', labels: { color: ink } } },
        ...(type === 'doughnut'
          ? {}
          : {
              scales: {
                x: { ticks: { color: ink }, grid: { color: grid } },
                y: {
                  beginAtZero: true,
                  grid: { color: grid },
                  ...(yMax !== undefined ? { max: yMax } : {}),
                  ticks: percent ? { color: ink, callback: (v: string | number) => `${v} %` } : { color: ink, precision: 0 },
                },
              },
            }),
      },
    };
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [theme, type, JSON.stringify(labels), JSON.stringify(series), yMax, percent, points, colors?.join()]);
  return (
    <figure className="report-chart" data-testid={`chart-${id}`} data-points={points}>
      <figcaption>{title}</figcaption>
      <div className="report-chart-canvas">
        {points === 0 ? <p className="muted">{rt('chart.empty')}</p> : <canvas ref={canvas} role="img" aria-label={title} />}
      </div>
    </figure>
  );
}
