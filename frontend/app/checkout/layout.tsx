import type { ReactNode } from "react";
import { requireUser } from "@/lib/server/account";

/**
 * Signed out: the redirect to /login is sent from here, before loading.tsx streams (a page below a loading
 * boundary could only redirect from the browser, after a 200). The page reads the shopper again for free
 * (requireUser is memoised per request).
 */
export default async function CheckoutLayout({ children }: { children: ReactNode }) {
  await requireUser("/checkout");
  return children;
}
