import { useId, useState } from 'react';
import type { NumberField } from './configFields';
import { parseField } from './configFields';

/** A labelled numeric input that reports text which is not a number instead of dropping it. */
export function NumberInput({
  field,
  value,
  disabled,
  onValue,
}: {
  field: NumberField;
  value: number;
  disabled: boolean;
  onValue: (value: number) => void;
}) {
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const parsed = text === null ? null : parseField(field, text);
  const error = parsed !== null && !parsed.ok ? parsed.why : null;
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      <input
        id={id}
        inputMode={field.integer ? 'numeric' : 'decimal'}
        value={text ?? String(value)}
        disabled={disabled}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? `${id}-error` : undefined}
        data-testid={`field-${field.path}`}
        onChange={(event) => {
          const next = event.currentTarget.value;
          setText(next);
          const result = parseField(field, next);
          if (result.ok) onValue(result.value);
        }}
        onBlur={() => {
          if (parsed?.ok) setText(null);
        }}
      />
      {error !== null && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
