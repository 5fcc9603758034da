import type { ReactNode } from 'react';
import { tagStyle, useTags } from '../lib/tags';

/** A tag as a chip, in its managed colour (readable text on it); an unmanaged tag keeps the default look. */
export function TagChip({ tag, children }: { tag: string; children?: ReactNode }) {
  const tags = useTags();
  const info = tags.data?.tags.find((x) => x.name === tag);
  return (
    <span className="chip tag" style={tagStyle(info?.color)} title={info?.description || undefined} data-testid="tag-chip" data-tag={tag}>
      #{tag}
      {children}
    </span>
  );
}
