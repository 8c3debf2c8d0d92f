"use client";

import Link from "next/link";
import { compareHref, useCompareList } from "@/lib/compare-store";

export function CompareLink() {
  const items = useCompareList();
  return (
    <Link href={compareHref(items)} prefetch={false} className="inline-flex min-h-10 items-center gap-1 rounded-md px-2 text-sm font-medium hover:bg-gray-100" data-testid="compare-link">
      Compare
      <span className="inline-block min-w-5 rounded-full bg-brand-700 px-1.5 text-center text-xs font-bold text-white" aria-label={`${items.length} phones selected`}>
        {items.length}
      </span>
    </Link>
  );
}
