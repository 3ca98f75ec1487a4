// Key values of each level-2 display, with quality and alarm marks, each display one click away.
import { useAlarms, useConnection, useTag } from '../../live/source-context.js';
import { worstAlarm } from '../../model/alarm-list.js';
import { formatHash } from '../../model/route.js';
import { PriorityIcon } from '../../ui/PriorityIcon.js';
import { QualityValue } from '../../ui/QualityValue.js';
import { useOpenFaceplate } from '../../ui/useRoute.js';
import { AREA_LAYOUTS } from '../area/area-layouts.js';

export function AreaKeyValues() {
  return (
    <section
      className="grid"
      style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))' }}
      aria-label="Key values per area"
    >
      {AREA_LAYOUTS.map((l) => (
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
