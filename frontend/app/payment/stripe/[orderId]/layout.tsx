import type { ReactNode } from "react";
import { getStripePayableOrder } from "@/lib/server/account";

/**
 * Sign-in redirect, 404 (someone else's order) and the redirect of an order not payable here to its order
 * page: all decided before loading.tsx streams, so they are real HTTP answers. The page reads the order
 * again for free (memoised per request).
 */
export default async function StripePaymentLayout({ children, params }: { children: ReactNode; params: Promise<{ orderId: string }> }) {
  const { orderId } = await params;
  await getStripePayableOrder(orderId);
  return children;
}
