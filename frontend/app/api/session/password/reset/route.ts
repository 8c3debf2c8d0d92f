/** POST /api/session/password/reset {email}: ask the API to email a link for choosing a new password
 * (→ POST /api/auth/password/reset/). Anonymous: no token and no cart token go to the API. The answer is
 * the API's own: 202 with one neutral text whether or not the email has an account, 400 field errors,
 * 429 with Retry-After. */
import type { NextRequest } from "next/server";
import { callApi, csrfRejection, errorJson, relay } from "@/lib/server/bff";
import { readJson } from "@/lib/server/signin";

export async function POST(req: NextRequest) {
  const refused = csrfRejection(req);
  if (refused) return refused;
  const body = await readJson(req);
  if (!body) return errorJson(400, "invalid_json", "The body is not valid JSON.");
  const answer = await callApi<{ detail: string }>(req, "/api/auth/password/reset/", {
    method: "POST",
    body: { email: body.email },
    access: null,
    cartToken: null,
  });
  return relay(req, answer);
}
