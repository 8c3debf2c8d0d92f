/** Direct calls to the live API: reads to check that the pages say what the API says, and the POSTs journeys set up with. */
import { expect } from "@playwright/test";
import type { ProductDetail, ProductPage, SearchPage } from "../lib/types";

export const API_URL = (process.env.API_URL ?? "http://127.0.0.1:8000").replace(/\/+$/, "");

export async function api<T>(path: string, params: Record<string, string | string[]> = {}): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v]) qs.append(k, x);
  const res = await fetch(`${API_URL}${path}${qs.size ? `?${qs}` : ""}`, { headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`${res.status} from ${path}?${qs}`);
  return (await res.json()) as T;
}

export const listProducts = (params: Record<string, string | string[]> = {}) =>
  api<ProductPage>("/api/products/", { page_size: "24", ...params });

export const productDetail = (slug: string) => api<ProductDetail>(`/api/products/${slug}/`);

export const searchProducts = (params: Record<string, string | string[]>) => api<SearchPage>("/api/search/", { page_size: "24", ...params });

export async function allProductSlugs(): Promise<string[]> {
  const first = await listProducts({ page_size: "100" });
  const pages = [first];
  for (let page = 2; page <= first.total_pages; page++) pages.push(await listProducts({ page_size: "100", page: String(page) }));
  return pages.flatMap((p) => p.results.map((r) => r.slug));
}

/** "19999.00" -> "₹19,999", as the storefront shows it. */
export function inr(value: string): string {
  return new Intl.NumberFormat("en-IN", { style: "currency", currency: "INR", maximumFractionDigits: 0 }).format(Number(value));
}

/** A POST to the API as JSON (signed in with `access` if given), expected to succeed: its answer. */
export async function apiPost<T>(path: string, body: unknown, access?: string): Promise<T> {
  const res = await fetch(`${API_URL}${path}`, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json", ...(access ? { Authorization: `Bearer ${access}` } : {}) },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as T;
  expect(res.status, `${path}: ${JSON.stringify(answer)}`).toBeLessThan(300);
  return answer;
}
