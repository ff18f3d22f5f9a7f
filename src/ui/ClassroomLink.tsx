import { useState } from 'react';
import { useStore } from 'zustand';
import { classroomLink, studentView } from '../state/classroomLink';
import { HIDEABLE, type Hideable } from '../state/hideable';
import { HIDEABLE_LABELS } from './hideableLabels';
import { useStores } from './storesContext';

/** The page's address without its query string (where students open the link). */
function pageBase(): string {
  return `${window.location.origin}${window.location.pathname}`;
}

/**
 * "Classroom link": the teacher picks the steps and controls to hide, copies an address with the
 * current config, model set and `hide=` list, and sees what students will see.
 */
export function ClassroomLink() {
  const { training, ui } = useStores();
  const config = useStore(training, (s) => s.config);
  const models = useStore(training, (s) => s.models);
  const step = useStore(ui, (s) => s.step);
  const pageHidden = useStore(ui, (s) => s.hidden);
  const [open, setOpen] = useState(false);
  const [hidden, setHidden] = useState<Hideable[]>(() =>
    HIDEABLE.filter((name) => pageHidden.includes(name)),
  );
  const [copied, setCopied] = useState<string | null>(null);
  const link = classroomLink(pageBase(), { config, models, step, hidden });
  const view = studentView(hidden);
  const toggle = (name: Hideable) =>
    setHidden((list) => (list.includes(name) ? list.filter((n) => n !== name) : [...list, name]));
  const copy = () => {
    const clipboard = (navigator as Navigator | undefined)?.clipboard;
    if (clipboard === undefined) {
      setCopied('This browser gives no clipboard here: copy the link from the box.');
      return;
    }
    clipboard.writeText(link).then(
      () => setCopied('Copied.'),
      () => setCopied('The browser refused the clipboard: copy the link from the box.'),
    );
  };
  return (
    <div className="classroom">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Classroom link…
      </button>
      {open && (
        <section className="panel classroom-panel" aria-labelledby="classroom-title">
          <h2 id="classroom-title">Classroom link</h2>
          <p className="hint">
            The link opens this page with the current settings
            {models.length > 1 ? `, the models side by side (${models.join(', ')})` : ''} and
            without the controls ticked below.
          </p>
          <fieldset className="classroom-hide">
            <legend>Hide from students</legend>
            {HIDEABLE.map((name) => (
              <label key={name}>
                <input
                  type="checkbox"
                  checked={hidden.includes(name)}
                  onChange={() => toggle(name)}
                />{' '}
                {HIDEABLE_LABELS[name]}
              </label>
            ))}
          </fieldset>
          <p className="controls">
            <button type="button" onClick={copy}>
              Copy classroom link
            </button>
            <input
              type="text"
              readOnly
              aria-label="Classroom link address"
              data-testid="classroom-link"
              value={link}
              onFocus={(event) => event.currentTarget.select()}
            />
          </p>
          {copied !== null && <p role="status">{copied}</p>}
          <div data-testid="classroom-preview">
            <p>
              <strong>Students will see:</strong>{' '}
              {view.visible.map((name) => HIDEABLE_LABELS[name]).join(', ') || 'nothing to change'}.
            </p>
            <p>
              <strong>Hidden from them:</strong>{' '}
              {view.hidden.map((name) => HIDEABLE_LABELS[name]).join(', ') || 'nothing'}.
            </p>
          </div>
        </section>
      )}
    </div>
  );
}
