import type { Metadata } from "next";
import Link from "next/link";
import { AddressBook } from "@/components/account/AddressBook";
import { PasswordForm } from "@/components/account/PasswordForm";
import { ConsentToggles, DeleteAccount, DownloadData } from "@/components/account/PrivacyPanel";
import { ProfileForm, SignOutButton } from "@/components/account/ProfileForm";
import { ChargeNote } from "@/components/order/ChargeNote";
import { StatusBadge } from "@/components/order/StatusBadge";
import { getStates } from "@/lib/api";
import { InvoiceLink } from "@/components/order/TaxDocuments";
import { formatDateTime, formatMobile, formatPrice } from "@/lib/format";
import { legalPath } from "@/lib/legal-pages";
import { getAddresses, getConsents, getErasureInfo, getOrders, requireUser } from "@/lib/server/account";
import type { Order } from "@/lib/types";

export const metadata: Metadata = { title: "Your account", robots: { index: false, follow: false } };

const itemCount = (order: Order) => order.items.reduce((n, i) => n + i.quantity, 0);

export default async function AccountPage() {
  const user = await requireUser("/account");
  const [orders, addresses, states, consents, erasure] = await Promise.all([
    getOrders(),
    getAddresses(),
    getStates(),
    getConsents(),
    getErasureInfo(),
  ]);
  return (
    <div className="space-y-10">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold sm:text-3xl">Your account</h1>
          <p className="text-muted">Hello, {user.full_name || user.email || (user.mobile ? formatMobile(user.mobile) : "")}.</p>
          <p className="text-sm">
            <Link href="/account/wishlist" className="font-semibold text-brand-800 underline" data-testid="account-wishlist-link">
              Your wishlist and alerts
            </Link>
          </p>
        </div>
        <SignOutButton />
      </div>

      <section aria-labelledby="orders-heading">
        <h2 id="orders-heading" className="mb-3 text-xl font-bold">
          Orders
        </h2>
        {orders && orders.results.length ? (
          <ul className="divide-y divide-gray-200 rounded-xl border border-gray-200" data-testid="orders">
            {orders.results.map((o) => (
              <li key={o.id} data-testid="order-row" data-order-id={o.id} className="hover:bg-gray-50">
                {/* No prefetch: an order's layout asks the API for it, and the list shows up to 20 orders. */}
                <Link href={`/order/${o.id}`} prefetch={false} className="flex flex-wrap items-center justify-between gap-2 p-3">
                  <span>
                    <span className="font-semibold">{o.number}</span>
                    <span className="block text-sm text-muted">
                      {formatDateTime(o.created_at)} · {itemCount(o)} {itemCount(o) === 1 ? "item" : "items"}
                    </span>
                    <ChargeNote order={o} className="block text-sm text-muted" />
                  </span>
                  <span className="flex items-center gap-3">
                    <StatusBadge status={o.status} label={o.status_label} />
                    <span className="font-bold">{formatPrice(o.total)}</span>
                  </span>
                </Link>
                {/* Beside the order's link, not inside it: a link cannot hold another. */}
                {o.invoice ? (
                  <p className="-mt-2 px-3 pb-3 text-sm">
                    <InvoiceLink invoice={o.invoice} className="font-semibold text-brand-800 underline" testId="order-row-invoice" />
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted">
            No orders yet.{" "}
            <Link href="/shop" className="font-semibold text-brand-800 underline">
              Find a phone
            </Link>
          </p>
        )}
      </section>

      <div className="grid gap-10 lg:grid-cols-2">
        <section aria-labelledby="addresses-heading">
          <h2 id="addresses-heading" className="mb-3 text-xl font-bold">
            Addresses
          </h2>
          <AddressBook initial={addresses} states={states} />
        </section>
        <div className="space-y-10">
          <section aria-labelledby="profile-heading">
            <h2 id="profile-heading" className="mb-3 text-xl font-bold">
              Profile
            </h2>
            <ProfileForm user={user} />
          </section>
          {/* An account made by signing in with a mobile number has no email and no password: codes sign it in. */}
          {user.email ? (
            <section aria-labelledby="password-heading">
              <h2 id="password-heading" className="mb-3 text-xl font-bold">
                Change password
              </h2>
              <PasswordForm email={user.email} />
            </section>
          ) : null}
        </div>
      </div>

      <section aria-labelledby="privacy-heading" className="space-y-8" data-testid="privacy">
        <div>
          <h2 id="privacy-heading" className="text-xl font-bold">
            Your data and privacy
          </h2>
          <p className="text-sm text-muted">
            What we collect and why is in our{" "}
            <Link href={legalPath("privacy")} className="text-brand-800 underline">
              privacy notice
            </Link>
            .
          </p>
        </div>
        <div className="grid gap-10 lg:grid-cols-2">
          <div className="space-y-3">
            <h3 className="text-lg font-semibold">Offers and news</h3>
            {consents ? <ConsentToggles initial={consents} /> : <p className="text-sm text-muted">Your choices could not be loaded just now.</p>}
          </div>
          <div className="space-y-3">
            <h3 className="text-lg font-semibold">Your data</h3>
            <DownloadData />
          </div>
        </div>
        <div className="space-y-3">
          <h3 className="text-lg font-semibold">Delete my account</h3>
          {erasure ? <DeleteAccount info={erasure} /> : <p className="text-sm text-muted">This could not be loaded just now.</p>}
        </div>
      </section>
    </div>
  );
}
