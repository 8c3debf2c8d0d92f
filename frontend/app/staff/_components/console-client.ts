"use client";

import { StoreError, storeFetch } from "@/lib/store-client";

/** A staff API call from the browser, through the console's door (/api/console/<path> → /api/staff/<path>). */
export function consoleCall<T>(path: string, body?: unknown): Promise<T> {
  return storeFetch<T>(`/api/console/${path}`, body === undefined ? {} : { method: "POST", body });
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
