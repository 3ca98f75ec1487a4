// The generic level-2 display of an area without a drawn layout: each tag's name, description, value, unit and quality.
import { useConnection, useDefinitions, useTag } from '../../live/source-context.js';
import { plantAreas } from '../../model/plant-areas.js';
import { QualityValue } from '../../ui/QualityValue.js';
import { useOpenFaceplate, useRoute } from '../../ui/useRoute.js';
import { AREA_LAYOUTS } from '../area/area-layouts.js';

/** `#/tags?area=<id>`: one area; without `area`, every area no drawn layout shows (else every area). */
export function TagListScreen() {
  const route = useRoute();
  const defs = useDefinitions();
  const byArea = new Map<string, string[]>();
  for (const d of defs.values()) byArea.set(d.area, [...(byArea.get(d.area) ?? []), d.name]);
  const only = route.params.get('area');
  const listed = plantAreas(defs.values(), AREA_LAYOUTS).listed;
  const areas = only !== null ? [only] : listed.length > 0 ? listed : [...byArea.keys()];
  return (
    <section aria-label="Tag list" data-display-level={2} className="grid">
      <h1>Tag list</h1>
      {defs.size === 0 && <p className="muted">Waiting for the tag definitions...</p>}
      {areas.map((area) => (
        <AreaTags key={area} area={area} names={byArea.get(area) ?? []} />
      ))}
    </section>
  );
}

function AreaTags({ area, names }: { area: string; names: readonly string[] }) {
  return (
    <section className="panel" aria-label={`Tags of ${area}`} data-area={area}>
      <h2>{area}</h2>
      {names.length === 0 ? (
        <p className="muted">No tags in this area.</p>
      ) : (
        <table className="tag-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Description</th>
              <th scope="col">Value</th>
              <th scope="col">Unit</th>
              <th scope="col">Quality</th>
            </tr>
          </thead>
          <tbody>
            {names.map((n) => (
              <TagRow key={n} name={n} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TagRow({ name }: { name: string }) {
  const tag = useTag(name);
  const lost = useConnection() === 'lost';
  const open = useOpenFaceplate();
  return (
    <tr data-tag={name}>
      <th scope="row">
        <button type="button" className="linklike" onClick={() => open(name)}>
          {name}
        </button>
      </th>
      <td>{tag?.description ?? ''}</td>
      <td data-testid="value">
        <QualityValue tag={tag} connectionLost={lost} showUnit={false} />
      </td>
      <td>{tag?.unit ?? ''}</td>
      <td data-testid="quality">{tag?.quality ?? ''}</td>
    </tr>
  );
}
