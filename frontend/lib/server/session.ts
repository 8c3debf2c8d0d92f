/**
 * The shopper's session, held by the storefront's server in cookies the browser's scripts cannot read.
 *
 * - `ps_at`  the API's JWT access token (httpOnly), lives as long as the token (10 minutes by default)
 * - `ps_rt`  the API's refresh token (httpOnly), lives as long as the token (7 days by default)
 * - `ps_cart` a guest's cart token (httpOnly), 30 days; dropped once merged into a signed-in cart
 * - `ps_hint` a non-secret hint for the header, readable by scripts: `<cart count>.<1 if signed in>`,
 *   so static (ISR) pages can show the cart count and "Account" without a request
 *
 * All are SameSite=Lax, Path=/. `Secure` follows COOKIE_SECURE: "auto" (default) sets it when the request
 * reached us over https (the URL or X-Forwarded-Proto), "true" always, "false" never. Local http runs
 * (127.0.0.1) therefore work without TLS, and production behind TLS gets Secure cookies.
 *
 * Server-only: imported by proxy.ts, route handlers and server components, never by client components.
 */
import { API_URL } from "../config";
import type { TokenPair } from "../types";

export const COOKIE = {
  access: "ps_at",
  refresh: "ps_rt",
  cart: "ps_cart",
  hint: "ps_hint",
} as const;

export const CART_COOKIE_MAX_AGE = 60 * 60 * 24 * 30;
/** Refresh the access token this long before it expires, so a request never races its expiry. */
export const ACCESS_SKEW_SECONDS = 30;

export interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  sameSite: "lax";
  path: string;
  maxAge: number;
}

export function isSecureRequest(req: { url: string; headers: Headers }): boolean {
  const setting = (process.env.COOKIE_SECURE ?? "auto").toLowerCase();
  if (setting === "true" || setting === "1") return true;
  if (setting === "false" || setting === "0") return false;
  const forwarded = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  if (forwarded) return forwarded === "https";
  return new URL(req.url).protocol === "https:";
}

export function cookieOptions(secure: boolean, maxAge: number, httpOnly = true): CookieOptions {
  return { httpOnly, secure, sameSite: "lax", path: "/", maxAge: Math.max(0, Math.floor(maxAge)) };
}

/** The `exp` claim of a JWT (seconds since the epoch), read without verifying: the API verifies. */
export function tokenExpiry(token: string | undefined): number | null {
  if (!token) return null;
  const part = token.split(".")[1];
  if (!part) return null;
  try {
    const claims = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as { exp?: unknown };
    return typeof claims.exp === "number" ? claims.exp : null;
  } catch {
    return null;
  }
}

export function secondsLeft(token: string | undefined, now = Date.now() / 1000): number {
  const exp = tokenExpiry(token);
  return exp === null ? 0 : exp - now;
}

/** True when the access token is missing, unreadable or about to expire. */
export function accessNeedsRefresh(access: string | undefined): boolean {
  return secondsLeft(access) <= ACCESS_SKEW_SECONDS;
}

export type RefreshOutcome = { ok: true; tokens: TokenPair } | { ok: false; dead: boolean };

/**
 * Trade the refresh token for a new pair. The API rotates: the refresh token sent is blacklisted, so
 * two requests refreshing at once would sign the shopper out. Calls with the same refresh token in one
 * process therefore share one API call, and its answer is kept for a minute for late-comers.
 * `dead` means the API refused the token (expired, revoked, signed out): the session is over.
 */
const recent = new Map<string, { at: number; outcome: Promise<RefreshOutcome> }>();

export function refreshTokens(refresh: string): Promise<RefreshOutcome> {
  const now = Date.now();
  for (const [key, entry] of recent) if (now - entry.at > 60_000) recent.delete(key);
  const cached = recent.get(refresh);
  if (cached) return cached.outcome;
  const outcome = (async (): Promise<RefreshOutcome> => {
    try {
      const res = await fetch(`${API_URL}/api/auth/token/refresh/`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ refresh }),
        cache: "no-store",
      });
      if (res.ok) return { ok: true, tokens: (await res.json()) as TokenPair };
      return { ok: false, dead: res.status === 400 || res.status === 401 };
    } catch {
      return { ok: false, dead: false };
    }
  })();
  recent.set(refresh, { at: now, outcome });
  // A failure that is not the API's refusal (network) is not remembered: the next request tries again.
  void outcome.then((o) => {
    if (!o.ok && !o.dead) recent.delete(refresh);
  });
  return outcome;
}

/** `<count>.<1|0>`: what the header shows before (and without) asking the server. */
export function hintValue(cartCount: number, signedIn: boolean): string {
  return `${Math.max(0, Math.floor(cartCount))}.${signedIn ? 1 : 0}`;
}

export function parseHint(value: string | undefined): { count: number; signedIn: boolean } {
  const [count, signed] = (value ?? "").split(".");
  const n = Number(count);
  return { count: Number.isFinite(n) && n > 0 ? Math.floor(n) : 0, signedIn: signed === "1" };
}
