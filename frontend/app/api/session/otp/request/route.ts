/** POST /api/session/otp/request {mobile} or {email}: ask the API to send a one-time sign-in code, by SMS to a
 * mobile number (any number: a new one gets its account when the code is entered) or by email to an account with
 * codes turned on. The answer is the API's own (202 with the same neutral text for every number or email, 400
 * field errors such as invalid_mobile, 429 try later). */
import { NextResponse, type NextRequest } from "next/server";
import { callApi, csrfRejection, errorJson } from "@/lib/server/bff";
import { identity, readJson } from "@/lib/server/signin";

export async function POST(req: NextRequest) {
  const refused = csrfRejection(req);
  if (refused) return refused;
  const body = await readJson(req);
  if (!body) return errorJson(400, "invalid_json", "The body is not valid JSON.");
  const answer = await callApi<{ detail: string }>(req, "/api/auth/otp/request/", {
    method: "POST",
    body: identity(body),
    access: null,
    cartToken: null,
  });
  return NextResponse.json(answer.body, { status: answer.status, headers: { "Cache-Control": "no-store" } });
}
