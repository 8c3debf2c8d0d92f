"use client";

import { useState } from "react";
import { fetchReviews } from "@/lib/client-api";
import { formatDate } from "@/lib/format";
import type { Review } from "@/lib/types";

export function ReviewItem({ review: r }: { review: Review }) {
  return (
    <li className="border-b border-gray-200 pb-5">
      <p className="flex items-center gap-2">
        <span className="rounded bg-green-700 px-1.5 py-0.5 text-xs font-semibold text-white" aria-label={`${r.rating} out of 5`}>
          {r.rating} ★
        </span>
        <span className="font-semibold">{r.title}</span>
      </p>
      {r.body ? <p className="mt-2 whitespace-pre-line text-sm leading-6">{r.body}</p> : null}
      <p className="mt-2 text-xs text-muted">
        {r.author} · <time dateTime={r.created_at}>{formatDate(r.created_at)}</time>
      </p>
    </li>
  );
}

export function MoreReviews({ slug, totalPages }: { slug: string; totalPages: number }) {
  const [pages, setPages] = useState<Review[][]>([]);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  const next = pages.length + 2;

  async function load() {
    setLoading(true);
    setFailed(false);
    try {
      const r = await fetchReviews(slug, next);
      setPages((p) => [...p, r.results]);
    } catch {
      setFailed(true);
    } finally {
      setLoading(false);
    }
  }

  return (
    <>
      {pages.length ? (
        <ol className="mt-6 space-y-6">
          {pages.flat().map((r) => (
            <ReviewItem key={r.id} review={r} />
          ))}
        </ol>
      ) : null}
      {next <= totalPages ? (
        <button type="button" onClick={load} disabled={loading} className="btn btn-secondary mt-6">
          {loading ? "Loading…" : "Show more reviews"}
        </button>
      ) : null}
      {failed ? <p role="alert" className="mt-2 text-sm text-red-700">Couldn’t load more reviews. Try again.</p> : null}
    </>
  );
}
