/**
 * Types mirroring the API's serializers (see the contract in README.md).
 * Money is always a decimal string in INR, GST included ("19999.00"); never parse it for arithmetic
 * beyond display and comparison.
 */

export type Money = string;

export interface BrandRef {
  slug: string;
  name: string;
}

export interface ImageRef {
  url: string;
  width: number;
  height: number;
}

/** ProductListSerializer: one shape for listing rows and search hits. */
export interface ProductListItem {
  id: number;
  slug: string;
  title: string;
  brand: BrandRef;
  category_path: string;
  /** Lowest active variant price matching the filters. */
  price: Money;
  mrp: Money;
  discount_percent: number;
  rating: number;
  review_count: number;
  available: boolean;
  thumbnail: ImageRef | null;
  ram_options: number[];
  storage_options: number[];
  is_5g: boolean;
}

export type FacetCounts = Record<string, number>;

export interface Facets {
  brand?: FacetCounts;
  ram?: FacetCounts;
  storage?: FacetCounts;
  color?: FacetCounts;
  is_5g?: FacetCounts;
}

export interface PriceRange {
  min: Money | null;
  max: Money | null;
}

export interface ProductListResponse {
  count: number;
  page: number;
  total_pages: number;
  page_size: number;
  facets: Facets;
  price: PriceRange | null;
  results: ProductListItem[];
  /** Present (true) when the search engine failed and the database answered (SHOP_LISTING_BACKEND=search). */
  degraded?: true;
}

export interface SearchResponse {
  query: string;
  results: ProductListItem[];
  total: number;
  page: number;
  total_pages: number;
  facets: Facets;
  price: PriceRange | null;
  backend: "database" | "meilisearch";
  /** A fallback answered: no typo tolerance or relevance when it is the database. */
  degraded: boolean;
  took_ms: number;
}

export interface Breadcrumb {
  name: string;
  slug: string;
}

export interface ProductSpecs {
  battery_mah: number | null;
  main_camera_mp: number | null;
  camera_summary: string;
  display: string;
  display_size_in: string | number | null;
  processor: string;
  os: string;
  is_5g: boolean;
  weight_g: number | null;
  launch_date: string | null;
}

export interface Variant {
  id: number;
  sku: string;
  ram_gb: number;
  storage_gb: number;
  color: string;
  color_hex: string;
  price: Money;
  mrp: Money;
  discount_percent: number;
  stock: number;
  in_stock: boolean;
}

export interface ProductImage {
  url: string;
  width: number;
  height: number;
  alt: string;
  /** The variant colour this picture shows; "" for all colours. */
  color: string;
}

export interface ProductDetail {
  id: number;
  slug: string;
  title: string;
  brand: BrandRef;
  category: { slug: string; name: string };
  category_path: string;
  /** Root first. */
  breadcrumbs: Breadcrumb[];
  description: string;
  specs: ProductSpecs;
  rating: number;
  review_count: number;
  /** The cheapest active variant's; null when the phone has no active variant. */
  price: Money | null;
  mrp: Money | null;
  discount_percent: number;
  available: boolean;
  is_5g: boolean;
  launch_date: string | null;
  updated_at: string;
  variants: Variant[];
  images: ProductImage[];
}

export interface Review {
  id: number;
  rating: number;
  title: string;
  body: string;
  author: string;
  created_at: string;
}

export interface ReviewPage {
  count: number;
  page: number;
  total_pages: number;
  results: Review[];
}

export interface Category {
  id: number;
  name: string;
  slug: string;
  path: string;
  category_path: string;
  /** Active phones in it and its sub-categories. */
  product_count: number;
  children: Category[];
}

export interface Brand {
  id: number;
  name: string;
  slug: string;
  product_count: number;
}

export interface Suggestion {
  type: "product" | "brand";
  title: string;
  slug: string;
}

export interface SuggestResponse {
  query: string;
  suggestions: Suggestion[];
}

export interface ShippingEstimate {
  pincode: string;
  min_days: number;
  max_days: number;
  eta_date: string;
  provider: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; fields?: Record<string, string[] | string> };
}

// ---- commerce: cart, accounts, checkout, orders, payments, shipping ------------------------------

export interface CartVariant {
  id: number;
  sku: string;
  ram_gb: number;
  storage_gb: number;
  color: string;
  color_hex: string;
  label: string;
  product_id: number;
  product_title: string;
  product_slug: string;
  brand: string;
  image: string | null;
  /** The picture's size in pixels (null without one). */
  image_width: number | null;
  image_height: number | null;
}

export interface CartLine {
  id: number;
  variant: CartVariant;
  quantity: number;
  unit_price: Money;
  unit_mrp: Money;
  line_total: Money;
  savings: Money;
  gst_rate: string;
  gst_amount: Money;
  available: boolean;
  in_stock: boolean;
  max_quantity: number;
}

export interface Cart {
  token: string | null;
  currency: string;
  items: CartLine[];
  item_count: number;
  subtotal: Money;
  mrp_total: Money;
  savings: Money;
  shipping_fee: Money;
  free_shipping_threshold: Money;
  gst_total: Money;
  total: Money;
  /**
   * The total in each currency Stripe can charge now, rounded by the server as that charge would be, with
   * the currency's own digits ({"USD": "475.98", "JPY": "71196"}); {} without Stripe or for an empty cart.
   */
  total_in_currencies: Record<string, string>;
  max_quantity_per_item: number;
  can_checkout: boolean;
}

export interface User {
  id: number;
  email: string;
  full_name: string;
  phone: string;
  date_joined: string;
  otp_enabled: boolean;
  otp_channel: "email" | "sms";
}

export interface AddressInput {
  full_name: string;
  phone: string;
  line1: string;
  line2: string;
  landmark: string;
  city: string;
  state: string;
  pincode: string;
}

export interface Address extends AddressInput {
  id: number;
  country: string;
  is_default: boolean;
  created_at: string;
  updated_at: string;
}

export interface Page<T> {
  count: number;
  page: number;
  total_pages: number;
  page_size?: number;
  results: T[];
}

export interface PaymentMethod {
  code: string;
  label: string;
  description?: string;
  key_id?: string;
  /** Stripe only: the publishable key, the currencies that can be charged now, units per 1 INR. */
  publishable_key?: string;
  currencies?: string[];
  exchange_rates?: Record<string, string>;
}

export interface CheckoutOptions {
  payment_methods: PaymentMethod[];
  currency: string;
  shipping_fee: Money;
  free_shipping_threshold: Money;
  reservation_minutes: number;
  max_quantity_per_item: number;
}

export type OrderStatus = "PENDING_PAYMENT" | "PAID" | "PACKED" | "SHIPPED" | "DELIVERED" | "CANCELLED" | "REFUNDED";

export interface OrderItem {
  id: number;
  variant: number | null;
  product_title: string;
  sku: string;
  variant_label: string;
  quantity: number;
  unit_price: Money;
  unit_mrp: Money;
  line_total: Money;
  gst_rate: string;
  tax_amount: Money;
}

export interface OrderTransition {
  from_status: string;
  to_status: OrderStatus;
  source: string;
  note: string;
  created_at: string;
}

export interface ShippingAddress {
  full_name: string;
  phone: string;
  line1: string;
  line2?: string;
  landmark?: string;
  city: string;
  state: string;
  pincode: string;
  country?: string;
}

/** The payment that took an order's money (in a Stripe currency this differs from the order's INR). */
export interface OrderCharge {
  gateway: string;
  status: string;
  currency: string;
  amount: string;
  /** Units of `currency` per 1 INR, markup included; null for INR. */
  exchange_rate: string | null;
  created_at: string;
}

export interface Order {
  id: number;
  number: string;
  status: OrderStatus;
  payment_method: string;
  currency: string;
  subtotal: Money;
  mrp_total: Money;
  savings: Money;
  shipping_fee: Money;
  tax_total: Money;
  total: Money;
  shipping_address: ShippingAddress;
  reserved_until: string | null;
  created_at: string;
  paid_at: string | null;
  cancelled_at: string | null;
  can_cancel: boolean;
  /** Null until paid. */
  charge: OrderCharge | null;
  items: OrderItem[];
  history: OrderTransition[];
}

export interface TrackingEvent {
  status: string;
  description: string;
  location: string;
  occurred_at: string;
}

export interface Tracking {
  order_id: number;
  status: string;
  /** `status_label` is the API's words for `status` ("AWB assigned", "Out for delivery"). */
  shipment: { awb: string; courier: string; status: string; status_label: string; eta_date: string | null } | null;
  events: TrackingEvent[];
}

/** What checkout.js needs, from POST /api/payments/razorpay/create/. */
export interface RazorpayCheckout {
  key_id: string;
  razorpay_order_id: string;
  amount: number;
  currency: string;
  name: string;
  description: string;
  prefill: { name: string; email: string; contact: string };
  notes: Record<string, string>;
  order_id: number;
}

export interface PaymentResult {
  id: number;
  order_id: number;
  order_status: OrderStatus;
  gateway: string;
  status: string;
  amount: Money;
  currency: string;
  gateway_order_id: string;
  gateway_payment_id: string;
}

export interface TokenPair {
  access: string;
  refresh: string;
}

/** POST /api/payments/stripe/create/: what Stripe.js needs and what the shopper is charged. */
export interface StripeIntent {
  order_id: number;
  payment_id: number;
  payment_intent_id: string;
  client_secret: string;
  publishable_key: string;
  amount: string;
  amount_minor: number;
  currency: string;
  exchange_rate: string | null;
  base_amount: string;
  base_currency: string;
  rate_updated_at: string | null;
  status: string;
}

/** GET /api/payments/stripe/quote/?order_id=: the order's total in each Stripe currency now. */
export interface StripeQuote {
  order_id: number;
  order_status: OrderStatus;
  payable: boolean;
  amount: Money;
  currency: string;
  publishable_key: string;
  options: { currency: string; amount: string; amount_minor: number; exchange_rate: string; rate_updated_at: string | null }[];
  unavailable: { currency: string; code: string; message: string }[];
}
