import type { ReactNode } from "react";
import { getOrder, requireUser } from "@/lib/server/account";

/**
 * The sign-in redirect and the 404 for someone else's (or no) order are decided here, before loading.tsx
 * streams, so they stay a real 307 and a real 404. The page reads both again for free (memoised per request).
 */
export default async function OrderLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireUser(`/order/${id}`);
  await getOrder(id);
  return children;
}
