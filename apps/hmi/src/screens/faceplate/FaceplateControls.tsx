// Faceplate controls (operator role and up, live only): setpoint and output entry, mode and command buttons,
// each opening the confirmation dialog; nothing is sent from here.
import type { TagDefinitionDto } from '@zld/api';
import { useState } from 'react';
import { useConnection, useSource, useTag } from '../../live/source-context.js';
import { parseInput, type WriteValue } from '../../model/write-check.js';
import { useSession } from '../../session/session-context.js';
import { QualityValue } from '../../ui/QualityValue.js';
import { WriteDialog } from './WriteDialog.js';

export function FaceplateControls({ controls }: { controls: readonly TagDefinitionDto[] }) {
  const session = useSession();
  const replay = useSource().mode === 'replay';
  const lost = useConnection() === 'lost';
  if (controls.length === 0) return null;
  if (!session.can('operator')) {
    return (
      <p className="muted" data-testid="controls-hidden">
        Controls need the operator role (you are {session.user.role}).
      </p>
    );
  }
  const why = replay
    ? 'Replay: the plant cannot be operated from the past.'
    : lost
      ? 'No connection to the gateway.'
      : null;
  return (
    <section aria-label="Controls" className="controls" data-testid="controls">
      <h3>Controls</h3>
      {why && <p className="error-text">{why}</p>}
      {controls.map((d) => (
        <Control key={d.name} def={d} disabled={why !== null} />
      ))}
    </section>
  );
}

function Control({ def, disabled }: { def: TagDefinitionDto; disabled: boolean }) {
  const tag = useTag(def.name);
  const lost = useConnection() === 'lost';
  const [text, setText] = useState('');
  const [proposed, setProposed] = useState<WriteValue | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const states = def.states ? Object.entries(def.states) : null;
  // The state the tag is in now is not offered as a command.
  const isCurrent = (key: string) =>
    tag !== undefined && tag.value !== null && String(Number(tag.value)) === key;
  const propose = (raw: string) => {
    const p = parseInput(def, raw);
    if (p.ok) {
      setProblem(null);
      setProposed(p.value);
    } else setProblem(p.problem);
  };
  return (
    <div className="row" data-control={def.name}>
      <span style={{ minWidth: 120 }}>
        <strong>{def.name}</strong> <QualityValue tag={tag} connectionLost={lost} />
      </span>
      {states ? (
        states.map(([key, label]) => (
          <button
            key={key}
            type="button"
            disabled={disabled || !tag || isCurrent(key)}
            aria-pressed={isCurrent(key)}
            onClick={() => propose(key)}
          >
            {label}
          </button>
        ))
      ) : (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            propose(text);
          }}
        >
          <label>
            <span className="visually-hidden">New value for {def.name}</span>
            <input
              inputMode="decimal"
              size={8}
              value={text}
              onChange={(e) => setText(e.target.value)}
              disabled={disabled}
            />
          </label>
          <span className="muted">{def.unit}</span>
          <button type="submit" disabled={disabled || !tag}>
            Change...
          </button>
        </form>
      )}
      {problem && <span className="error-text">{problem}</span>}
      {proposed !== null && tag && (
        <WriteDialog
          tag={tag}
          value={proposed}
          connectionLost={lost}
          onClose={() => setProposed(null)}
        />
      )}
    </div>
  );
}
