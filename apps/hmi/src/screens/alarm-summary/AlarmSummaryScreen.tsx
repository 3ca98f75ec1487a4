// Level-4 alarm summary: sort, filter, acknowledge one or many with a comment, shelve with reason and duration.
import type { Priority } from '@zld/api';
import { useMemo, useState } from 'react';
import { useAlarms, useDefinitions, useSource } from '../../live/source-context.js';
import {
  compareAlarms,
  filterAlarms,
  isFlashing,
  type AlarmFilter,
  type AlarmSortKey,
} from '../../model/alarm-list.js';
import type { AlarmView } from '../../model/plant-views.js';
import { PRIORITY_ORDER, PRIORITY_STYLE } from '../../model/priority.js';
import { formatTime, toMs } from '../../model/time.js';
import { useSession } from '../../session/session-context.js';
import { PriorityIcon } from '../../ui/PriorityIcon.js';
import { useOpenFaceplate, useRoute } from '../../ui/useRoute.js';
import { AlarmActionDialog } from './AlarmActionDialog.js';
import { unshelveAlarms } from '../../api/alarm-api.js';

const COLUMNS: { key: AlarmSortKey; label: string }[] = [
  { key: 'priority', label: 'Priority' },
  { key: 'time', label: 'Since' },
  { key: 'tag', label: 'Tag' },
  { key: 'state', label: 'State' },
];

export function AlarmSummaryScreen() {
  const alarms = useAlarms();
  const defs = useDefinitions();
  const session = useSession();
  const replay = useSource().mode === 'replay';
  const route = useRoute();
  const openFaceplate = useOpenFaceplate();
  const [sort, setSort] = useState<{ key: AlarmSortKey; desc: boolean }>({
    key: 'priority',
    desc: false,
  });
  const [filter, setFilter] = useState<AlarmFilter>(() => ({
    show: 'all',
    text: route.params.get('q') ?? '',
    priorities: [],
  }));
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<'ack' | 'shelve' | null>(null);
  const canOperate = session.can('operator') && !replay;

  const rows = useMemo(
    () =>
      filterAlarms(alarms, filter, (tag) => defs.get(tag)?.area).sort(
        compareAlarms(sort.key, sort.desc),
      ),
    [alarms, filter, defs, sort],
  );
  const chosen = rows.filter((a) => selected.has(a.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const togglePriority = (p: Priority) =>
    setFilter((f) => {
      const ps = f.priorities ?? [];
      return { ...f, priorities: ps.includes(p) ? ps.filter((x) => x !== p) : [...ps, p] };
    });

  return (
    <section aria-label="Alarm summary" data-display-level={4}>
      <h1>Alarm summary {replay && <span className="level-tag">as at the replay cursor</span>}</h1>
      <div className="row panel" role="group" aria-label="Filter">
        {PRIORITY_ORDER.map((p) => (
          <label key={p} className="row">
            <input
              type="checkbox"
              checked={filter.priorities?.includes(p) ?? false}
              onChange={() => togglePriority(p)}
            />
            <PriorityIcon priority={p} /> {PRIORITY_STYLE[p].label}
          </label>
        ))}
        <label className="row">
          Show
          <select
            value={filter.show}
            onChange={(e) =>
              setFilter((f) => ({ ...f, show: e.target.value as AlarmFilter['show'] }))
            }
          >
            <option value="all">all listed</option>
            <option value="unacked">unacknowledged</option>
            <option value="active">active</option>
            <option value="shelved">shelved / suppressed / out of service</option>
          </select>
        </label>
        <label className="row">
          Search
          <input
            value={filter.text}
            onChange={(e) => setFilter((f) => ({ ...f, text: e.target.value }))}
            placeholder="tag or text"
          />
        </label>
      </div>
      {canOperate && (
        <div className="row" style={{ margin: '8px 0' }}>
          <button
            type="button"
            disabled={chosen.length === 0}
            onClick={() => setDialog('ack')}
            data-testid="ack-selected"
          >
            Acknowledge selected ({chosen.length})
          </button>
          <button
            type="button"
            disabled={chosen.length === 0}
            onClick={() => setDialog('shelve')}
            data-testid="shelve-selected"
          >
            Shelve selected
          </button>
          <button
            type="button"
            onClick={() => setSelected(new Set(rows.filter((a) => !a.acked).map((a) => a.id)))}
          >
            Select all unacknowledged
          </button>
          <button type="button" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </div>
      )}
      <table data-testid="alarm-table">
        <thead>
          <tr>
            {canOperate && <th scope="col">Select</th>}
            {COLUMNS.map((c) => (
              <th
                key={c.key}
                scope="col"
                aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
              >
                <button
                  type="button"
                  className="sort"
                  onClick={() =>
                    setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : false }))
                  }
                >
                  {c.label}
                </button>
              </th>
            ))}
            <th scope="col">Message</th>
            <th scope="col">Value</th>
            <th scope="col">Acknowledged / shelved</th>
            {canOperate && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={9} className="muted">
                No alarms match.
              </td>
            </tr>
          )}
          {rows.map((a) => (
            <AlarmRow
              key={a.id}
              alarm={a}
              canOperate={canOperate}
              selected={selected.has(a.id)}
              onToggle={() => toggle(a.id)}
              onOpen={() => openFaceplate(a.tag)}
              onAck={() => {
                setSelected(new Set([a.id]));
                setDialog('ack');
              }}
              onShelve={() => {
                setSelected(new Set([a.id]));
                setDialog('shelve');
              }}
            />
          ))}
        </tbody>
      </table>
      {dialog && (
        <AlarmActionDialog
          action={dialog}
          ids={chosen.map((a) => a.id)}
          onClose={() => {
            setDialog(null);
            setSelected(new Set());
          }}
        />
      )}
    </section>
  );
}

interface RowProps {
  alarm: AlarmView;
  canOperate: boolean;
  selected: boolean;
  onToggle: () => void;
  onOpen: () => void;
  onAck: () => void;
  onShelve: () => void;
}

function AlarmRow({ alarm: a, canOperate, selected, onToggle, onOpen, onAck, onShelve }: RowProps) {
  const since = toMs(a.activeSince ?? a.lastChange ?? null);
  const shelved = a.state === 'Shelved';
  return (
    <tr data-alarm-id={a.id} data-state={a.state} data-flashing={isFlashing(a)}>
      {canOperate && (
        <td>
          <input
            type="checkbox"
            checked={selected}
            onChange={onToggle}
            aria-label={`Select ${a.id}`}
          />
        </td>
      )}
      <td>
        <PriorityIcon priority={a.priority} alarm={a} /> {PRIORITY_STYLE[a.priority].label}
      </td>
      <td>{Number.isFinite(since) ? formatTime(since) : '-'}</td>
      <td>
        <button type="button" className="linklike" onClick={onOpen} title="Open faceplate">
          {a.tag}
        </button>
      </td>
      <td>
        {a.state}
        {a.questionable ? ' (questionable input)' : ''}
      </td>
      <td>{a.message}</td>
      <td>{a.value === null || a.value === undefined ? '-' : String(a.value)}</td>
      <td>
        {a.acked && a.ackedBy ? `ack ${a.ackedBy}${a.ackComment ? `: ${a.ackComment}` : ''}` : ''}
        {shelved && a.shelvedUntil
          ? ` shelved until ${formatTime(toMs(a.shelvedUntil))}${a.shelveReason ? ` (${a.shelveReason})` : ''}`
          : ''}
      </td>
      {canOperate && (
        <td className="row">
          {!a.acked && (
            <button type="button" onClick={onAck}>
              Ack
            </button>
          )}
          {shelved ? (
            <button type="button" onClick={() => void unshelveAlarms([a.id])}>
              Unshelve
            </button>
          ) : (
            <button type="button" onClick={onShelve}>
              Shelve
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
