/** A labelled group of checkboxes choosing several columns, kept in column order. */
export function ColumnChecks({
  legend,
  columns,
  chosen,
  onChange,
}: {
  legend: string;
  columns: string[];
  chosen: string[];
  onChange: (columns: string[]) => void;
}) {
  const toggle = (column: string, on: boolean) =>
    onChange(columns.filter((c) => (c === column ? on : chosen.includes(c))));
  return (
    <fieldset className="column-checks">
      <legend>{legend}</legend>
      {columns.map((c) => (
        <label key={c}>
          <input
            type="checkbox"
            checked={chosen.includes(c)}
            onChange={(event) => toggle(c, event.currentTarget.checked)}
          />{' '}
          {c}
        </label>
      ))}
    </fieldset>
  );
}
