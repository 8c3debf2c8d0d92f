/**
 * The storefront's types. What the API sends and takes is generated from its OpenAPI schema into
 * lib/api-schema.d.ts (scripts/api-types.sh; `make test` fails when that file is stale), and the app uses
 * those wire types as they are. Where the app wants another shape (one listing page, whether products or
 * search hits answered it), the app type is declared here and lib/api.ts reshapes the wire type into it.
 *
 * Money is a decimal string in INR, GST included ("19999.00"): formatted and compared, never used for
 * arithmetic.
 */
import type { components } from "./api-schema";

type Wire = components["schemas"];

export type Money = string;

// ---- catalogue -------------------------------------------------------------------------------------

/** One shape for listing rows and search hits (ProductCard). `price` is null only without a sellable variant. */
export type ProductListItem = Wire["ProductList"];
export type Facets = Wire["Facets"];
export type FacetCounts = Facets["brand"];
export type PriceRange = Wire["PriceRange"];
export type ProductPage = Wire["ProductPage"];
export type SearchPage = Wire["SearchPage"];

/** A page of listing rows with its facets, from GET /api/products/ or GET /api/search/ (lib/api.ts). */
export interface Listing {
  results: ProductListItem[];
  count: number;
  page: number;
  totalPages: number;
  facets: Facets;
  price: PriceRange;
}

export type ProductDetail = Wire["ProductDetail"];
export type Variant = Wire["Variant"];
export type ProductImage = Wire["Image"];
export type Review = Wire["Review"];
export type ReviewPage = Wire["PaginatedReviewList"];
/** A node of GET /api/categories/: its sub-categories are nodes too. */
export type Category = Wire["CategoryNode"];
export type Brand = Wire["Brand"];
export type Suggestion = Wire["Suggestion"];
export type SuggestResponse = Wire["SuggestResponse"];
export type HomeSections = Wire["Home"];
export type SitemapRow = Wire["SitemapRow"];
export type ShippingEstimate = Wire["Estimate"];

/** Every error answer: {"error": {"code", "message", "fields"}}. */
export type ApiErrorBody = Wire["Error"];

// ---- commerce: cart, accounts, checkout, orders, payments ------------------------------------------

export type CartVariant = Wire["CartVariant"];
export type CartLine = Wire["CartLine"];
export type Cart = Wire["Cart"];
export type User = Wire["User"];
export type TokenPair = Wire["TokenPair"];
export type OtpSignedIn = Wire["OtpSignedIn"];
export type Address = Wire["Address"];
export type AddressPage = Wire["PaginatedAddressList"];
/**
 * The fields of an address form: a saved address's (POST /api/addresses/) or checkout's inline one. The
 * state is sent as its code (state_code, from GET /api/states/); the API answers the name with it.
 */
export type AddressInput = Required<Omit<Wire["AddressRequest"], "is_default" | "state">>;
/** A state or union territory an address can be in: GST state code and official name (GET /api/states/). */
export type State = Wire["State"];
export type PaymentMethod = Wire["PaymentMethod"];
export type CheckoutOptions = Wire["CheckoutOptions"];
export type CheckoutRequest = Wire["CheckoutRequest"];
export type OrderStatus = Wire["OrderStatusEnum"];
export type Order = Wire["Order"];
export type OrderPage = Wire["PaginatedOrderList"];
export type Tracking = Wire["Tracking"];
/** GET /api/orders/{id}/returns/: what may be asked back, until when, and the order's returns. */
export type OrderReturns = Wire["OrderReturns"];
export type ReturnableUnit = Wire["ReturnableUnit"];
export type ReturnRequest = Wire["Return"];
export type ReturnReason = Wire["ReturnReasonEnum"];
export type ReturnStatus = Wire["ReturnStatusEnum"];
/** One step of a return's timeline (the schema leaves `timeline` untyped: a method field on the backend). */
export interface ReturnStep {
  status: ReturnStatus;
  label: string;
  state: "done" | "current" | "upcoming";
  at: string | null;
  note: string;
}
export type RazorpayCheckout = Wire["RazorpayCheckout"];
export type PaymentResult = Wire["PaymentResult"];
export type StripeIntent = Wire["StripeIntent"];
export type StripeQuote = Wire["StripeQuote"];

// ---- wishlist and alerts ---------------------------------------------------------------------------

export type Wishlist = Wire["Wishlist"];
export type WishlistItem = Wire["WishlistItem"];
export type Alert = Wire["Alert"];
export type AlertList = Wire["AlertList"];
export type AlertKind = Wire["AlertKindEnum"];
export type Unsubscribed = Wire["Unsubscribed"];

// ---- the pages the law asks for, and personal data ------------------------------------------------

/** GET /api/legal/{slug}/: a page's latest text with the store's facts filled in, drawn from `blocks`. */
export type LegalPage = Wire["LegalPage"];
export type LegalIndex = Wire["LegalIndex"];
export type LegalBlock = Wire["LegalBlock"];
export type LegalFacts = Wire["LegalFacts"];
/** GET /api/account/consents/: each consent with the exact words to show, and their history. */
export type Consents = Wire["Consents"];
export type ConsentChoice = Wire["ConsentChoice"];
/** GET /api/account/erasure/: whether the account can be deleted now, how to confirm, what goes and what stays. */
export type ErasureInfo = Wire["ErasureInfo"];
/** POST /api/support/complaints/: what a complaint takes, and its reference and due date once filed. */
export type ComplaintInput = Wire["ComplaintRequest"];
export type FiledComplaint = Wire["FiledComplaint"];
