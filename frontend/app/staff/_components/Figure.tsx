import type { ReactNode } from "react";

/**
 * A chart with its text alternative: the caption (a heading and a sentence a screen reader can take as the whole
 * story), the drawing hidden from assistive technology, and every figure in a table under a disclosure.
 */
export function Figure({ id, title, summary, chart, table }: { id: string; title: string; summary: string; chart: ReactNode; table: ReactNode }) {
  return (
    <figure aria-labelledby={`${id}-title`} className="rounded-xl border border-gray-200 bg-white p-4" data-testid={`figure-${id}`}>
      <figcaption>
        <h3 id={`${id}-title`} className="text-lg font-bold">
          {title}
        </h3>
        <p className="mt-1 text-sm text-muted" data-testid={`summary-${id}`}>
          {summary}
        </p>
      </figcaption>
      <div aria-hidden="true" className="mt-3 h-[280px]">
        {chart}
      </div>
      <details className="mt-3 text-sm">
        <summary className="inline-flex min-h-10 cursor-pointer items-center font-medium text-brand-800 underline">Show the figures as a table</summary>
        <div className="mt-2 max-h-80 overflow-auto">{table}</div>
      </details>
    </figure>
  );
}
