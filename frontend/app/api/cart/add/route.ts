/**
 * POST /api/cart/add {variant, quantity} or {product: slug, quantity}: add to the cart. Product cards
 * know the phone, not a variant: the storefront then adds the variant the product page would show first
 * (the cheapest in stock), from the API's product detail.
 */
import type { NextRequest } from "next/server";
import { getProduct } from "@/lib/api";
import { callApi, csrfRejection, errorJson, relay } from "@/lib/server/bff";
import { readJson } from "@/lib/server/signin";
import { defaultVariant } from "@/lib/seo";

export async function POST(req: NextRequest) {
  const refused = csrfRejection(req);
  if (refused) return refused;
  const body = await readJson(req);
  if (!body) return errorJson(400, "invalid_json", "The body is not valid JSON.");
  const quantity = body.quantity ?? 1;
  let variant = body.variant;
  if (variant === undefined && typeof body.product === "string" && /^[a-z0-9-]{1,200}$/.test(body.product)) {
    try {
      const product = await getProduct(body.product);
      const chosen = defaultVariant(product.variants);
      if (!chosen || !chosen.in_stock) return errorJson(409, "insufficient_stock", "This phone is out of stock.");
      variant = chosen.id;
    } catch {
      return errorJson(404, "not_found", "No such phone.", { product: ["Not found."] });
    }
  }
  if (variant === undefined) return errorJson(400, "invalid", "Say which phone to add.", { variant: ["This field is required."] });
  return relay(req, await callApi(req, "/api/cart/items/", { method: "POST", body: { variant, quantity } }));
}
