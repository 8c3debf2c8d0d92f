/**
 * Transparent session refresh. Before a page or route handler runs, an access token that is missing or
 * about to expire is traded for a new pair with the refresh token; the new cookies go to the browser
 * on this response and to the render of this very request, so the shopper never notices. A refresh
 * token the API refuses ends the session (cookies cleared); a network failure just leaves it for the
 * next request.
 */
import { NextResponse, type NextRequest } from "next/server";
import { clearTokens, setTokens } from "@/lib/server/cookies";
import { accessNeedsRefresh, COOKIE, isSecureRequest, refreshTokens } from "@/lib/server/session";

export async function proxy(request: NextRequest) {
  const refresh = request.cookies.get(COOKIE.refresh)?.value;
  if (!refresh || !accessNeedsRefresh(request.cookies.get(COOKIE.access)?.value)) return NextResponse.next();

  const outcome = await refreshTokens(refresh);
  const secure = isSecureRequest(request);
  const hint = request.cookies.get(COOKIE.hint)?.value;
  if (outcome.ok) {
    request.cookies.set(COOKIE.access, outcome.tokens.access);
    request.cookies.set(COOKIE.refresh, outcome.tokens.refresh);
    const res = NextResponse.next({ request: { headers: request.headers } });
    setTokens(res, outcome.tokens, secure, hint);
    return res;
  }
  if (outcome.dead) {
    request.cookies.delete(COOKIE.access);
    request.cookies.delete(COOKIE.refresh);
    const res = NextResponse.next({ request: { headers: request.headers } });
    clearTokens(res, secure, hint);
    return res;
  }
  return NextResponse.next();
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt|sitemap.xml).*)"],
};
