import { splitIds } from '../trimId';
import type { DecodedText } from '../decodeText';
import type { InteractionLog } from '../interactionLog';
import { forEachLine } from '../lines';
import type { SkipTracker } from '../skipTracker';

/**
 * Reads sequence-per-line files (`user item1 item2 …`, oldest first, space- or tab-separated, as
 * S3-Rec/P5 `user_sequence.txt`). Rows keep line order; a line with a user and no items is skipped.
 */
export function parseSequenceLines(
  file: DecodedText,
  log: InteractionLog,
  skips: SkipTracker,
): void {
  log.beginFile(file.name);
  forEachLine(file, (line, lineNo) => {
    const parts = splitIds(line);
    if (parts.length === 0) return;
    if (parts.length < 2)
      return skips.skip(
        'empty-sequence',
        { file: file.name, line: lineNo },
        `user ${parts[0]} with no items`,
      );
    const user = log.internUser(parts[0]);
    for (let k = 1; k < parts.length; k++) log.addDense(user, log.internItem(parts[k]), 0, lineNo);
  });
}
