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
