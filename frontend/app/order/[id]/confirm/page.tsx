import type { Metadata } from "next";
import Link from "next/link";
import { CodConfirmForm } from "@/components/order/CodConfirmForm";
import { formatPrice } from "@/lib/format";
import { getOrder, requireUser } from "@/lib/server/account";

export const metadata: Metadata = { title: "Confirm your order", robots: { index: false, follow: false } };

/** /order/[id]/confirm: a cash-on-delivery order awaiting the code sent to its mobile (the layout 404s a stranger). */
export default async function CodConfirmPage({ params }: PageProps<"/order/[id]/confirm">) {
  const { id } = await params;
  await requireUser(`/order/${id}/confirm`);
  const order = await getOrder(id);
  const waiting = order.payment_method === "cod" && order.status === "CONFIRMATION_PENDING";
  return (
    <div className="mx-auto max-w-xl space-y-6" data-testid="cod-confirm-page" data-order-id={order.id}>
      <div>
        <h1 className="text-2xl font-bold sm:text-3xl">Confirm order {order.number}</h1>
        <p className="text-sm text-muted">Cash on delivery: pay {formatPrice(order.total)} in cash when it arrives.</p>
      </div>
      {waiting ? (
        <CodConfirmForm orderId={order.id} phone={order.shipping_address.phone ?? ""} expiresAt={order.reserved_until ?? null} />
      ) : (
        <p className="rounded-md bg-gray-50 px-3 py-2 text-sm" role="status">
          This order is not awaiting a confirmation code.{" "}
          <Link href={`/order/${order.id}`} className="font-semibold underline">
            See the order
          </Link>
        </p>
      )}
    </div>
  );
}
