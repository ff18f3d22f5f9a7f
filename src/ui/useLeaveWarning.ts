import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useStores } from './storesContext';

/**
 * Asks the browser to confirm leaving or reloading the page while a run trains (its progress
 * lives in this tab's worker and would be lost).
 */
export function useLeaveWarning(): void {
  const { training } = useStores();
  const status = useStore(training, (s) => s.status);
  const active = status === 'running' || status === 'paused';
  useEffect(() => {
    if (!active) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [active]);
}
