"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { compareHref, setCompareList, useCompareList, type CompareItem } from "@/lib/compare-store";

/**
 * Keeps the stored compare list and the /compare URL in step: a shared link (?p=a,b) becomes the
 * shopper's list; a bare /compare shows the stored list.
 */
export function CompareSync({ items }: { items: CompareItem[] }) {
  const router = useRouter();
  const stored = useCompareList();
  const key = items.map((i) => i.slug).join(",");
  useEffect(() => {
    if (items.length) {
      if (stored.map((i) => i.slug).join(",") !== key) setCompareList(items);
    } else if (stored.length) {
      router.replace(compareHref(stored));
    }
    // Only when the URL's list changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return null;
}

export function RemoveFromCompare({ slug, title, items }: { slug: string; title: string; items: CompareItem[] }) {
  const router = useRouter();
  return (
    <button
      type="button"
      className="mt-2 text-sm font-medium text-brand-800 underline"
      onClick={() => {
        const next = items.filter((i) => i.slug !== slug);
        setCompareList(next);
        router.replace(compareHref(next), { scroll: false });
      }}
    >
      Remove<span className="sr-only"> {title}</span>
    </button>
  );
}
