/**
 * A dependency-free SVG line chart of latency against concurrency: per series a solid line for p50
 * and a dashed line for p99, concurrency on a log2 axis, latency on a linear axis with round ticks.
 */

export interface LatencyPoint {
  concurrency: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LatencySeries {
  name: string;
  points: LatencyPoint[];
}

const WIDTH = 760;
const HEIGHT = 440;
const MARGIN = { top: 48, right: 190, bottom: 56, left: 72 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
/** Colour-blind-safe (Okabe-Ito). */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Ticks from 0 at a step of 1, 2 or 5 × 10^n, about `target` of them, covering `max`. */
export function niceTicks(max: number, target = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / target;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough)!;
  const ticks: number[] = [];
  for (let value = 0; value < max + step; value += step) ticks.push(Number(value.toPrecision(12)));
  return ticks;
}

const number = (value: number) => Number(value.toFixed(1));

export function latencyChartSvg(title: string, series: LatencySeries[]): string {
  const measured = series.map((one) => ({
    ...one,
    points: one.points.filter((p) => Number.isFinite(p.p50Ms) && Number.isFinite(p.p99Ms)),
  }));
  const levels = [...new Set(measured.flatMap((one) => one.points.map((p) => p.concurrency)))].sort((a, b) => a - b);
  const yTicks = niceTicks(Math.max(0, ...measured.flatMap((one) => one.points.map((p) => p.p99Ms))));
  const yMax = yTicks[yTicks.length - 1];
  const logs = levels.map(Math.log2);
  const [low, high] = [Math.min(...logs), Math.max(...logs)];
  // Inset so the end points do not sit on the axes.
  const inset = 24;
  const x = (concurrency: number) =>
    MARGIN.left + (high === low ? PLOT_WIDTH / 2 : inset + ((Math.log2(concurrency) - low) / (high - low)) * (PLOT_WIDTH - 2 * inset));
  const y = (ms: number) => MARGIN.top + PLOT_HEIGHT - (ms / yMax) * PLOT_HEIGHT;

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="28" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (const tick of yTicks) {
    out.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + PLOT_WIDTH}" y1="${number(y(tick))}" y2="${number(y(tick))}" stroke="#e0e0e0"/>`,
      `<text x="${MARGIN.left - 8}" y="${number(y(tick)) + 4}" text-anchor="end">${tick}</text>`,
    );
  }
  for (const level of levels) {
    out.push(
      `<line x1="${number(x(level))}" x2="${number(x(level))}" y1="${MARGIN.top + PLOT_HEIGHT}" y2="${MARGIN.top + PLOT_HEIGHT + 5}" stroke="#333333"/>`,
      `<text x="${number(x(level))}" y="${MARGIN.top + PLOT_HEIGHT + 20}" text-anchor="middle">${level}</text>`,
    );
  }
  out.push(
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + PLOT_WIDTH}" y1="${MARGIN.top + PLOT_HEIGHT}" y2="${MARGIN.top + PLOT_HEIGHT}" stroke="#333333"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + PLOT_HEIGHT}" stroke="#333333"/>`,
    `<text x="${MARGIN.left + PLOT_WIDTH / 2}" y="${HEIGHT - 14}" text-anchor="middle">concurrent clients (log2 scale)</text>`,
    `<text transform="translate(20 ${MARGIN.top + PLOT_HEIGHT / 2}) rotate(-90)" text-anchor="middle">latency (ms)</text>`,
  );

  measured.forEach((one, index) => {
    const colour = COLOURS[index % COLOURS.length];
    const sorted = [...one.points].sort((a, b) => a.concurrency - b.concurrency);
    const path = (pick: (p: LatencyPoint) => number) => sorted.map((p) => `${number(x(p.concurrency))},${number(y(pick(p)))}`).join(' ');
    out.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${path((p) => p.p50Ms)}"/>`,
      `<polyline fill="none" stroke="${colour}" stroke-width="2" stroke-dasharray="6 4" points="${path((p) => p.p99Ms)}"/>`,
      ...sorted.map((p) => `<circle cx="${number(x(p.concurrency))}" cy="${number(y(p.p50Ms))}" r="3" fill="${colour}"/>`),
    );
    const legendY = MARGIN.top + 8 + index * 20;
    const legendX = MARGIN.left + PLOT_WIDTH + 20;
    out.push(
      `<line x1="${legendX}" x2="${legendX + 24}" y1="${legendY}" y2="${legendY}" stroke="${colour}" stroke-width="3"/>`,
      `<text x="${legendX + 30}" y="${legendY + 4}">${escapeXml(one.name)}</text>`,
    );
  });
  const keyY = MARGIN.top + 8 + measured.length * 20 + 16;
  const keyX = MARGIN.left + PLOT_WIDTH + 20;
  out.push(
    `<line x1="${keyX}" x2="${keyX + 24}" y1="${keyY}" y2="${keyY}" stroke="#333333" stroke-width="2"/>`,
    `<text x="${keyX + 30}" y="${keyY + 4}">p50</text>`,
    `<line x1="${keyX}" x2="${keyX + 24}" y1="${keyY + 20}" y2="${keyY + 20}" stroke="#333333" stroke-width="2" stroke-dasharray="6 4"/>`,
    `<text x="${keyX + 30}" y="${keyY + 24}">p99</text>`,
    '</svg>',
  );
  return `${out.join('\n')}\n`;
}
