import { useId } from 'react';
import {
  isInteractionFormat,
  mapsInteractionColumns,
  mapsItemColumns,
  previewTable,
  readsLayout,
  type EntryChoice,
} from '../../compute/ingestChoices';
import type { DelimitedLayout } from '../../ingestion/formats/delimited';
import { INTERACTION_FORMATS, ITEM_FORMATS, type FileRole } from '../../ingestion/formatNames';
import type { FilePreview } from '../../ingestion/previewFile';
import { ColumnChecks } from './ColumnChecks';
import { ColumnSelect } from './ColumnSelect';
import { delimiterName, LayoutControls } from './LayoutControls';

const SHOWN_ROWS = 5;

/** What a detected role means, in words. */
function describeRole(role: FileRole): string {
  switch (role.role) {
    case 'interactions':
      return 'interactions';
    case 'items':
      return 'item text';
    case 'user-map':
      return 'user id map';
    case 'item-map':
      return 'item id map';
    case 'ignored':
      return `ignored (${role.reason})`;
  }
}

/** Format choices for an entry: both kinds for a plain file, only the detected kind inside an archive. */
function formatOptions(detected: string, inArchive: boolean) {
  const interactions = !inArchive || isInteractionFormat(detected);
  const items = !inArchive || !isInteractionFormat(detected);
  return (
    <>
      {interactions && (
        <optgroup label="Interactions">
          {INTERACTION_FORMATS.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </optgroup>
      )}
      {items && (
        <optgroup label="Item text">
          {ITEM_FORMATS.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </optgroup>
      )}
    </>
  );
}

/**
 * One previewed file or zip entry: detected role, format (with an override), encoding, delimiter and
 * header (changeable where the chosen format reads them), its first rows as a text table, and the
 * column mapping its chosen format needs.
 */
export function EntryPreview({
  preview,
  inArchive,
  choice,
  disabled,
  onChange,
  onLayout,
}: {
  preview: FilePreview;
  inArchive: boolean;
  choice: EntryChoice;
  disabled: boolean;
  onChange: (change: Partial<EntryChoice>) => void;
  /** Re-reads the entry with another delimiter or header. */
  onLayout: (layout: DelimitedLayout) => void;
}) {
  const formatId = useId();
  const titleId = useId();
  const { columns, rows } = previewTable(preview);
  const layout = preview.delimited;
  const editable = choice.layout !== null && readsLayout(choice.format) ? choice.layout : null;
  const detected = 'format' in preview.role ? preview.role.format : '';
  return (
    <article className="entry-preview" aria-labelledby={titleId} data-testid="entry-preview">
      <h4 id={titleId}>{preview.name}</h4>
      <dl className="entry-facts">
        <dt>Role</dt>
        <dd data-testid="entry-role">{describeRole(preview.role)}</dd>
        {detected !== '' && (
          <>
            <dt>Detected format</dt>
            <dd data-testid="entry-format">{detected}</dd>
          </>
        )}
        <dt>Encoding</dt>
        <dd>{preview.encoding}</dd>
        {layout && editable === null && (
          <>
            <dt>Delimiter</dt>
            <dd data-testid="entry-delimiter">{delimiterName(layout.delimiter)}</dd>
            <dt>Header</dt>
            <dd data-testid="entry-header">{layout.hasHeader ? 'yes' : 'no (columns numbered)'}</dd>
          </>
        )}
      </dl>
      {preview.warning !== undefined && <p className="hint">{preview.warning}</p>}
      {editable !== null && (
        <LayoutControls layout={editable} disabled={disabled} onLayout={onLayout} />
      )}
      {detected !== '' && (
        <div className="field">
          <label htmlFor={formatId}>Read as</label>
          <select
            id={formatId}
            value={choice.format}
            disabled={disabled}
            onChange={(event) =>
              onChange({ format: event.currentTarget.value as EntryChoice['format'] })
            }
          >
            {formatOptions(detected, inArchive)}
          </select>
        </div>
      )}
      {columns.length > 0 && (
        <div className="entry-rows" style={{ overflowX: 'auto' }}>
          <table data-testid="entry-rows">
            <caption>First rows of {preview.name}</caption>
            <thead>
              <tr>
                {columns.map((c, i) => (
                  <th key={i} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, SHOWN_ROWS).map((row, r) => (
                <tr key={r}>
                  {columns.map((_, i) => (
                    <td key={i}>{row[i] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {columns.length > 0 && mapsInteractionColumns(choice.format) && (
        <fieldset className="column-mapping" disabled={disabled}>
          <legend>Columns</legend>
          <ColumnSelect
            label="User column"
            columns={columns}
            value={choice.user}
            onChange={(user) => onChange({ user, text: choice.text.filter((c) => c !== user) })}
          />
          <ColumnSelect
            label="Item column"
            columns={columns}
            value={choice.item}
            onChange={(item) => onChange({ item, text: choice.text.filter((c) => c !== item) })}
          />
          <ColumnSelect
            label="Time column"
            columns={columns}
            value={choice.time}
            none="(none: keep file order)"
            onChange={(time) => onChange({ time, text: choice.text.filter((c) => c !== time) })}
          />
          <ColumnChecks
            legend="Item text columns"
            columns={columns}
            chosen={choice.text}
            onChange={(text) => onChange({ text })}
          />
        </fieldset>
      )}
      {columns.length > 0 && mapsItemColumns(choice.format) && (
        <fieldset className="column-mapping" disabled={disabled}>
          <legend>Columns</legend>
          <ColumnSelect
            label="Item id column"
            columns={columns}
            value={choice.itemColumn}
            onChange={(itemColumn) =>
              onChange({
                itemColumn,
                textFields: choice.textFields.filter((c) => c !== itemColumn),
              })
            }
          />
          <ColumnChecks
            legend="Text columns"
            columns={columns}
            chosen={choice.textFields}
            onChange={(textFields) => onChange({ textFields })}
          />
        </fieldset>
      )}
    </article>
  );
}
