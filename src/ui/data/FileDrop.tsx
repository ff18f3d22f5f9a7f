import { useId, useState, type DragEvent } from 'react';

/** File picker and drop zone for one or more data files (plain, `.gz` or `.zip`). */
export function FileDrop({
  disabled,
  onFiles,
}: {
  disabled: boolean;
  onFiles: (files: File[]) => void;
}) {
  const inputId = useId();
  const [dragging, setDragging] = useState(false);
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const files = Array.from(event.dataTransfer.files);
    if (!disabled && files.length > 0) onFiles(files);
  };
  return (
    <div
      className={`file-drop${dragging ? ' dragging' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="file-drop"
    >
      <label htmlFor={inputId}>Load your own data (several files, .zip or .gz accepted)</label>
      <input
        id={inputId}
        type="file"
        multiple
        disabled={disabled}
        onChange={(event) => {
          const files = Array.from(event.currentTarget.files ?? []);
          event.currentTarget.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      <p className="hint">…or drop the files here.</p>
    </div>
  );
}
