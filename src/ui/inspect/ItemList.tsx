import type { InspectedItem } from '../../compute/runInspection';

/** A numbered list of items shown as plain text, with scores when given; the target is marked. */
export function ItemList({
  items,
  targetIndex,
  testId,
}: {
  items: (InspectedItem & { score?: number })[];
  targetIndex: number;
  testId: string;
}) {
  return (
    <ol className="item-list" data-testid={testId}>
      {items.map((item, i) => (
        <li key={`${item.index}-${i}`} className={item.index === targetIndex ? 'hit' : undefined}>
          {item.title}
          {item.score !== undefined && <span className="hint"> {item.score.toFixed(3)}</span>}
          {item.index === targetIndex && <strong> ← held-out target</strong>}
        </li>
      ))}
    </ol>
  );
}
