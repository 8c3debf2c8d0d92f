/** POST /api/alerts/unsubscribe {token}: an alert message's unsubscribe link, confirmed on /alerts/unsubscribe
 * (→ POST /api/alerts/unsubscribe/). Anonymous, like the password reset: the link's token is the credential, so
 * no access or cart token goes to the API. The answer is the API's own (200 `{scope, stopped, message}`, 400
 * `invalid_unsubscribe_link` / `expired_unsubscribe_link`, 429 with Retry-After). */
import type { NextRequest } from "next/server";
import { callApi, csrfRejection, errorJson, relay } from "@/lib/server/bff";
import { readJson } from "@/lib/server/signin";

export async function POST(req: NextRequest) {
  const refused = csrfRejection(req);
  if (refused) return refused;
  const body = await readJson(req);
  if (!body) return errorJson(400, "invalid_json", "The body is not valid JSON.");
  const answer = await callApi(req, "/api/alerts/unsubscribe/", { method: "POST", body: { token: body.token }, access: null, cartToken: null });
  return relay(req, answer);
}
