import { useStore } from 'zustand';
import type { Step } from '../state/uiStore';
import { ComparePanel } from './compare/ComparePanel';
import { DataPanel } from './data/DataPanel';
import { InspectPanel } from './inspect/InspectPanel';
import { ItemLlmPanel } from './itemLlm/ItemLlmPanel';
import { ComparisonPreview } from './overview/ComparisonPreview';
import { PreviewSummary } from './overview/PreviewSummary';
import { TrainPanel } from './train/TrainPanel';
import { ClassroomLink } from './ClassroomLink';
import { DeviceBadge } from './DeviceBadge';
import { Stepper } from './Stepper';
import { useLeaveWarning } from './useLeaveWarning';
import { useStores } from './storesContext';

/** The panel of each step. */
function StepPanel({ step }: { step: Step }) {
  switch (step) {
    case 'data':
      return <DataPanel />;
    case 'itemLlm':
      return <ItemLlmPanel />;
    case 'train':
      return <TrainPanel />;
    case 'compare':
      return <ComparePanel />;
    case 'inspect':
      return <InspectPanel />;
  }
}

/**
 * The whole page: header with device badge, the precomputed comparison (open until "Run it
 * yourself" or the user's own runs, then one line that reopens it), step navigation and the
 * current step's panel.
 */
export function App() {
  const { ui, runs } = useStores();
  const previewOpen = useStore(ui, (s) => s.previewOpen);
  const hasOwnRuns = useStore(runs, (s) => s.history.length > 0);
  const previewShown = previewOpen ?? !hasOwnRuns;
  const setPreviewShown = ui.getState().setPreviewOpen;
  const step = useStore(ui, (s) => s.step);
  const urlProblems = useStore(ui, (s) => s.urlProblems);
  const precomputedHidden = useStore(ui, (s) => s.hidden.includes('precomputed'));
  useLeaveWarning();
  return (
    <>
      <header className="app-header">
        <h1>HLLM Playground</h1>
        <p className="tagline">
          Train and compare HLLM, SASRec and HSTU for sequential recommendation, in this tab.
        </p>
        <DeviceBadge />
        <ClassroomLink />
      </header>
      {urlProblems.length > 0 && (
        <div role="alert" className="failure" data-testid="url-problems">
          <p>Some settings in the address were refused; their defaults are used:</p>
          <ul>
            {urlProblems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      {precomputedHidden ? null : previewShown ? (
        <div className="preview-wrap">
          <ComparisonPreview />
          <button type="button" className="preview-hide" onClick={() => setPreviewShown(false)}>
            Hide the precomputed comparison
          </button>
        </div>
      ) : (
        <PreviewSummary onOpen={() => setPreviewShown(true)} />
      )}
      <Stepper />
      <main>
        <StepPanel step={step} />
      </main>
    </>
  );
}
