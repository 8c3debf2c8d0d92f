"use client";

import { StoreError, storeFetch } from "@/lib/store-client";

/**
 * The console's browser calls, all of them, through its door (app/api/console/[...path]/route.ts: /api/console/<path>
 * → /api/staff/<path>), on the storefront's one browser fetch (storeFetch: JSON or FormData bodies, the session hint,
 * the error shape). Pages read the manifest's file URL from ./files (a server component needs it too).
 */

interface Call {
  /** GET without a body, POST with one, unless named. */
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** JSON, or FormData sent as multipart/form-data (a CSV import). */
  body?: unknown;
}

/**
 * A staff API call: its answer, or a thrown StoreError carrying the API's refusal (status, code, message, fields, and
 * the whole `body`, e.g. a 409 stale_version's `current`).
 */
export function consoleCall<T>(path: string, { method, body }: Call = {}): Promise<T> {
  return storeFetch<T>(`/api/console/${path}`, { method: method ?? (body === undefined ? "GET" : "POST"), body });
}

/** What to tell staff when a call was refused: the API's own message. */
export function refusalMessage(err: unknown): string {
  return err instanceof StoreError ? err.message : "Something went wrong. Please try again.";
}

/** The file name a download answer gives (Content-Disposition), else `fallback`. */
function fileName(res: Response, fallback: string): string {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(res.headers.get("content-disposition") ?? "");
  return match ? decodeURIComponent(match[1]!) : fallback;
}

/**
 * Download a file the console's door relays (an invoice, a label) as the API names it; the API's refusal (404 no
 * invoice yet, no label) comes back as its message instead.
 */
export async function download(path: string, fallback: string): Promise<{ ok: true; name: string } | { ok: false; message: string }> {
  let res: Response;
  try {
    res = await fetch(`/api/console/${path}`, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/pdf, application/json" } });
  } catch {
    return { ok: false, message: "You seem to be offline. Check your connection and try again." };
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    return { ok: false, message: body?.error?.message ?? `The file could not be fetched (${res.status}).` };
  }
  const name = fileName(res, fallback);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { ok: true, name };
}
