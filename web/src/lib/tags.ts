import { useQuery } from '@tanstack/react-query';
import type { CSSProperties } from 'react';
import { get } from '../api/client';
import type { TagInfo } from '../api/types';

export const tagsKey = ['tags'] as const;

/** The workspace's tag list (GET /tags), shared by the chips, the pickers, the filters and Settings → Tags. */
export const useTags = () => useQuery({ queryKey: tagsKey, queryFn: () => get<{ tags: TagInfo[]; managedOnly: boolean }>('/tags'), staleTime: 60_000 });

/**
 * A chip in the tag's colour, with black or white text, whichever contrasts more (WCAG relative
 * luminance), so a pale yellow tag stays as readable as a dark blue one. No colour = the default chip.
 */
export function tagStyle(color: string | null | undefined): CSSProperties | undefined {
  if (!color || !/^#[0-9a-f]{6}$/i.test(color)) return undefined;
  return { background: color, color: readableOn(color) };
}

export function readableOn(hex: string): '#000000' | '#ffffff' {
  const ch = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * ch[0]! + 0.7152 * ch[1]! + 0.0722 * ch[2]!;
  // contrast with black (l + .05)/.05 against white 1.05/(l + .05): black wins above l ≈ 0.179
  return l > 0.179 ? '#000000' : '#ffffff';
}
