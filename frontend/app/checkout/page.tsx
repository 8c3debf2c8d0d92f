import type { Metadata } from "next";
import Link from "next/link";
import { CheckoutForm } from "@/components/checkout/CheckoutForm";
import { getStates } from "@/lib/api";
import { PAYABLE_METHODS } from "@/lib/payment-labels";
import { getAddresses, getCart, getCheckoutOptions, requireUser } from "@/lib/server/account";

export const metadata: Metadata = { title: "Checkout", robots: { index: false, follow: false } };

export default async function CheckoutPage() {
  const user = await requireUser("/checkout");
  const [cart, addresses, options, states] = await Promise.all([getCart(), getAddresses(), getCheckoutOptions(), getStates()]);
  return (
    <div>
      <h1 className="mb-6 text-2xl font-bold sm:text-3xl">Checkout</h1>
      {!cart || cart.items.length === 0 ? (
        <div className="rounded-xl border border-dashed border-gray-300 p-10 text-center" data-testid="checkout-empty">
          <p className="text-lg font-semibold">Your cart is empty</p>
          <Link href="/shop" className="btn btn-primary mt-6">
            Browse phones
          </Link>
        </div>
      ) : !options || !options.payment_methods.some((m) => PAYABLE_METHODS.includes(m.code)) ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-800">
          Payments are not available just now. Your cart is saved: please try again shortly.
        </p>
      ) : (
        <CheckoutForm cart={cart} addresses={addresses} options={options} user={user} states={states} />
      )}
    </div>
  );
}
