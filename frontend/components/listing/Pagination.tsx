import Link from "next/link";
import { hrefWith, type ListingQuery } from "@/lib/query";

function pagesToShow(page: number, total: number): (number | "gap")[] {
  const set = new Set([1, total, page - 1, page, page + 1].filter((p) => p >= 1 && p <= total));
  const sorted = [...set].sort((a, b) => a - b);
  const out: (number | "gap")[] = [];
  sorted.forEach((p, i) => {
    if (i > 0 && p - (sorted[i - 1] as number) > 1) out.push("gap");
    out.push(p);
  });
  return out;
}

export function Pagination({ pathname, query, page, totalPages }: { pathname: string; query: ListingQuery; page: number; totalPages: number }) {
  if (totalPages <= 1) return null;
  const link = "inline-flex min-h-10 min-w-10 items-center justify-center rounded-md border px-3 text-sm";
  return (
    <nav aria-label="Pagination" className="mt-8 flex flex-wrap items-center justify-center gap-2">
      {page > 1 ? (
        <Link href={hrefWith(pathname, { ...query, page: page - 1 })} rel="prev" className={`${link} border-gray-300 hover:bg-gray-50`}>
          ‹ Previous
        </Link>
      ) : null}
      {pagesToShow(page, totalPages).map((p, i) =>
        p === "gap" ? (
          <span key={`gap-${i}`} className="px-1 text-muted" aria-hidden="true">
            …
          </span>
        ) : (
          <Link
            key={p}
            href={hrefWith(pathname, { ...query, page: p })}
            aria-current={p === page ? "page" : undefined}
            aria-label={`Page ${p}`}
            className={`${link} ${p === page ? "border-brand-700 bg-brand-700 font-semibold text-white" : "border-gray-300 hover:bg-gray-50"}`}
          >
            {p}
          </Link>
        ),
      )}
      {page < totalPages ? (
        <Link href={hrefWith(pathname, { ...query, page: page + 1 })} rel="next" className={`${link} border-gray-300 hover:bg-gray-50`}>
          Next ›
        </Link>
      ) : null}
    </nav>
  );
}
