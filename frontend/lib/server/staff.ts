/**
 * The staff console's reads for server components (app/staff), with the session's access token like the
 * shopper's pages (lib/server/account.ts). Who may enter is the API's answer, asked on every request: a guest,
 * a shopper or a token the API refuses gets the ordinary 404 page, so the console's existence is not advertised.
 * Server-only.
 */
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { metadata as notFoundMetadata } from "@/app/not-found";
import type { ApiErrorBody, User } from "../types";
import {
  CONSOLE_ROLES,
  type Dashboard,
  type Manifest,
  type PendingPickups,
  type StaffOrderDetail,
  type StaffOrderPage,
  type SalesReport,
  type StaffAccount,
  type StaffVariantPage,
} from "../staff-types";
import { type Answer, hasSession, pageApi } from "./account";

/** The signed-in staff member or admin, else null (an API that does not answer is an error). Memoised per request. */
const currentStaff = cache(async function currentStaff(): Promise<User | null> {
  if (!(await hasSession())) return null;
  const me = await pageApi<User>("/api/auth/me/");
  if (me.status === 401 || me.status === 403) return null;
  if (!me.body) throw new Error(`The account service answered ${me.status}.`);
  return me.body.role && CONSOLE_ROLES.includes(me.body.role) ? me.body : null;
});

/**
 * The signed-in staff member or admin, else notFound(). The console's layout calls it before anything streams (a
 * real 404 status); pages may read it again without another API call.
 */
export async function requireStaff(): Promise<User> {
  const user = await currentStaff();
  if (!user) notFound();
  return user;
}

/**
 * A console page's metadata for staff; anyone else gets the store's 404 page's own (metadata is resolved beside the
 * layout, so the layout's notFound() does not keep the console's title from the 404 page).
 */
export async function consoleMetadata(metadata: Metadata): Promise<Metadata> {
  return (await currentStaff()) ? metadata : notFoundMetadata;
}

/** A staff API read for a console page: a refusal (the role changed since the layout asked) is the 404 page too. */
async function staffRead<T>(path: string): Promise<T> {
  const answer = await pageApi<T>(path);
  if (answer.status === 401 || answer.status === 403) notFound();
  if (!answer.body) throw new Error(`The staff API answered ${answer.status} for ${path}.`);
  return answer.body;
}

export function getDashboard(): Promise<Dashboard> {
  return staffRead<Dashboard>("/api/staff/reports/dashboard/");
}

/** Today's parcels awaiting a pickup manifest, and the latest manifests (the Today page's pickups panel). */
export async function getPickups(): Promise<{ pending: PendingPickups; manifests: Manifest[] }> {
  const [pending, page] = await Promise.all([
    staffRead<PendingPickups>("/api/staff/manifests/pending/"),
    staffRead<{ results: Manifest[] }>("/api/staff/manifests/?page_size=5"),
  ]);
  return { pending, manifests: page.results };
}

/** The order list's query parameters, passed to the API as given (it validates them: a bad one is its 400). */
export const ORDER_QUERY_KEYS = ["q", "queue", "status", "payment_method", "placed_from", "placed_to", "page"] as const;

/** A page of orders, or the API's refusal of the filters (400: its message and the fields at fault). */
export async function getStaffOrders(
  params: Record<string, string | string[] | undefined>,
): Promise<{ page: StaffOrderPage; error: null } | { page: null; error: ApiErrorBody["error"] }> {
  const query = new URLSearchParams();
  for (const key of ORDER_QUERY_KEYS) {
    const value = params[key];
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) if (v !== "") query.append(key, v);
  }
  query.set("page_size", "25");
  const answer = await staffAnswer<StaffOrderPage>(`/api/staff/orders/?${query}`);
  if (answer.status === 400 && answer.error) return { page: null, error: answer.error };
  if (!answer.body) throw new Error(`The staff API answered ${answer.status} for the order list.`);
  return { page: answer.body, error: null };
}

/** One order for its console page; a missing one is the 404 page. */
export async function getStaffOrder(id: string): Promise<StaffOrderDetail> {
  if (!/^\d{1,12}$/.test(id)) notFound();
  const answer = await staffAnswer<StaffOrderDetail>(`/api/staff/orders/${id}/`);
  if (answer.status === 404) notFound();
  if (!answer.body) throw new Error(`The staff API answered ${answer.status} for order ${id}.`);
  return answer.body;
}

/** Like staffRead, but a 4xx's error body is kept (the order list shows the API's refusal of its filters). */
async function staffAnswer<T>(path: string): Promise<Answer<T>> {
  const answer = await pageApi<T>(path);
  if (answer.status === 401 || answer.status === 403) notFound();
  return answer;
}

/**
 * GET /api/staff/reports/sales/ for the Reports page: the report, or the API's refusal of the range (a 400 with the
 * fields it names), which the page shows beside its form.
 */
export async function getSalesReport(query: URLSearchParams): Promise<{ report: SalesReport | null; error: ApiErrorBody["error"] | null }> {
  const answer = await staffAnswer<SalesReport>(`/api/staff/reports/sales/?${query.toString()}`);
  if (answer.status === 400 && answer.error) return { report: null, error: answer.error };
  if (!answer.body) throw new Error(`The staff API answered ${answer.status} for the sales report.`);
  return { report: answer.body, error: null };
}

/** The staff and admin accounts (admin only: the Users page is the 404 page to staff). */
export function getStaffAccounts(): Promise<StaffAccount[]> {
  return staffRead<StaffAccount[]>("/api/staff/users/");
}

/**
 * A page of variants for Stock and prices; `query` holds only parameters the page has checked. A page past the last
 * (the catalog shrank since the link was made) is the first page.
 */
export async function getVariants(query: URLSearchParams): Promise<StaffVariantPage> {
  const answer = await pageApi<StaffVariantPage>(`/api/staff/variants/?${query.toString()}`);
  if (answer.status === 400 && query.has("page")) {
    const first = new URLSearchParams(query);
    first.delete("page");
    return staffRead<StaffVariantPage>(`/api/staff/variants/?${first.toString()}`);
  }
  if (answer.status === 401 || answer.status === 403) notFound();
  if (!answer.body) throw new Error(`The staff API answered ${answer.status} for the variants.`);
  return answer.body;
}
