/**
 * The storefront's backend-for-frontend: route handlers call the API on the shopper's behalf with the
 * tokens from the httpOnly cookies, so no token ever reaches the browser's scripts. Server-only.
 *
 * CSRF: the session cookies are SameSite=Lax, and every state-changing call must also come from our own
 * origin (Origin header, or Sec-Fetch-Site: same-origin) with a JSON body, so a form or script on another
 * site cannot drive these handlers with the shopper's cookies.
 */
import { NextResponse, type NextRequest } from "next/server";
import { API_URL } from "../config";
import type { ApiErrorBody, Cart } from "../types";
import { clearCartToken, clearTokens, setCartToken, setHint } from "./cookies";
import { COOKIE, isSecureRequest, parseHint } from "./session";

export function errorJson(status: number, code: string, message: string, fields?: Record<string, string[]>) {
  return NextResponse.json({ error: { code, message, fields: fields ?? {} } } satisfies ApiErrorBody, {
    status,
    headers: { "Cache-Control": "no-store" },
  });
}

function requestOrigin(req: NextRequest): string {
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || new URL(req.url).protocol.replace(":", "");
  const host = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || req.headers.get("host") || new URL(req.url).host;
  return `${proto}://${host}`;
}

/**
 * A refusal for a cross-site or non-JSON state-changing request, or null when it may proceed. `multipart`:
 * this route also takes multipart/form-data (a return's photos); the same-origin check still applies.
 */
export function csrfRejection(req: NextRequest, { multipart = false }: { multipart?: boolean } = {}): NextResponse | null {
  if (req.method === "GET" || req.method === "HEAD") return null;
  const origin = req.headers.get("origin");
  const fetchSite = req.headers.get("sec-fetch-site");
  const sameOrigin = origin ? origin === requestOrigin(req) : fetchSite === "same-origin";
  if (!sameOrigin || (fetchSite && fetchSite !== "same-origin")) {
    return errorJson(403, "csrf_refused", "This request did not come from the storefront.");
  }
  const type = req.headers.get("content-type") ?? "";
  const lower = type.toLowerCase();
  if (req.method !== "DELETE" && !lower.startsWith("application/json") && !(multipart && lower.startsWith("multipart/form-data"))) {
    return errorJson(415, "unsupported_media_type", "Send JSON.");
  }
  return null;
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T | null;
  headers: Headers;
}

interface CallOptions {
  method?: string;
  body?: unknown;
  /** Overrides the access token from the cookies (e.g. right after sign-in). */
  access?: string | null;
  cartToken?: string | null;
  headers?: Record<string, string>;
  search?: string;
  /** A body sent as it came (a multipart upload), with its own content type (and boundary); not `body`. */
  raw?: { bytes: ArrayBuffer; contentType: string };
}

/** The headers of a call on the shopper's behalf: their access token and cart token from the cookies. */
function credentials(req: NextRequest, opts: CallOptions, accept: string): Record<string, string> {
  const headers: Record<string, string> = { Accept: accept, ...(opts.headers ?? {}) };
  const access = opts.access === undefined ? req.cookies.get(COOKIE.access)?.value : opts.access;
  if (access) headers.Authorization = `Bearer ${access}`;
  const cartToken = opts.cartToken === undefined ? req.cookies.get(COOKIE.cart)?.value : opts.cartToken;
  if (cartToken) headers["X-Cart-Token"] = cartToken;
  const forwardedFor = req.headers.get("x-forwarded-for");
  if (forwardedFor) headers["X-Forwarded-For"] = forwardedFor;
  return headers;
}

const UNREACHABLE = { error: { code: "api_unreachable", message: "The store is not answering just now. Please try again." } };

/** Call the API with the shopper's credentials from the request's cookies. */
export async function callApi<T = unknown>(req: NextRequest, path: string, opts: CallOptions = {}): Promise<ApiAnswer<T>> {
  const headers = credentials(req, opts, "application/json");
  let body: string | ArrayBuffer | undefined;
  if (opts.raw) {
    headers["Content-Type"] = opts.raw.contentType;
    body = opts.raw.bytes;
  } else if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(`${API_URL}${path}${opts.search ?? ""}`, { method: opts.method ?? "GET", headers, body, cache: "no-store" });
  } catch {
    return { status: 503, body: UNREACHABLE as T, headers: new Headers() };
  }
  return { status: res.status, body: await parseJson<T>(res), headers: res.headers };
}

async function parseJson<T>(res: Response): Promise<T | null> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return { error: { code: `http_${res.status}`, message: `The store answered ${res.status}.` } } as T;
  }
}

// What a file answer keeps from the API's headers. Content-Length only when the bytes are the API's own:
// fetch undoes a Content-Encoding, after which the API's length is no longer the body's.
const FILE_HEADERS = ["content-type", "content-disposition", "etag", "x-content-sha256"];

/**
 * A file the API answers a signed-in GET with (a tax invoice PDF, a return's photo): its bytes streamed to the browser
 * unchanged, with its type, name and hash headers, never cached. Anything else the API answers (a 404, a
 * 401, a JSON error) goes back through relay() like every other call.
 */
export async function relayFile(req: NextRequest, path: string, contentType: string): Promise<NextResponse> {
  let res: Response;
  // A type ending in "/" is a family ("image/": a return's photo, JPEG, PNG or WebP).
  const accept = contentType.endsWith("/") ? `${contentType}*` : contentType;
  try {
    res = await fetch(`${API_URL}${path}`, { headers: credentials(req, {}, `${accept}, application/json`), cache: "no-store" });
  } catch {
    return relay(req, { status: 503, body: UNREACHABLE, headers: new Headers() });
  }
  if (!res.ok || !res.body || !(res.headers.get("content-type") ?? "").startsWith(contentType)) {
    return relay(req, { status: res.status, body: await parseJson(res), headers: res.headers });
  }
  const out = new NextResponse(res.body, { status: res.status });
  for (const name of FILE_HEADERS) {
    const value = res.headers.get(name);
    if (value) out.headers.set(name, value);
  }
  const length = res.headers.get("content-length");
  if (length && !res.headers.get("content-encoding")) out.headers.set("Content-Length", length);
  out.headers.set("Cache-Control", "private, no-store");
  out.headers.set("X-Content-Type-Options", "nosniff");
  return out;
}

function isCart(body: unknown): body is Cart {
  return typeof body === "object" && body !== null && "item_count" in body && "items" in body;
}

/**
 * The browser's answer for an API answer: same status and JSON body (never the API's own Set-Cookie),
 * plus our cookie bookkeeping: the guest cart token, the header hint, and a session the API refused.
 */
export function relay(req: NextRequest, answer: ApiAnswer, extra?: (res: NextResponse) => void): NextResponse {
  const res =
    answer.status === 204 || answer.body === null
      ? new NextResponse(null, { status: answer.status })
      : NextResponse.json(answer.body, { status: answer.status });
  res.headers.set("Cache-Control", "no-store");
  const retryAfter = answer.headers.get("retry-after"); // a rate-limited answer says when to try again
  if (retryAfter) res.headers.set("Retry-After", retryAfter);
  const secure = isSecureRequest(req);
  const hint = parseHint(req.cookies.get(COOKIE.hint)?.value);
  const signedIn = Boolean(req.cookies.get(COOKIE.refresh)?.value);
  if (answer.status === 401 && signedIn) {
    clearTokens(res, secure, req.cookies.get(COOKIE.hint)?.value);
  } else if (isCart(answer.body)) {
    const cart = answer.body;
    if (cart.token) setCartToken(res, cart.token, secure);
    else if (req.cookies.get(COOKIE.cart)?.value) clearCartToken(res, secure);
    setHint(res, cart.item_count, signedIn, secure);
  } else if (hint.signedIn !== signedIn) {
    setHint(res, hint.count, signedIn, secure);
  }
  extra?.(res);
  return res;
}
