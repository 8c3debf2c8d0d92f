/** Writing the session cookies on a response (proxy.ts and the route handlers). Server-only. */
import type { NextResponse } from "next/server";
import type { TokenPair } from "../types";
import { CART_COOKIE_MAX_AGE, COOKIE, cookieOptions, hintValue, parseHint, secondsLeft } from "./session";

const REFRESH_FALLBACK_SECONDS = 7 * 24 * 60 * 60;

export function setTokens(res: NextResponse, tokens: TokenPair, secure: boolean, previousHint?: string) {
  res.cookies.set(COOKIE.access, tokens.access, cookieOptions(secure, secondsLeft(tokens.access) || 600));
  res.cookies.set(COOKIE.refresh, tokens.refresh, cookieOptions(secure, secondsLeft(tokens.refresh) || REFRESH_FALLBACK_SECONDS));
  const { count } = parseHint(previousHint);
  setHint(res, count, true, secure);
}

export function clearTokens(res: NextResponse, secure: boolean, previousHint?: string) {
  res.cookies.set(COOKIE.access, "", cookieOptions(secure, 0));
  res.cookies.set(COOKIE.refresh, "", cookieOptions(secure, 0));
  setHint(res, parseHint(previousHint).count, false, secure);
}

export function setHint(res: NextResponse, count: number, signedIn: boolean, secure: boolean) {
  res.cookies.set(COOKIE.hint, hintValue(count, signedIn), cookieOptions(secure, REFRESH_FALLBACK_SECONDS, false));
}

export function setCartToken(res: NextResponse, token: string, secure: boolean) {
  res.cookies.set(COOKIE.cart, token, cookieOptions(secure, CART_COOKIE_MAX_AGE));
}

export function clearCartToken(res: NextResponse, secure: boolean) {
  res.cookies.set(COOKIE.cart, "", cookieOptions(secure, 0));
}
