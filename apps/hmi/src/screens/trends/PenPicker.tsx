// Adds and removes trend pens (tags from the gateway's definitions), showing each pen's line style.
import { useMemo, useState } from 'react';
import { useDefinitions } from '../../live/source-context.js';
import { MAX_PENS } from '../../model/trend-url.js';
import { penStyle } from './pen-style.js';

export function PenPicker({
  pens,
  onChange,
}: {
  pens: readonly string[];
  onChange: (pens: string[]) => void;
}) {
  const defs = useDefinitions();
  const [text, setText] = useState('');
  const options = useMemo(
    () =>
      [...defs.values()]
        .filter((d) => d.dataType !== 'bool' && !pens.includes(d.name))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [defs, pens],
  );
  const add = () => {
    const name = text.trim().toUpperCase();
    if (defs.has(name) && !pens.includes(name) && pens.length < MAX_PENS) onChange([...pens, name]);
    setText('');
  };
  return (
    <>
      <div className="pen-list" aria-label="Pens">
        {pens.map((p, i) => (
          <span className="pen" key={p} data-pen={p}>
            <span
              className="swatch"
              style={{
                borderTopStyle: penStyle(i).dash ? 'dashed' : 'solid',
                borderTopColor: penStyle(i).stroke,
              }}
            />
            {p} <span className="muted">{defs.get(p)?.unit}</span>
            <button
              type="button"
              onClick={() => onChange(pens.filter((x) => x !== p))}
              aria-label={`Remove ${p}`}
            >
              Remove
            </button>
          </span>
        ))}
      </div>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <label className="row">
          Add pen
          <input
            list="pen-options"
            value={text}
            onChange={(e) => setText(e.target.value)}
            size={14}
            disabled={pens.length >= MAX_PENS}
          />
        </label>
        <datalist id="pen-options">
          {options.map((d) => (
            <option key={d.name} value={d.name}>
              {d.description}
            </option>
          ))}
        </datalist>
        <button type="submit" disabled={pens.length >= MAX_PENS}>
          Add
        </button>
      </form>
    </>
  );
}
