import { useId } from 'react';

/** A labelled choice of one column; the empty value means none is chosen. */
export function ColumnSelect({
  label,
  columns,
  value,
  none = '(choose a column)',
  onChange,
}: {
  label: string;
  columns: string[];
  value: string;
  /** Text of the empty choice. */
  none?: string;
  onChange: (column: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        <option value="">{none}</option>
        {columns.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </div>
  );
}
