// Shared SVG definitions for graphics: the non-alarm hatch used for Bad quality, and the flow arrowhead.
export function GraphicDefs() {
  return (
    <defs>
      <pattern
        id="quality-hatch"
        width="8"
        height="8"
        patternUnits="userSpaceOnUse"
        patternTransform="rotate(45)"
      >
        <rect width="8" height="8" fill="hsl(0 0% 92%)" />
        <rect width="4" height="8" fill="hsl(0 0% 78%)" />
      </pattern>
      <marker
        id="flow-arrow"
        viewBox="0 0 10 10"
        refX="9"
        refY="5"
        markerWidth="7"
        markerHeight="7"
        orient="auto"
      >
        <path d="M0 0 L10 5 L0 10 z" fill="hsl(0 0% 33%)" />
      </marker>
    </defs>
  );
}

/** Keyboard and pointer activation for an SVG element acting as a button. */
export function activate(onOpen: () => void) {
  return {
    role: 'button',
    tabIndex: 0,
    className: 'clickable',
    onClick: onOpen,
    onKeyDown: (e: { key: string; preventDefault(): void }) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onOpen();
      }
    },
  } as const;
}
