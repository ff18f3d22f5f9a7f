/** Thrown inside the trainer when a run is cancelled. */
export class TrainCancelledError extends Error {
  constructor() {
    super('Training was cancelled.');
    this.name = 'TrainCancelledError';
  }
}

/**
 * Pause, resume and cancel for a running trainer. The owner (e.g. a worker's message handler)
 * calls the methods; the trainer checks `checkpoint()` between steps.
 */
export class TrainControl {
  private pausedWaiters: (() => void)[] = [];
  private pausedFlag = false;
  private cancelledFlag = false;

  /** Whether the run is paused. */
  get paused(): boolean {
    return this.pausedFlag;
  }

  /** Whether the run was cancelled. */
  get cancelled(): boolean {
    return this.cancelledFlag;
  }

  /** Holds the run before its next step. */
  pause(): void {
    this.pausedFlag = true;
  }

  /** Lets a paused run continue. */
  resume(): void {
    this.pausedFlag = false;
    this.wake();
  }

  /** Stops the run before its next step; the trainer reports `cancelled`. */
  cancel(): void {
    this.cancelledFlag = true;
    this.wake();
  }

  /** Resolves when the run may take its next step; throws `TrainCancelledError` once cancelled. */
  async checkpoint(): Promise<void> {
    while (this.pausedFlag && !this.cancelledFlag) {
      await new Promise<void>((resolve) => this.pausedWaiters.push(resolve));
    }
    if (this.cancelledFlag) throw new TrainCancelledError();
  }

  private wake(): void {
    const waiters = this.pausedWaiters;
    this.pausedWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
