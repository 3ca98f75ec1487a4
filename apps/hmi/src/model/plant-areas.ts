// Which areas the HMI draws and which it lists: a drawn layout shows when the plant has tags in its areas; the rest get the tag list.

/** What the HMI needs of a drawn layout and of a tag definition here. */
interface LayoutAreas {
  display: string;
  areas: readonly string[];
}

export interface PlantAreas {
  /** Display ids of the drawn layouts the plant has tags for. */
  drawn: ReadonlySet<string>;
  /** Areas with tags but no drawn layout, in the order their first tag comes: the tag list shows them. */
  listed: readonly string[];
}

/**
 * Before the definitions arrive every drawn layout counts (the page does not flicker for the pilot); after,
 * a layout counts when one of its areas has a tag, and an area no counted layout draws is listed.
 */
export function plantAreas(
  definitions: Iterable<{ area: string }>,
  layouts: readonly LayoutAreas[],
): PlantAreas {
  const areas: string[] = [];
  const seen = new Set<string>();
  for (const d of definitions)
    if (!seen.has(d.area)) {
      seen.add(d.area);
      areas.push(d.area);
    }
  if (areas.length === 0) return { drawn: new Set(layouts.map((l) => l.display)), listed: [] };
  const drawn = new Set<string>();
  const covered = new Set<string>();
  for (const l of layouts)
    if (l.areas.some((a) => seen.has(a))) {
      drawn.add(l.display);
      for (const a of l.areas) covered.add(a);
    }
  return { drawn, listed: areas.filter((a) => !covered.has(a)) };
}
