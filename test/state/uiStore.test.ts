import { describe, expect, it } from 'vitest';
import { createUiStore, STEPS } from '../../src/state/uiStore';

describe('ui store', () => {
  it('opens on the Data step and goes to any step', () => {
    const store = createUiStore();
    expect(store.getState().step).toBe('data');
    store.getState().goTo('compare');
    expect(store.getState().step).toBe('compare');
  });

  it('moves forward and back and stays within the first and last step', () => {
    const store = createUiStore('itemLlm');
    store.getState().move(1);
    expect(store.getState().step).toBe('train');
    store.getState().move(-5);
    expect(store.getState().step).toBe(STEPS[0]);
    store.getState().move(STEPS.length + 3);
    expect(store.getState().step).toBe(STEPS[STEPS.length - 1]);
  });
});

describe('ui store with a hide list', () => {
  it('leaves hidden steps out of navigation and never opens on one', () => {
    const store = createUiStore('itemLlm', ['itemLlm', 'inspect', 'train.loss']);
    expect(store.getState().visibleSteps).toEqual(['data', 'train', 'compare']);
    expect(store.getState().step).toBe('data');
    store.getState().move(1);
    expect(store.getState().step).toBe('train');
    store.getState().move(5);
    expect(store.getState().step).toBe('compare');
  });
});
