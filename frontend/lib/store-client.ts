/**
 * Browser calls to the storefront's own route handlers (/api/store/*, /api/session/*, /api/cart/add),
 * which talk to the API with the tokens kept in httpOnly cookies. Nothing here ever sees a token.
 */
"use client";

import { useSyncExternalStore } from "react";
import type { ApiErrorBody } from "./types";

export class StoreError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fields: Record<string, string[]> = {},
    /** The refusal's whole body as the API sent it (a 409 stale_version carries `current` beside `error`). */
    public readonly body: unknown = null,
  ) {
    super(message);
    this.name = "StoreError";
  }
}

interface Options {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** JSON, or FormData sent as multipart/form-data (the browser writes the boundary). */
  body?: unknown;
  headers?: Record<string, string>;
}

/** `url` is a storefront path: "/api/store/cart", "/api/session/login" ... */
export async function storeFetch<T>(url: string, { method = "GET", body, headers = {} }: Options = {}): Promise<T> {
  let res: Response;
  const form = body instanceof FormData;
  try {
    res = await fetch(url, {
      method,
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json", ...(body !== undefined && !form ? { "Content-Type": "application/json" } : {}), ...headers },
      body: form ? body : body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new StoreError(0, "network", "You seem to be offline. Check your connection and try again.");
  }
  notifySession();
  if (res.status === 204) return undefined as T;
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    /* empty */
  }
  if (!res.ok) {
    const err = (data as Partial<ApiErrorBody> | null)?.error;
    throw new StoreError(
      res.status,
      err?.code ?? `http_${res.status}`,
      err?.message ?? (res.status === 401 ? "Please sign in again." : "Something went wrong. Please try again."),
      err?.fields ?? {},
      data,
    );
  }
  return data as T;
}

export const store = <T>(apiPath: string, opts?: Options) => storeFetch<T>(`/api/store/${apiPath.replace(/^\/+/, "")}`, opts);

// ---- the header's hint cookie (cart count, signed in), kept current by the route handlers -----------

export interface SessionHint {
  count: number;
  signedIn: boolean;
}

const listeners = new Set<() => void>();
let lastRaw: string | null = null;
let lastHint: SessionHint = { count: 0, signedIn: false };

/** The hint as the cookie says now (browser only). */
export function readHint(): SessionHint {
  const raw = document.cookie.split("; ").find((c) => c.startsWith("ps_hint="))?.slice("ps_hint=".length) ?? "";
  if (raw !== lastRaw) {
    lastRaw = raw;
    const [count, signed] = decodeURIComponent(raw).split(".");
    const n = Number(count);
    lastHint = { count: Number.isFinite(n) && n > 0 ? Math.floor(n) : 0, signedIn: signed === "1" };
  }
  return lastHint;
}

/** Call after anything that may have changed the cookies (every storeFetch does). */
export function notifySession() {
  listeners.forEach((l) => l());
}

/** Calls `cb` whenever the hint may have changed; returns the unsubscribe. */
export function subscribeSession(cb: () => void) {
  listeners.add(cb);
  window.addEventListener("focus", cb);
  return () => {
    listeners.delete(cb);
    window.removeEventListener("focus", cb);
  };
}

/** null on the server and during hydration: the header renders a neutral placeholder first. */
export function useSessionHint(): SessionHint | null {
  return useSyncExternalStore<SessionHint | null>(subscribeSession, readHint, () => null);
}
