// Trend pen styles: muted, non-alarm hues plus distinct dash patterns, so pens stay apart in greyscale; each
// stroke (also the colour of its axis labels) keeps 4.5:1 against the grey background.

export interface PenStyle {
  stroke: string;
  dash: string | undefined;
}

const STROKES = [
  '#1f1f1f',
  '#34507f',
  '#5a3a78',
  '#275440',
  '#6a4b2a',
  '#4d4d4d',
  '#1f4a5a',
  '#5a2a45',
];
const DASHES = [undefined, '8 3', '2 3', '10 3 2 3', '4 4', '12 4', '1 3', '6 2 2 2'];

export function penStyle(i: number): PenStyle {
  return { stroke: STROKES[i % STROKES.length]!, dash: DASHES[i % DASHES.length] };
}
