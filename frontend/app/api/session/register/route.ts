/** POST /api/session/register {email, password, full_name, phone}: create the account and sign it in. */
import { NextResponse, type NextRequest } from "next/server";
import { callApi, csrfRejection, errorJson } from "@/lib/server/bff";
import { readJson, startSession } from "@/lib/server/signin";
import type { TokenPair, User } from "@/lib/types";

export async function POST(req: NextRequest) {
  const refused = csrfRejection(req);
  if (refused) return refused;
  const body = await readJson(req);
  if (!body) return errorJson(400, "invalid_json", "The body is not valid JSON.");
  const input: Record<string, unknown> = { email: body.email, password: body.password, full_name: body.full_name };
  if (body.phone) input.phone = body.phone;
  const answer = await callApi<TokenPair & { user: User }>(req, "/api/auth/register/", { method: "POST", body: input, access: null, cartToken: null });
  if (answer.status !== 201 || !answer.body) return NextResponse.json(answer.body, { status: answer.status, headers: { "Cache-Control": "no-store" } });
  const { access, refresh, user } = answer.body;
  return startSession(req, { access, refresh }, { signed_in: true, user }, 201);
}
