// What every chart of the app draws the same way: plain SVG made on the server, no style attributes or scripts (the
// CSP allows neither). The follow-up report's chart uses presentation attributes; later charts use the classes
// `app-chart__…` in app.css, which keeps a chart of many bars small.

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A centred figure; a white outline keeps it readable where it crosses a line. */
export const label = (x: number, y: number, text: string, extra = ''): string =>
  `<text x="${x}" y="${y}" font-size="12" text-anchor="middle" paint-order="stroke" stroke="#fff" stroke-width="3"${extra}>${esc(text)}</text>`;

/** Text drawn with a class of app.css (size, anchor and outline live there); without one it takes its group's. */
export const text = (cls: string, x: number, y: number, content: string): string =>
  `<text${cls ? ` class="${cls}"` : ''} x="${x}" y="${y}">${esc(content)}</text>`;

/** Elements of one kind under one class: each element is shorter, which keeps a chart of many bars small. */
export const group = (cls: string, children: string[], extra = ''): string =>
  children.length ? `<g class="${cls}"${extra}>${children.join('')}</g>` : '';

/**
 * Diagonal stripes to fill a shape with: a series or an empty period that is told apart by its pattern, not by its
 * colour alone. `id` must be unique in the page (a legend's swatch refers to it as `url(#id)`).
 */
export const hatch = (id: string, background: string, stripe: string): string =>
  `<pattern id="${id}" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">` +
  `<rect width="8" height="8" fill="${background}"/><line x1="0" y1="0" x2="0" y2="8" stroke="${stripe}" stroke-width="3"/></pattern>`;

/** An axis from 0 to a round number at or above `max`, with at most five steps of 1, 2 or 5 × a power of ten. */
export function niceScale(max: number): { top: number; ticks: number[] } {
  if (!(max > 0)) return { top: 1, ticks: [0, 1] };
  let step = 1;
  for (let power = 1; ; power *= 10) {
    const found = [1, 2, 5].map((m) => m * power).find((s) => Math.ceil(max / s) <= 5);
    if (found) {
      step = found;
      break;
    }
  }
  const top = Math.ceil(max / step) * step;
  return { top, ticks: Array.from({ length: top / step + 1 }, (_, i) => i * step) };
}

/** Roughly how wide a text of this many characters is at `fontSize` px (digits and short words; no font metrics here). */
export const textWidth = (s: string, fontSize: number): number => Math.ceil(s.length * fontSize * 0.62);
