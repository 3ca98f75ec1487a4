// A level-2 area display: the process graphic of one display id.
import { AreaGraphic } from '../graphics/AreaGraphic.js';
import { layoutOf } from './area-layouts.js';

export function AreaScreen({ display }: { display: string }) {
  const layout = layoutOf(display);
  if (!layout) return <p>Unknown display &quot;{display}&quot;.</p>;
  return (
    <section aria-label={layout.title} data-display-level={2}>
      <h1>{layout.title}</h1>
      <AreaGraphic layout={layout} />
    </section>
  );
}
