// Which tags a faceplate shows for a target (a tag or a piece of equipment), and which of them are controls.
import type { TagDefinitionDto } from '@zld/api';

export interface FaceplateModel {
  target: string;
  /** The tag whose details, indicator and trend lead the faceplate (null for equipment without an analog). */
  primary: TagDefinitionDto | null;
  /** Every tag shown, primary first. */
  tags: TagDefinitionDto[];
  /** Writable tags, in the order setpoint, mode, output, command. */
  controls: TagDefinitionDto[];
}

const CONTROL_ORDER = ['SP', 'MODE', 'OUT', 'CMD'];
const suffixOf = (name: string) => name.split('.')[1] ?? '';
const baseOf = (name: string) => name.split('.')[0]!;

/**
 * For a tag: itself, its loop members (`X.SP`, `X.MODE`, `X.OUT`) and its equipment's tags. For equipment:
 * every tag whose `equipment` is it or whose name starts with it (`P-405.CMD`). Names are ISA-5.1.
 */
export function faceplateModel(
  target: string,
  defs: ReadonlyMap<string, TagDefinitionDto>,
): FaceplateModel {
  const all = [...defs.values()];
  const self = defs.get(target);
  let tags: TagDefinitionDto[];
  if (self) {
    const base = baseOf(target);
    const family = all.filter((d) => d.name !== target && baseOf(d.name) === base);
    const equipment = self.equipment;
    const siblings = equipment
      ? all.filter(
          (d) => d.name.startsWith(`${equipment}.`) && !family.includes(d) && d.name !== target,
        )
      : [];
    tags = [self, ...family, ...siblings];
  } else {
    const own = all.filter((d) => d.equipment === target || d.name.startsWith(`${target}.`));
    const families = all.filter(
      (d) =>
        !own.includes(d) && own.some((o) => !o.name.includes('.') && baseOf(d.name) === o.name),
    );
    tags = [...own, ...families];
  }
  const analog = (d: TagDefinitionDto) =>
    d.dataType !== 'bool' && d.states === undefined && !d.writable;
  const primary = self && !self.name.includes('.') ? self : (tags.find(analog) ?? self ?? null);
  const ordered = primary ? [primary, ...tags.filter((t) => t !== primary)] : tags;
  const rank = (d: TagDefinitionDto) => {
    const i = CONTROL_ORDER.indexOf(suffixOf(d.name));
    return i < 0 ? CONTROL_ORDER.length : i;
  };
  const controls = ordered
    .filter((d) => d.writable)
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  return { target, primary, tags: ordered, controls };
}
