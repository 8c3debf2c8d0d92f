import type { Metadata } from "next";
import Link from "next/link";
import { consoleMetadata, getStaffOrder } from "@/lib/server/staff";
import { PackingStation } from "./PackingStation";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return consoleMetadata({ title: `Pack order ${id}` });
}

/** The packing table: scan each phone's IMEI, print the invoice and the label, hand the parcel over. */
export default async function PackPage({ params }: { params: Promise<{ id: string }> }) {
  const order = await getStaffOrder((await params).id);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link href="/staff/orders" className="underline">
            Orders
          </Link>{" "}
          /{" "}
          <Link href={`/staff/orders/${order.id}`} className="underline">
            {order.number}
          </Link>
        </p>
        <h1 className="mt-1 text-2xl font-bold sm:text-3xl">
          Pack <span className="font-mono">{order.number}</span>
        </h1>
        <p className="mt-1 text-sm text-muted">
          {order.shipping_address.full_name} · {order.shipping_address.city}, {order.shipping_address.state} {order.shipping_address.pincode}
        </p>
      </div>
      <PackingStation initial={order} />
    </div>
  );
}
