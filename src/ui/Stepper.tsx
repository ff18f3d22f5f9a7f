import type { KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import { STEP_LABELS, STEPS } from '../state/uiStore';
import { useStores } from './storesContext';

/** The step navigation Data → Item LLM → Train → Compare → Inspect; arrow keys move between steps. */
export function Stepper() {
  const { ui } = useStores();
  const step = useStore(ui, (s) => s.step);
  const goTo = useStore(ui, (s) => s.goTo);
  const onKeyDown = (event: KeyboardEvent<HTMLOListElement>) => {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (delta === 0) return;
    event.preventDefault();
    const index = Math.min(STEPS.length - 1, Math.max(0, STEPS.indexOf(step) + delta));
    goTo(STEPS[index]);
    const buttons = event.currentTarget.querySelectorAll('button');
    buttons[index]?.focus();
  };
  return (
    <nav aria-label="Playground steps">
      <ol className="stepper" onKeyDown={onKeyDown}>
        {STEPS.map((s, i) => (
          <li key={s}>
            <button
              type="button"
              aria-current={s === step ? 'step' : undefined}
              onClick={() => goTo(s)}
            >
              <span className="stepper-index" aria-hidden="true">
                {i + 1}
              </span>
              {STEP_LABELS[s]}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
