import { useStore } from 'zustand';
import type { Step } from '../state/uiStore';
import { DataPanel } from './data/DataPanel';
import { DeviceBadge } from './DeviceBadge';
import { Stepper } from './Stepper';
import { useStores } from './storesContext';
import { UnavailablePanel } from './UnavailablePanel';

/** The panel of each step. */
function StepPanel({ step }: { step: Step }) {
  switch (step) {
    case 'data':
      return <DataPanel />;
    case 'itemLlm':
      return (
        <UnavailablePanel
          title="Item LLM"
          missing="item text encoding is not wired into the app yet (the encoder has not landed in the core)."
        />
      );
    case 'train':
      return (
        <UnavailablePanel
          title="Train"
          missing="the trainer has not landed in the core, so no model can be trained here yet."
        />
      );
    case 'compare':
      return (
        <UnavailablePanel title="Compare" missing="there are no finished runs to compare yet." />
      );
    case 'inspect':
      return (
        <UnavailablePanel
          title="Inspect"
          missing="there is no trained model whose recommendations could be inspected yet."
        />
      );
  }
}

/** The whole page: header with device badge, step navigation and the current step's panel. */
export function App() {
  const { ui } = useStores();
  const step = useStore(ui, (s) => s.step);
  return (
    <>
      <header className="app-header">
        <h1>HLLM Playground</h1>
        <p className="tagline">
          Train and compare HLLM, SASRec and HSTU for sequential recommendation, in this tab.
        </p>
        <DeviceBadge />
      </header>
      <Stepper />
      <main>
        <StepPanel step={step} />
      </main>
    </>
  );
}
