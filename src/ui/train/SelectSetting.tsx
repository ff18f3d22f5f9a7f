import { useId } from 'react';

/** One labelled select of the Train step's settings, over a fixed list of values. */
export function SelectSetting<V extends string>({
  label,
  value,
  options,
  disabled,
  onValue,
}: {
  label: string;
  value: V;
  /** Each value with the text shown for it, in display order. */
  options: readonly { value: V; text: string }[];
  disabled: boolean;
  onValue: (value: V) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(event) => onValue(event.currentTarget.value as V)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.text}
          </option>
        ))}
      </select>
    </div>
  );
}
