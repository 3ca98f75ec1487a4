// Key values of each level-2 display the plant has, with quality and alarm marks, each display (or tag list) one click away.
import { useAlarms, useConnection, useDefinitions, useTag } from '../../live/source-context.js';
import { plantAreas } from '../../model/plant-areas.js';
import { worstAlarm } from '../../model/alarm-list.js';
import { formatHash } from '../../model/route.js';
import { PriorityIcon } from '../../ui/PriorityIcon.js';
import { QualityValue } from '../../ui/QualityValue.js';
import { useOpenFaceplate } from '../../ui/useRoute.js';
import { AREA_LAYOUTS } from '../area/area-layouts.js';

export function AreaKeyValues() {
  const areas = plantAreas(useDefinitions().values(), AREA_LAYOUTS);
  return (
    <section
      className="grid"
      style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))' }}
      aria-label="Key values per area"
    >
      {areas.listed.map((a) => (
        <div className="panel" key={`list-${a}`} data-area={a}>
          <h2>
            <a href={formatHash('tags', { area: a })}>{a}</a>
          </h2>
          <p className="muted">No drawn display: the tag list shows this area.</p>
        </div>
      ))}
      {AREA_LAYOUTS.filter((l) => areas.drawn.has(l.display)).map((l) => (
        <div className="panel" key={l.display} data-display={l.display}>
          <h2>
            <a href={formatHash(`area/${l.display}`)}>{l.title}</a>
          </h2>
          <table>
            <tbody>
              {l.keyTags.map((t) => (
                <KeyRow key={t} name={t} />
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}

function KeyRow({ name }: { name: string }) {
  const tag = useTag(name);
  const lost = useConnection() === 'lost';
  const alarm = worstAlarm(useAlarms().filter((a) => a.tag === name));
  const open = useOpenFaceplate();
  return (
    <tr data-tag={name}>
      <th scope="row">
        <button
          type="button"
          className="linklike"
          onClick={() => open(name)}
          title={tag?.description}
        >
          {name}
        </button>
      </th>
      <td className="muted">{tag?.description ?? ''}</td>
      <td>
        <QualityValue tag={tag} connectionLost={lost} />
      </td>
      <td>{alarm && <PriorityIcon priority={alarm.priority} alarm={alarm} />}</td>
    </tr>
  );
}
