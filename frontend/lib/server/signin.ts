/** What sign-in and registration share: keep the tokens in cookies and hand the guest cart over. */
import { NextResponse, type NextRequest } from "next/server";
import type { Cart, TokenPair } from "../types";
import { callApi } from "./bff";
import { clearCartToken, setHint, setTokens } from "./cookies";
import { COOKIE, isSecureRequest } from "./session";

export async function startSession(req: NextRequest, tokens: TokenPair, body: Record<string, unknown>, status = 200) {
  const guest = req.cookies.get(COOKIE.cart)?.value;
  // The guest cart joins the user's cart (quantities added, capped by the API); without one, the
  // user's own cart gives the header its count.
  const cart = guest
    ? await callApi<Cart>(req, "/api/cart/merge/", { method: "POST", body: { token: guest }, access: tokens.access, cartToken: null })
    : await callApi<Cart>(req, "/api/cart/", { access: tokens.access, cartToken: null });
  const count = cart.status === 200 && cart.body ? cart.body.item_count : 0;
  const res = NextResponse.json({ ...body, cart_count: count, merged: Boolean(guest) && cart.status === 200 }, { status });
  res.headers.set("Cache-Control", "no-store");
  const secure = isSecureRequest(req);
  setTokens(res, tokens, secure);
  if (guest && cart.status === 200) clearCartToken(res, secure);
  setHint(res, count, true, secure);
  return res;
}

export async function readJson(req: NextRequest): Promise<Record<string, unknown> | null> {
  try {
    const raw = await req.text();
    if (raw.length > 8 * 1024) return null;
    const parsed: unknown = JSON.parse(raw || "{}");
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Who asks for or enters a sign-in code: the mobile number or the email as sent (the API checks either and
 * refuses both or neither). */
export function identity(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if ("mobile" in body) out.mobile = body.mobile;
  if ("email" in body) out.email = body.email;
  return out;
}
