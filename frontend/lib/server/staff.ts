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
import type { User } from "../types";
import { CONSOLE_ROLES, type Dashboard, type StaffVariantPage } from "../staff-types";
import { hasSession, pageApi } from "./account";

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
