// Level-3 faceplate of a tag or a piece of equipment: details, indicator, trend, alarms and (by role) its controls.
import type { TagDefinitionDto } from '@zld/api';
import { useAlarms, useConnection, useDefinitions, useTag } from '../../live/source-context.js';
import { alarmsOfTag } from '../../model/alarm-list.js';
import { formatHash } from '../../model/route.js';
import { encodeTrendView } from '../../model/trend-url.js';
import { Modal } from '../../ui/Modal.js';
import { MovingAnalogIndicator } from '../../ui/MovingAnalogIndicator.js';
import { PriorityIcon } from '../../ui/PriorityIcon.js';
import { QualityValue } from '../../ui/QualityValue.js';
import { GraphicDefs } from '../graphics/GraphicDefs.js';
import { MiniTrend } from '../graphics/MiniTrend.js';
import { faceplateModel } from './faceplate-model.js';
import { AlarmLimitSettings } from './AlarmLimitSettings.js';
import { FaceplateControls } from './FaceplateControls.js';

export function Faceplate({ target, onClose }: { target: string; onClose: () => void }) {
  const defs = useDefinitions();
  const model = faceplateModel(target, defs);
  const primary = model.primary;
  return (
    <Modal
      title={`${target}${primary && primary.name !== target ? ` (${primary.name})` : ''}`}
      onClose={onClose}
      testId="faceplate"
      actions={
        <a href={formatHash('overview')} data-testid="faceplate-overview">
          Overview
        </a>
      }
    >
      {model.tags.length === 0 ? (
        <p>No tags of {target} are known to the gateway.</p>
      ) : (
        <div className="faceplate" data-display-level={3}>
          <div>
            {primary && <Details def={primary} />}
            <TagList tags={model.tags} />
          </div>
          <div>
            {primary && <FaceplateTrend def={primary} />}
            <FaceplateAlarms tags={model.tags} />
            <FaceplateControls controls={model.controls} />
            {primary && <AlarmLimitSettings def={primary} />}
          </div>
        </div>
      )}
    </Modal>
  );
}

function Details({ def }: { def: TagDefinitionDto }) {
  const tag = useTag(def.name);
  const sp = useTag(`${def.name}.SP`);
  const lost = useConnection() === 'lost';
  const alarms = alarmsOfTag(useAlarms(), def.name).filter((a) => a.tag === def.name);
  const analog = def.dataType !== 'bool' && def.states === undefined;
  const value = typeof tag?.value === 'number' && !tag.quality.startsWith('Bad') ? tag.value : null;
  const l = def.limits ?? {};
  return (
    <section aria-label="Details">
      <p>{def.description}</p>
      <dl>
        <dt>Value</dt>
        <dd data-testid="faceplate-value">
          <QualityValue tag={tag} connectionLost={lost} />
        </dd>
        <dt>Quality</dt>
        <dd>{tag?.quality ?? 'unknown'}</dd>
        <dt>Time (UTC)</dt>
        <dd>{tag?.ts ?? '-'}</dd>
        <dt>Range</dt>
        <dd>
          {def.range[0]} ... {def.range[1]} {def.unit}
        </dd>
        {def.normal && (
          <>
            <dt>Normal</dt>
            <dd>
              {def.normal[0]} ... {def.normal[1]} {def.unit}
            </dd>
          </>
        )}
        {def.limits && (
          <>
            <dt>Alarm limits</dt>
            <dd data-testid="faceplate-limits">
              {(['LL', 'L', 'H', 'HH'] as const)
                .filter((n) => l[n] !== undefined)
                .map((n) => `${n} ${l[n]}`)
                .join(' / ')}
            </dd>
          </>
        )}
        <dt>Source</dt>
        <dd>{def.computed ? 'computed' : (def.plc ?? '-')}</dd>
      </dl>
      {analog && (
        <svg
          width="100%"
          viewBox="0 0 320 40"
          role="img"
          aria-label={`${def.name} moving analog indicator`}
        >
          <MovingAnalogIndicator
            def={def}
            value={value}
            setpoint={typeof sp?.value === 'number' ? sp.value : null}
            x={10}
            y={10}
            w={300}
            h={14}
            alarms={alarms}
          />
          <text x={10} y={38} fontSize={10}>
            {def.range[0]}
          </text>
          <text x={310} y={38} fontSize={10} textAnchor="end">
            {def.range[1]}
          </text>
        </svg>
      )}
    </section>
  );
}

function TagList({ tags }: { tags: readonly TagDefinitionDto[] }) {
  return (
    <table>
      <caption className="visually-hidden">Related tags</caption>
      <tbody>
        {tags.map((d) => (
          <TagRow key={d.name} def={d} />
        ))}
      </tbody>
    </table>
  );
}

function TagRow({ def }: { def: TagDefinitionDto }) {
  const tag = useTag(def.name);
  const lost = useConnection() === 'lost';
  return (
    <tr data-tag={def.name}>
      <th scope="row">{def.name}</th>
      <td className="muted">{def.description}</td>
      <td>
        <QualityValue tag={tag} connectionLost={lost} />
      </td>
    </tr>
  );
}

function FaceplateTrend({ def }: { def: TagDefinitionDto }) {
  const analog = def.dataType !== 'bool' && def.states === undefined;
  if (!analog) return null;
  const link = formatHash(
    'trends',
    encodeTrendView({
      pens: [def.name],
      window: { kind: 'preset', preset: '8h', live: true },
      mode: 'axes',
      shift: null,
    }),
  );
  return (
    <section aria-label="Trend">
      <svg width="100%" viewBox="0 0 420 150" className="graphic">
        <GraphicDefs />
        <MiniTrend title={`${def.name}, last hour`} tags={[def.name]} x={0} y={0} w={420} h={150} />
      </svg>
      <a href={link}>Open in trends</a>
    </section>
  );
}

function FaceplateAlarms({ tags }: { tags: readonly TagDefinitionDto[] }) {
  const all = useAlarms();
  const names = new Set(tags.map((t) => t.name));
  const alarms = all.filter((a) => names.has(a.tag));
  if (alarms.length === 0) return <p className="muted">No alarms on these tags.</p>;
  return (
    <section aria-label="Alarms">
      <h3>Alarms</h3>
      <ul>
        {alarms.map((a) => (
          <li key={a.id} className="row">
            <PriorityIcon priority={a.priority} alarm={a} />
            <span>
              {a.id}: {a.message} ({a.state})
            </span>
          </li>
        ))}
      </ul>
      <a href={formatHash('alarms', { q: [...names][0] ?? '' })}>
        Acknowledge in the alarm summary
      </a>
    </section>
  );
}
