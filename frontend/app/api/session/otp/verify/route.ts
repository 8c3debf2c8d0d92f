/** POST /api/session/otp/verify {mobile, code} or {email, code}: sign in with a one-time code; on success the
 * tokens go to httpOnly cookies and the guest cart is merged, exactly as with /api/session/login. The answer
 * says name_required when the account was just made for a new mobile number: the page asks for the name next. */
import { NextResponse, type NextRequest } from "next/server";
import { callApi, csrfRejection, errorJson } from "@/lib/server/bff";
import { identity, readJson, startSession } from "@/lib/server/signin";
import type { OtpSignedIn } from "@/lib/types";

export async function POST(req: NextRequest) {
  const refused = csrfRejection(req);
  if (refused) return refused;
  const body = await readJson(req);
  if (!body) return errorJson(400, "invalid_json", "The body is not valid JSON.");
  const answer = await callApi<OtpSignedIn>(req, "/api/auth/otp/verify/", {
    method: "POST",
    body: { ...identity(body), code: body.code },
    access: null,
    cartToken: null,
  });
  if (answer.status !== 200 || !answer.body) return NextResponse.json(answer.body, { status: answer.status, headers: { "Cache-Control": "no-store" } });
  const { access, refresh, name_required } = answer.body;
  return startSession(req, { access, refresh }, { signed_in: true, name_required });
}
