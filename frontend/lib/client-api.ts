/** Browser-side calls: only the few interactive reads that cannot be rendered on the server. */
import { PUBLIC_API_URL } from "./config";
import type { ApiErrorBody, ShippingEstimate, SuggestResponse } from "./types";

export class ClientApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string, params: Record<string, string>, signal?: AbortSignal): Promise<T> {
  const res = await fetch(`${PUBLIC_API_URL}${path}?${new URLSearchParams(params).toString()}`, {
    headers: { Accept: "application/json" },
    signal,
  });
  if (!res.ok) {
    let message = `${res.status}`;
    try {
      message = ((await res.json()) as ApiErrorBody).error?.message ?? message;
    } catch {
      /* not JSON */
    }
    throw new ClientApiError(res.status, message);
  }
  return (await res.json()) as T;
}

export function fetchSuggestions(q: string, signal?: AbortSignal): Promise<SuggestResponse> {
  return getJson<SuggestResponse>("/api/search/suggest/", { q }, signal);
}

export function fetchShippingEstimate(pincode: string, variant: number, signal?: AbortSignal): Promise<ShippingEstimate> {
  return getJson<ShippingEstimate>("/api/shipping/estimate/", { pincode, variant: String(variant) }, signal);
}

export function fetchReviews(slug: string, page: number, signal?: AbortSignal): Promise<import("./types").ReviewPage> {
  return getJson(`/api/products/${encodeURIComponent(slug)}/reviews/`, { page: String(page) }, signal);
}
