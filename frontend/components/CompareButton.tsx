"use client";

import { useState } from "react";
import { COMPARE_MAX, toggleCompare, useCompareList } from "@/lib/compare-store";

export function CompareButton({ slug, title, className = "" }: { slug: string; title: string; className?: string }) {
  const items = useCompareList();
  const selected = items.some((i) => i.slug === slug);
  const [message, setMessage] = useState("");
  return (
    <div className={className}>
      <button
        type="button"
        aria-pressed={selected}
        onClick={() => {
          const r = toggleCompare({ slug, title });
          setMessage(r === "full" ? `You can compare up to ${COMPARE_MAX} phones.` : "");
        }}
        className="inline-flex min-h-9 items-center gap-2 rounded-md px-2 py-1 text-sm font-medium text-brand-800 hover:bg-brand-50"
        data-testid="compare-toggle"
      >
        <span
          aria-hidden="true"
          className={`grid h-4 w-4 place-items-center rounded border ${selected ? "border-brand-700 bg-brand-700 text-white" : "border-gray-500"}`}
        >
          {selected ? "✓" : ""}
        </span>
        {selected ? "Comparing" : "Compare"}
        <span className="sr-only">: {title}</span>
      </button>
      <p role="status" className="text-xs text-red-700">
        {message}
      </p>
    </div>
  );
}
