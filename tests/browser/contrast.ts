// Accessibility checks run inside the page: axe-core (WCAG 2.x A/AA, contrast included) and a text-contrast check
// for SVG text, which axe leaves "incomplete"; both in each phase of the alarm flashing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type AxeCore from 'axe-core';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The axe-core rule sets run on every display. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface Finding {
  rule: string;
  target: string;
  detail: string;
}

/**
 * Pauses every CSS animation at `atMs` into its cycle (flashing alarms swap colours at 56 % of 1 s), so a
 * check sees one phase of the flashing, then the other.
 */
export async function freezeAnimations(page: Page, atMs: number): Promise<void> {
  await page.evaluate((t) => {
    for (const a of document.getAnimations()) {
      a.pause();
      a.currentTime = t;
    }
  }, atMs);
}

export async function resumeAnimations(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const a of document.getAnimations()) a.play();
  });
}

/** axe-core's violations of `AXE_TAGS` on the whole document (injected through the debugging protocol, so the CSP allows it). */
export async function axeViolations(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const { axe } = window as unknown as { axe: typeof AxeCore };
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return r.violations.flatMap((v) =>
      v.nodes.map((n) => ({
        rule: v.id,
        target: n.target.join(' '),
        detail: String(n.failureSummary ?? v.help).replace(/\s+/g, ' '),
      })),
    );
  }, AXE_TAGS);
}

/**
 * WCAG 1.4.3 for SVG text: every visible `<text>` against what is painted under its centre (SVG shapes and HTML
 * boxes, semi-transparent layers composited, hatch patterns and gradients taken at their worst colour).
 * At least 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold).
 */
export async function svgTextContrast(page: Page): Promise<Finding[]> {
  // Under tsx (the benchmark) esbuild's keepNames wraps inner functions in `__name(...)`: give the page one.
  await page.evaluate('globalThis.__name = globalThis.__name || ((f) => f)');
  return page.evaluate(() => {
    type RGBA = [number, number, number, number];
    const parse = (s: string): RGBA[] => {
      const out: RGBA[] = [];
      for (const m of s.matchAll(/rgba?\(([^)]+)\)/g)) {
        const p = m[1]!
          .split(/[\s,/]+/)
          .filter(Boolean)
          .map(Number);
        out.push([p[0]!, p[1]!, p[2]!, p[3] ?? 1]);
      }
      return out;
    };
    const lum = ([r, g, b]: RGBA) => {
      const c = [r, g, b].map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
    };
    const ratio = (a: RGBA, b: RGBA) => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
      return (x! + 0.05) / (y! + 0.05);
    };
    const over = (top: RGBA, under: RGBA): RGBA => {
      const a = top[3];
      return [
        top[0] * a + under[0] * (1 - a),
        top[1] * a + under[1] * (1 - a),
        top[2] * a + under[2] * (1 - a),
        1,
      ];
    };
    const SHAPES = new Set(['rect', 'path', 'circle', 'ellipse', 'polygon', 'polyline']);
    /** The colours an element paints behind text: none, one, or several (patterns, gradients). */
    const paints = (el: Element): RGBA[] => {
      const cs = getComputedStyle(el);
      const opacity = Number(cs.opacity);
      const tag = el.tagName.toLowerCase();
      if (el instanceof SVGElement) {
        if (!SHAPES.has(tag) || cs.fill === 'none') return [];
        const fo = Number(cs.fillOpacity) * opacity;
        const ref = /url\("?#([^")]+)"?\)/.exec(cs.fill);
        if (ref) {
          const pattern = document.getElementById(ref[1]!);
          if (!pattern) return [];
          return [...pattern.querySelectorAll('rect, stop')].flatMap((p) =>
            parse(
              p.tagName.toLowerCase() === 'stop'
                ? getComputedStyle(p).stopColor
                : getComputedStyle(p).fill,
            ).map((c): RGBA => [c[0], c[1], c[2], c[3] * fo]),
          );
        }
        return parse(cs.fill).map((c): RGBA => [c[0], c[1], c[2], c[3] * fo]);
      }
      const colours = [
        ...parse(cs.backgroundColor),
        ...(cs.backgroundImage === 'none' ? [] : parse(cs.backgroundImage)),
      ].map((c): RGBA => [c[0], c[1], c[2], c[3] * opacity]);
      return colours.filter((c) => c[3] > 0);
    };
    const visible = (el: Element) => {
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return (
        cs.visibility !== 'hidden' &&
        cs.display !== 'none' &&
        Number(cs.opacity) > 0 &&
        r.width > 0 &&
        r.height > 0 &&
        r.bottom > 0 &&
        r.right > 0 &&
        r.top < innerHeight &&
        r.left < innerWidth &&
        (el.textContent ?? '').trim() !== ''
      );
    };
    // Hit-testing skips `pointer-events: none`: switch it on for the check, then restore.
    const touched: [HTMLElement | SVGElement, string][] = [];
    for (const el of document.querySelectorAll<HTMLElement | SVGElement>('*')) {
      if (getComputedStyle(el).pointerEvents === 'none') {
        touched.push([el, el.style.pointerEvents]);
        el.style.pointerEvents = 'auto';
      }
    }
    const findings: { rule: string; target: string; detail: string }[] = [];
    try {
      for (const text of document.querySelectorAll('svg text')) {
        if (!visible(text)) continue;
        const cs = getComputedStyle(text);
        const fg = parse(cs.fill)[0];
        if (!fg) continue;
        const r = text.getBoundingClientRect();
        const hits = document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        // Where the text (or, when its glyphs are missed, its nearest ancestor) sits in the paint order: anything
        // painted above it covers it (a modal's backdrop), and such text is not checked, as axe does.
        const at = hits.findIndex((e) => e === text || text.contains(e) || e.contains(text));
        if (at === -1 || hits.slice(0, at).some((e) => paints(e).some((c) => c[3] > 0))) continue;
        const stack = hits
          .slice(at)
          .filter(
            (e) =>
              e !== text &&
              !text.contains(e) &&
              !['text', 'tspan'].includes(e.tagName.toLowerCase()),
          );
        // Composite the layers under the text, top to bottom, until an opaque one; each option of a pattern counts.
        let backs: RGBA[] = [];
        const layers: RGBA[][] = [];
        for (const e of stack) {
          const p = paints(e);
          if (p.length === 0) continue;
          layers.push(p);
          if (p.every((c) => c[3] >= 0.999)) break;
        }
        backs = [[255, 255, 255, 1]];
        for (const layer of layers.reverse())
          backs = layer.flatMap((c) => backs.map((b) => over(c, b)));
        const fgAlpha = fg[3] * Number(cs.fillOpacity) * Number(cs.opacity);
        const size = parseFloat(cs.fontSize);
        const bold = Number(cs.fontWeight) >= 700;
        const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
        const worst = Math.min(
          ...backs.map((b) => ratio(over([fg[0], fg[1], fg[2], fgAlpha], b), b)),
        );
        if (worst < need) {
          const path: string[] = [];
          for (let e: Element | null = text; e && path.length < 4; e = e.parentElement) {
            const id =
              e.getAttribute('data-tag') ??
              e.getAttribute('data-equipment') ??
              e.getAttribute('class');
            path.unshift(`${e.tagName.toLowerCase()}${id ? `[${id}]` : ''}`);
          }
          findings.push({
            rule: 'svg-text-contrast',
            target: path.join(' > '),
            detail: `"${(text.textContent ?? '').trim().slice(0, 30)}" ${worst.toFixed(2)}:1 < ${need}:1 (fill ${cs.fill}, ${size}px)`,
          });
        }
      }
    } finally {
      for (const [el, v] of touched) el.style.pointerEvents = v;
    }
    return findings;
  });
}

/** Every contrast and WCAG finding on the page as it is now, in both phases of the flashing. */
export async function accessibilityFindings(page: Page): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const phase of [100, 700]) {
    await freezeAnimations(page, phase);
    for (const f of [...(await axeViolations(page)), ...(await svgTextContrast(page))])
      out.push({ ...f, detail: `${f.detail} (flash phase ${phase} ms)` });
  }
  await resumeAnimations(page);
  // The same problem in both phases is reported once.
  const seen = new Set<string>();
  return out.filter((f) => {
    const key = `${f.rule} ${f.target} ${f.detail.replace(/ \(flash phase \d+ ms\)$/, '')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
