import type { KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import { STEP_LABELS } from '../state/uiStore';
import { useStores } from './storesContext';

/** The step navigation Data → Item LLM → Train → Compare → Inspect; arrow keys move between steps. */
export function Stepper() {
  const { ui } = useStores();
  const step = useStore(ui, (s) => s.step);
  const steps = useStore(ui, (s) => s.visibleSteps);
  const { goTo, move } = ui.getState();
  const onKeyDown = (event: KeyboardEvent<HTMLOListElement>) => {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (delta === 0) return;
    event.preventDefault();
    move(delta);
    const buttons = event.currentTarget.querySelectorAll('button');
    buttons[steps.indexOf(ui.getState().step)]?.focus();
  };
  return (
    <nav aria-label="Playground steps">
      <ol className="stepper" onKeyDown={onKeyDown}>
        {steps.map((s, i) => (
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
