import { useId, useState } from 'react';

/** A labelled whole-number input that says why typed text is refused instead of dropping it. */
export function IntegerSetting({
  label,
  value,
  min,
  disabled,
  onValue,
}: {
  label: string;
  value: number;
  min: number;
  disabled: boolean;
  onValue: (value: number) => void;
}) {
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? String(value);
  const parsed = Number(shown.trim());
  const error =
    shown.trim() === '' || !Number.isInteger(parsed)
      ? 'expected a whole number'
      : parsed < min
        ? `expected at least ${min}`
        : null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        inputMode="numeric"
        value={shown}
        disabled={disabled}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? `${id}-error` : undefined}
        onChange={(event) => {
          const next = event.currentTarget.value;
          setText(next);
          const n = Number(next.trim());
          if (next.trim() !== '' && Number.isInteger(n) && n >= min) onValue(n);
        }}
        onBlur={() => {
          if (error === null) setText(null);
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
