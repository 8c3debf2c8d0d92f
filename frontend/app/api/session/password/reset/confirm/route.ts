/** POST /api/session/password/reset/confirm {uid, token, new_password}: set a new password with the
 * emailed link (→ POST /api/auth/password/reset/confirm/). Anonymous: no token and no cart token go to the
 * API. The answer is the API's own (200 `{detail}`, 400 `invalid_reset_link` or `new_password` field
 * errors, 429 with Retry-After). On success the API has ended every session of the account, so this
 * browser's session cookies (if any) are cleared too: the shopper signs in again with the new password,
 * and /login no longer bounces to /account on cookies that would only be refused. */
import type { NextRequest } from "next/server";
import { callApi, csrfRejection, errorJson, relay } from "@/lib/server/bff";
import { clearTokens } from "@/lib/server/cookies";
import { readJson } from "@/lib/server/signin";
import { COOKIE, isSecureRequest } from "@/lib/server/session";

export async function POST(req: NextRequest) {
  const refused = csrfRejection(req);
  if (refused) return refused;
  const body = await readJson(req);
  if (!body) return errorJson(400, "invalid_json", "The body is not valid JSON.");
  const answer = await callApi<{ detail: string }>(req, "/api/auth/password/reset/confirm/", {
    method: "POST",
    body: { uid: body.uid, token: body.token, new_password: body.new_password },
    access: null,
    cartToken: null,
  });
  return relay(req, answer, (res) => {
    const hadSession = req.cookies.get(COOKIE.access)?.value || req.cookies.get(COOKIE.refresh)?.value;
    if (answer.status === 200 && hadSession) clearTokens(res, isSecureRequest(req), req.cookies.get(COOKIE.hint)?.value);
  });
}
