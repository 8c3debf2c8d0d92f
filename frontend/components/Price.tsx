import { formatPrice } from "@/lib/format";

interface Props {
  price: string;
  mrp?: string | null;
  discountPercent?: number;
  size?: "sm" | "lg";
  /** Prefix like "From" for products whose variants differ in price. */
  prefix?: string;
}

export function Price({ price, mrp, discountPercent = 0, size = "sm", prefix }: Props) {
  const showMrp = Boolean(mrp) && Number(mrp) > Number(price);
  return (
    <p className={`flex flex-wrap items-baseline gap-x-2 ${size === "lg" ? "text-base" : "text-sm"}`}>
      <span className={`font-bold text-ink ${size === "lg" ? "text-3xl" : "text-lg"}`} data-testid="price">
        {prefix ? <span className="mr-1 text-sm font-normal text-muted">{prefix}</span> : null}
        {formatPrice(price)}
      </span>
      {showMrp ? (
        <>
          <span className="text-muted">
            <span className="sr-only">MRP </span>
            <s data-testid="mrp">{formatPrice(mrp)}</s>
          </span>
          {discountPercent > 0 ? (
            <span className="font-semibold text-deal" data-testid="discount">
              {discountPercent}% off
            </span>
          ) : null}
        </>
      ) : null}
    </p>
  );
}
