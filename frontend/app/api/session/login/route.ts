/** POST /api/session/login {email, password}: sign in; tokens go to httpOnly cookies, the guest cart is merged. */
import { NextResponse, type NextRequest } from "next/server";
import { callApi, csrfRejection, errorJson } from "@/lib/server/bff";
import { readJson, startSession } from "@/lib/server/signin";
import type { TokenPair } from "@/lib/types";

export async function POST(req: NextRequest) {
  const refused = csrfRejection(req);
  if (refused) return refused;
  const body = await readJson(req);
  if (!body) return errorJson(400, "invalid_json", "The body is not valid JSON.");
  const answer = await callApi<TokenPair>(req, "/api/auth/token/", {
    method: "POST",
    body: { email: body.email, password: body.password },
    access: null,
    cartToken: null,
  });
  if (answer.status !== 200 || !answer.body) return NextResponse.json(answer.body, { status: answer.status, headers: { "Cache-Control": "no-store" } });
  return startSession(req, answer.body, { signed_in: true });
}
