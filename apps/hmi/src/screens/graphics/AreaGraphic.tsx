// Draws a level-2 process graphic from its layout; clicking a value or a piece of equipment opens its faceplate.
import { useOpenFaceplate } from '../../ui/useRoute.js';
import { GraphicDefs } from './GraphicDefs.js';
import type { AreaLayout, GraphicItem } from './layout.js';
import { MiniTrend } from './MiniTrend.js';
import { StatusText } from './StatusText.js';
import { Pipe, PumpSymbol, ValveSymbol, VesselSymbol } from './Symbols.js';
import { ValueBox } from './ValueBox.js';

function Item({ it, onOpen }: { it: GraphicItem; onOpen: (target: string) => void }) {
  switch (it.kind) {
    case 'vessel':
      return <VesselSymbol {...it} onOpen={onOpen} />;
    case 'pump':
      return <PumpSymbol {...it} onOpen={onOpen} />;
    case 'valve':
      return <ValveSymbol {...it} onOpen={onOpen} />;
    case 'value':
      return <ValueBox tag={it.tag} x={it.x} y={it.y} onOpen={onOpen} />;
    case 'status':
      return <StatusText tag={it.tag} x={it.x} y={it.y} onOpen={onOpen} />;
    case 'pipe':
      return <Pipe points={it.points} arrow={it.arrow} dashed={it.dashed} />;
    case 'label':
      return (
        <text x={it.x} y={it.y} className={it.heading ? 'heading' : 'dim'}>
          {it.text}
        </text>
      );
    case 'trend':
      return <MiniTrend {...it} />;
  }
}

export function AreaGraphic({ layout }: { layout: AreaLayout }) {
  const onOpen = useOpenFaceplate();
  // Pipes first, so symbols and values draw over them.
  const order = [...layout.items].sort(
    (a, b) => Number(b.kind === 'pipe') - Number(a.kind === 'pipe'),
  );
  return (
    <svg
      className="graphic"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="group"
      aria-label={`${layout.title} process graphic`}
      data-display={layout.display}
    >
      <GraphicDefs />
      {order.map((it, i) => (
        <Item key={i} it={it} onOpen={onOpen} />
      ))}
    </svg>
  );
}
