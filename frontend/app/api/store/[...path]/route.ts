/**
 * /api/store/<API path>: the browser's door to the shopper's part of the API (cart, checkout, orders,
 * payments, addresses, profile, wishlist and alerts, their personal data: consents, download, deletion) and complaints
 * (anyone). Only the paths and methods listed here pass; the tokens come from the httpOnly cookies (proxy.ts has
 * refreshed them if needed) and never reach the browser. The order's tax
 * invoice and credit notes are PDFs, a return's photos images: their bytes stream through unchanged
 * (relayFile). A return request with photos is multipart/form-data: passed through as it came (boundary
 * and all), up to the API's own limit for that route.
 */
import type { NextRequest } from "next/server";
import { callApi, csrfRejection, errorJson, relay, relayFile } from "@/lib/server/bff";
import { clearTokens, setHint, setTokens } from "@/lib/server/cookies";
import { COOKIE, isSecureRequest } from "@/lib/server/session";
import type { TokenPair } from "@/lib/types";

type Method = "GET" | "POST" | "PATCH" | "DELETE";

const ROUTES: [RegExp, Method[]][] = [
  [/^cart\/$/, ["GET"]],
  [/^cart\/items\/$/, ["POST"]],
  [/^cart\/items\/\d{1,12}\/$/, ["PATCH", "DELETE"]],
  [/^cart\/coupon\/$/, ["POST", "DELETE"]],
  [/^checkout\/options\/$/, ["GET"]],
  [/^checkout\/$/, ["POST"]],
  [/^orders\/$/, ["GET"]],
  [/^orders\/\d{1,12}\/$/, ["GET"]],
  [/^orders\/\d{1,12}\/cancel\/$/, ["POST"]],
  [/^orders\/\d{1,12}\/cod\/(confirm|resend)\/$/, ["POST"]],
  [/^orders\/\d{1,12}\/tracking\/$/, ["GET"]],
  [/^orders\/\d{1,12}\/invoice\/$/, ["GET"]],
  [/^orders\/\d{1,12}\/credit-notes\/\d{1,12}\/$/, ["GET"]],
  [/^orders\/\d{1,12}\/returns\/$/, ["GET", "POST"]],
  [/^orders\/\d{1,12}\/returns\/\d{1,12}\/photos\/\d{1,2}\/$/, ["GET"]],
  [/^payments\/razorpay\/(create|verify)\/$/, ["POST"]],
  [/^payments\/stripe\/create\/$/, ["POST"]],
  [/^payments\/stripe\/quote\/$/, ["GET"]],
  [/^payments\/dev\/confirm\/$/, ["POST"]],
  [/^addresses\/$/, ["GET", "POST"]],
  [/^addresses\/\d{1,12}\/$/, ["GET", "PATCH", "DELETE"]],
  [/^auth\/me\/$/, ["GET", "PATCH"]],
  [/^auth\/password\/change\/$/, ["POST"]],
  [/^shipping\/estimate\/$/, ["GET"]],
  [/^wishlist\/$/, ["GET", "POST"]],
  [/^wishlist\/merge\/$/, ["POST"]],
  [/^wishlist\/\d{1,12}\/$/, ["DELETE"]],
  [/^alerts\/$/, ["GET", "POST"]],
  [/^alerts\/\d{1,12}\/$/, ["DELETE"]],
  [/^account\/consents\/$/, ["GET", "POST"]],
  [/^account\/consents\/marketing\/(email|sms)\/$/, ["DELETE"]],
  [/^account\/export\/$/, ["POST"]],
  [/^account\/erasure\/$/, ["GET", "POST"]],
  [/^account\/erasure\/code\/$/, ["POST"]],
  [/^support\/complaints\/$/, ["POST"]],
];

const MAX_BODY_BYTES = 16 * 1024;
// Paths whose answer is a file (a tax invoice or credit note PDF), streamed through as it comes.
const FILES: [RegExp, string][] = [
  [/^orders\/\d{1,12}\/(invoice|credit-notes\/\d{1,12})\/$/, "application/pdf"],
  [/^orders\/\d{1,12}\/returns\/\d{1,12}\/photos\/\d{1,2}\/$/, "image/"],
];
// Paths that also take multipart/form-data (a return with its photos), and how much: the API's limit for
// the route (API_LARGE_BODY_ROUTES, 16 MB; 3 photos of 5 MB and the form around them).
const MULTIPART: RegExp[] = [/^orders\/\d{1,12}\/returns\/$/];
const MAX_MULTIPART_BYTES = 16 * 1024 * 1024;

function isMultipart(req: NextRequest): boolean {
  return (req.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
}

/** The multipart body as it came, or a 413 past the limit (by its Content-Length, then by what arrived). */
async function multipartBody(req: NextRequest): Promise<ArrayBuffer | Response> {
  const tooLarge = () => errorJson(413, "too_large", "The photos are too large: at most 3 of 5 MB each.");
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_MULTIPART_BYTES) return tooLarge();
  const bytes = await req.arrayBuffer();
  return bytes.byteLength > MAX_MULTIPART_BYTES ? tooLarge() : bytes;
}

async function handle(req: NextRequest, ctx: RouteContext<"/api/store/[...path]">): Promise<Response> {
  const method = req.method as Method;
  const path = `${(await ctx.params).path.join("/")}/`;
  const route = ROUTES.find(([re]) => re.test(path));
  if (!route) return errorJson(404, "not_found", "Not found.");
  if (!route[1].includes(method)) return errorJson(405, "method_not_allowed", `${method} is not allowed here.`);
  const multipart = MULTIPART.some((re) => re.test(path));
  const refused = csrfRejection(req, { multipart });
  if (refused) return refused;
  const file = FILES.find(([re]) => re.test(path));
  if (file && method === "GET") return relayFile(req, `/api/${path}`, file[1]);
  if (multipart && method === "POST" && isMultipart(req)) {
    const bytes = await multipartBody(req);
    if (bytes instanceof Response) return bytes;
    const raw = { bytes, contentType: req.headers.get("content-type")! };
    return relay(req, await callApi(req, `/api/${path}`, { method, raw }));
  }

  let body: unknown;
  if (method === "POST" || method === "PATCH") {
    const raw = await req.text();
    if (raw.length > MAX_BODY_BYTES) return errorJson(413, "too_large", "Request too large.");
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      return errorJson(400, "invalid_json", "The body is not valid JSON.");
    }
  }
  const headers: Record<string, string> = {};
  const key = req.headers.get("idempotency-key");
  if (key && path === "checkout/") headers["Idempotency-Key"] = key.slice(0, 255);

  const answer = await callApi(req, `/api/${path}`, { method, body, headers, search: method === "GET" ? req.nextUrl.search : "" });

  if (path === "auth/password/change/" && answer.status === 200) {
    // Every other session ended; this one continues on the fresh pair, which stays in the cookies.
    const tokens = answer.body as TokenPair;
    return relay(req, { ...answer, body: { changed: true } }, (res) => setTokens(res, tokens, isSecureRequest(req), req.cookies.get(COOKIE.hint)?.value));
  }
  if (path === "account/erasure/" && method === "POST" && answer.status === 200) {
    // The account is gone and its tokens revoked: so is this browser's session.
    return relay(req, answer, (res) => clearTokens(res, isSecureRequest(req), req.cookies.get(COOKIE.hint)?.value));
  }
  return relay(req, answer, (res) => {
    // Checkout turns the cart into the order: the header's count goes to zero.
    if (path === "checkout/" && (answer.status === 200 || answer.status === 201)) setHint(res, 0, true, isSecureRequest(req));
  });
}

export const GET = handle;
export const POST = handle;
export const PATCH = handle;
export const DELETE = handle;
