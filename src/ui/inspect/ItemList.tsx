import type { InspectedItem } from '../../compute/runInspection';

/** A numbered list of items shown as plain text; the target item is marked. */
export function ItemList({
  items,
  targetIndex,
  testId,
}: {
  items: InspectedItem[];
  targetIndex: number;
  testId: string;
}) {
  return (
    <ol className="item-list" data-testid={testId}>
      {items.map((item, i) => (
        <li key={`${item.index}-${i}`} className={item.index === targetIndex ? 'hit' : undefined}>
          {item.title}
          {item.index === targetIndex && <strong> ← held-out target</strong>}
        </li>
      ))}
    </ol>
  );
}
