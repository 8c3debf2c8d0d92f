"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { compareHref, removeFromCompare, setCompareList, useCompareList } from "@/lib/compare-store";

/** A bar fixed to the bottom of the viewport while phones are picked for comparison (overlays; shifts nothing). */
export function CompareTray() {
  const items = useCompareList();
  const pathname = usePathname();
  if (!items.length || pathname === "/compare") return null;
  return (
    <aside aria-label="Compare list" className="fixed inset-x-0 bottom-0 z-40 border-t border-gray-200 bg-white/95 shadow-[0_-4px_12px_rgba(0,0,0,0.08)] backdrop-blur" data-testid="compare-tray">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-2 px-4 py-2">
        <ul className="flex flex-1 flex-wrap gap-2">
          {items.map((i) => (
            <li key={i.slug} className="flex items-center gap-1 rounded-full bg-gray-100 py-1 pl-3 pr-1 text-sm">
              <span className="max-w-40 truncate">{i.title}</span>
              <button type="button" onClick={() => removeFromCompare(i.slug)} className="grid h-7 w-7 place-items-center rounded-full hover:bg-gray-200" aria-label={`Remove ${i.title} from compare`}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <button type="button" className="text-sm text-muted underline" onClick={() => setCompareList([])}>
          Clear
        </button>
        <Link href={compareHref(items)} className="btn btn-primary py-2" data-testid="compare-now">
          Compare {items.length}
        </Link>
      </div>
    </aside>
  );
}
