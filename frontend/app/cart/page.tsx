import type { Metadata } from "next";
import { CartView } from "@/components/cart/CartView";
import { getCart, hasSession } from "@/lib/server/account";

export const metadata: Metadata = { title: "Your cart", robots: { index: false, follow: false } };

export default async function CartPage() {
  const [cart, signedIn] = await Promise.all([getCart(), hasSession()]);
  return (
    <div>
      <h1 className="mb-6 text-2xl font-bold sm:text-3xl">Your cart</h1>
      <CartView initial={cart} signedIn={signedIn} />
    </div>
  );
}
