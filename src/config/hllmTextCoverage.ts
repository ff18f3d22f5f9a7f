/**
 * Smallest share of items with text that an HLLM run accepts. HLLM learns items from their text:
 * below this share most item prompts would hold the instruction alone, so the run is refused.
 */
export const MIN_HLLM_TEXT_SHARE = 0.5;

/** An HLLM run's text coverage: an error below `MIN_HLLM_TEXT_SHARE`, a warning when some items lack text. */
export interface HllmTextCoverage {
  error?: string;
  warning?: string;
}

/** Judges how many of `numItems` items have text in the fields an HLLM run reads. */
export function hllmTextCoverage(itemsWithText: number, numItems: number): HllmTextCoverage {
  const without = numItems - itemsWithText;
  if (numItems <= 0 || without <= 0) return {};
  const share = itemsWithText / numItems;
  const percent = (share * 100).toFixed(1);
  if (share < MIN_HLLM_TEXT_SHARE) {
    return {
      error:
        `model.kind: HLLM needs item text, but ${without} of ${numItems} items have no text ` +
        `(${percent}% have text; the minimum is ${MIN_HLLM_TEXT_SHARE * 100}%); fix: choose text ` +
        `fields the items have (model.textFields, --text-fields) or give an item-text file`,
    };
  }
  return {
    warning: `${without} of ${numItems} items have no text (${percent}% have text): HLLM sees only the prompt instruction for them`,
  };
}
