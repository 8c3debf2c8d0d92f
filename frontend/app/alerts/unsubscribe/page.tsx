import type { Metadata } from "next";
import { UnsubscribeForm } from "@/components/wishlist/UnsubscribeForm";

// The link's token is in the URL: never indexed, and never sent on as a referrer.
export const metadata: Metadata = { title: "Stop alerts", robots: { index: false, follow: false }, referrer: "no-referrer" };

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

/** Where an alert message's unsubscribe link leads: one click stops the alerts, no sign-in needed. */
export default async function UnsubscribePage({ searchParams }: PageProps<"/alerts/unsubscribe">) {
  const token = one((await searchParams).token);
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold sm:text-3xl">Stop price and stock alerts</h1>
      <UnsubscribeForm token={token} />
    </div>
  );
}
