"use client";

import { usePathname } from "next/navigation";
import { SORTS, hrefWith, type ListingQuery } from "@/lib/query";
import { useListingNav } from "./ListingShell";

export function SortSelect({ query, allowRelevance = false }: { query: ListingQuery; allowRelevance?: boolean }) {
  const pathname = usePathname();
  const { navigate } = useListingNav();
  const value = query.sort ?? (allowRelevance ? "" : "popularity");
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-muted">Sort by</span>
      <select
        name="sort"
        value={value}
        onChange={(e) => {
          const sort = e.target.value as ListingQuery["sort"] | "";
          navigate(hrefWith(pathname, { ...query, sort: sort || undefined, page: 1 }));
        }}
        className="rounded-md border border-gray-400 bg-white px-2 py-1.5 text-sm text-ink"
        data-testid="sort-select"
      >
        {allowRelevance ? <option value="">Relevance</option> : null}
        {SORTS.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </select>
    </label>
  );
}
