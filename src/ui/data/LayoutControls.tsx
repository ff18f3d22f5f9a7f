import { useId, useState } from 'react';
import { delimiterProblem, type DelimitedLayout } from '../../ingestion/formats/delimited';

/** The delimiters offered by name; any other single character is typed under "other…". */
const NAMED_DELIMITERS: readonly { value: string; name: string }[] = [
  { value: ',', name: 'comma' },
  { value: '\t', name: 'tab' },
  { value: ';', name: 'semicolon' },
  { value: '|', name: 'pipe' },
  { value: ' ', name: 'space' },
];

const OTHER = 'other';

/** Name of a delimiter in words, or the character itself. */
export function delimiterName(delimiter: string): string {
  return NAMED_DELIMITERS.find((d) => d.value === delimiter)?.name ?? delimiter;
}

/** Why a typed "other" delimiter cannot be used, or undefined when it can. */
function otherProblem(text: string): string | undefined {
  if ([...text].length !== 1) return 'Type exactly one character.';
  const problem = delimiterProblem(text);
  return problem === undefined ? undefined : `Cannot use ${problem}.`;
}

/**
 * The delimiter (comma, tab, semicolon, pipe, space, or another character) and "first row is a
 * header" choices of a delimited entry; each valid change is passed to `onLayout`.
 */
export function LayoutControls({
  layout,
  disabled,
  onLayout,
}: {
  layout: DelimitedLayout;
  disabled: boolean;
  onLayout: (layout: DelimitedLayout) => void;
}) {
  const selectId = useId();
  const otherId = useId();
  const problemId = useId();
  const named = NAMED_DELIMITERS.some((d) => d.value === layout.delimiter);
  const [typing, setTyping] = useState<string | null>(null);
  const other = typing !== null || !named;
  const otherText = typing ?? (named ? '' : layout.delimiter);
  const problem = typing === null ? undefined : otherProblem(typing);
  return (
    <fieldset className="controls" disabled={disabled}>
      <legend>Layout</legend>
      <div className="field">
        <label htmlFor={selectId}>Delimiter</label>
        <select
          id={selectId}
          value={other ? OTHER : layout.delimiter}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (value === OTHER) return setTyping('');
            setTyping(null);
            onLayout({ ...layout, delimiter: value });
          }}
        >
          {NAMED_DELIMITERS.map((d) => (
            <option key={d.name} value={d.value}>
              {d.name}
            </option>
          ))}
          <option value={OTHER}>other…</option>
        </select>
      </div>
      {other && (
        <div className="field">
          <label htmlFor={otherId}>Other delimiter (one character)</label>
          <input
            id={otherId}
            type="text"
            size={2}
            maxLength={1}
            value={otherText}
            aria-invalid={problem !== undefined}
            aria-describedby={problem === undefined ? undefined : problemId}
            onChange={(event) => {
              const text = event.currentTarget.value;
              setTyping(text);
              if (otherProblem(text) === undefined) onLayout({ ...layout, delimiter: text });
            }}
          />
          {problem !== undefined && (
            <span id={problemId} className="field-error" data-testid="delimiter-problem">
              {problem}
            </span>
          )}
        </div>
      )}
      <label>
        <input
          type="checkbox"
          checked={layout.hasHeader}
          onChange={(event) => onLayout({ ...layout, hasHeader: event.currentTarget.checked })}
        />{' '}
        First row is a header
      </label>
    </fieldset>
  );
}
