/** POST /api/session/logout: revoke the refresh token at the API and clear every session cookie. */
import { NextResponse, type NextRequest } from "next/server";
import { callApi, csrfRejection } from "@/lib/server/bff";
import { clearCartToken, clearTokens } from "@/lib/server/cookies";
import { COOKIE, isSecureRequest } from "@/lib/server/session";

export async function POST(req: NextRequest) {
  const refused = csrfRejection(req);
  if (refused) return refused;
  const refresh = req.cookies.get(COOKIE.refresh)?.value;
  if (refresh) await callApi(req, "/api/auth/logout/", { method: "POST", body: { refresh }, access: null, cartToken: null });
  const res = new NextResponse(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  const secure = isSecureRequest(req);
  clearTokens(res, secure, "0.0");
  clearCartToken(res, secure);
  return res;
}
