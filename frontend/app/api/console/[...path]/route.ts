/**
 * /api/console/<path>: the staff console's door to the staff API (/api/staff/<path>). Only the paths and methods
 * listed here pass; the tokens come from the httpOnly cookies (proxy.ts has refreshed them if needed) and never
 * reach the browser. Who may do what is the API's answer on every call (a customer's session gets its 403 here
 * too): this door holds no rule of its own beyond which calls the console makes. Files (a label, an invoice, a
 * manifest, a CSV) stream through unchanged (relayFile).
 */
import type { NextRequest } from "next/server";
import { callApi, csrfRejection, errorJson, relay, relayFile } from "@/lib/server/bff";

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

interface ConsoleRoute {
  path: RegExp;
  methods: Method[];
  /** The largest JSON body this call takes (a CSV import is larger than an edit). */
  maxBytes?: number;
  /** Also takes multipart/form-data (a file upload), passed through as it came up to maxBytes. */
  multipart?: boolean;
}

const ID = String.raw`\d{1,12}`;
const DEFAULT_MAX_BYTES = 64 * 1024;

// Sections add their calls here as they are built (orders, packing, catalog, reports, staff users).
const ROUTES: ConsoleRoute[] = [
  { path: /^reports\/dashboard\/$/, methods: ["GET"] },
  { path: /^orders\/$/, methods: ["GET"] },
  { path: new RegExp(`^orders/${ID}/$`), methods: ["GET"] },
  { path: new RegExp(`^orders/${ID}/transition/$`), methods: ["POST"] },
  { path: new RegExp(`^orders/${ID}/shipment/$`), methods: ["POST"] },
  { path: new RegExp(`^orders/${ID}/refund/$`), methods: ["POST"] },
  { path: new RegExp(`^orders/${ID}/units/$`), methods: ["POST"] },
  { path: new RegExp(`^orders/${ID}/invoice/$`), methods: ["GET"] },
  { path: new RegExp(`^orders/${ID}/label/$`), methods: ["GET"] },
  { path: /^units\/$/, methods: ["GET"] },
  { path: /^manifests\/$/, methods: ["GET", "POST"] },
  { path: /^manifests\/pending\/$/, methods: ["GET"] },
  { path: new RegExp(`^manifests/${ID}/$`), methods: ["GET"] },
  { path: new RegExp(`^manifests/${ID}/file/$`), methods: ["GET"] },
  { path: /^variants\/$/, methods: ["GET"] },
  { path: new RegExp(`^variants/${ID}/$`), methods: ["GET", "PATCH"] },
  { path: /^variants\/bulk\/$/, methods: ["POST"] },
  { path: /^catalog\/export\/$/, methods: ["GET"] },
  // The API's limit for the route (API_LARGE_BODY_ROUTES: a 4 MB CSV and the form around it).
  { path: /^catalog\/import\/$/, methods: ["POST"], maxBytes: 4 * 1024 * 1024 + 64 * 1024, multipart: true },
  { path: /^reports\/gstr1\/$/, methods: ["GET"] },
  { path: /^reports\/sales\/$/, methods: ["GET"] },
  { path: /^reports\/sales\/csv\/$/, methods: ["GET"] },
  { path: /^users\/$/, methods: ["GET"] },
  { path: /^users\/invite\/$/, methods: ["POST"] },
  { path: new RegExp(`^users/${ID}/$`), methods: ["PATCH"] },
  { path: new RegExp(`^users/${ID}/role/$`), methods: ["GET", "PUT"] },
];

// Paths whose answer is a file, streamed through as it comes, by the type the API answers with.
const FILES: [RegExp, string][] = [
  [new RegExp(`^orders/${ID}/invoice/$`), "application/pdf"],
  [new RegExp(`^orders/${ID}/label/$`), "application/pdf"],
  [new RegExp(`^manifests/${ID}/file/$`), "application/pdf"],
  [/^catalog\/export\/$/, "text/csv"],
  [/^reports\/sales\/csv\/$/, "text/csv"],
  [/^reports\/gstr1\/$/, "application/json"],
];

async function handle(req: NextRequest, ctx: RouteContext<"/api/console/[...path]">): Promise<Response> {
  const method = req.method as Method;
  const path = `${(await ctx.params).path.join("/")}/`;
  const route = ROUTES.find((r) => r.path.test(path));
  if (!route) return errorJson(404, "not_found", "Not found.");
  if (!route.methods.includes(method)) return errorJson(405, "method_not_allowed", `${method} is not allowed here.`);
  const refused = csrfRejection(req, { multipart: route.multipart });
  if (refused) return refused;
  const file = FILES.find(([re]) => re.test(path));
  if (file && method === "GET") return relayFile(req, `/api/staff/${path}${req.nextUrl.search}`, file[1]);
  const contentType = req.headers.get("content-type") ?? "";
  if (route.multipart && contentType.toLowerCase().startsWith("multipart/form-data")) {
    const limit = route.maxBytes ?? DEFAULT_MAX_BYTES;
    if (Number(req.headers.get("content-length") ?? "0") > limit) return errorJson(413, "too_large", "The file is too large.");
    const bytes = await req.arrayBuffer();
    if (bytes.byteLength > limit) return errorJson(413, "too_large", "The file is too large.");
    return relay(req, await callApi(req, `/api/staff/${path}`, { method, raw: { bytes, contentType } }));
  }

  let body: unknown;
  if (method === "POST" || method === "PATCH" || method === "PUT") {
    const raw = await req.text();
    if (raw.length > (route.maxBytes ?? DEFAULT_MAX_BYTES)) return errorJson(413, "too_large", "Request too large.");
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      return errorJson(400, "invalid_json", "The body is not valid JSON.");
    }
  }
  const search = method === "GET" ? req.nextUrl.search : "";
  return relay(req, await callApi(req, `/api/staff/${path}`, { method, body, search }));
}

export const GET = handle;
export const POST = handle;
export const PATCH = handle;
export const PUT = handle;
export const DELETE = handle;
