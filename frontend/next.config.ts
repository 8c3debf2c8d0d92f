import type { NextConfig } from "next";
import { PHASE_PRODUCTION_SERVER } from "next/constants";

/**
 * Product images are served by the API (or the CDN/object store in front of its media). next/image
 * may only optimise pictures from those origins: the hosts named by API_URL / NEXT_PUBLIC_API_URL, plus
 * any extra hosts in IMAGE_HOSTS (comma-separated origins, e.g. "https://cdn.example.com").
 */
// The API's own address(es); the local default only when none is configured (as lib/config.ts does), so a
// production build never allows loopback in its CSP or image hosts.
const configuredApi = [process.env.API_URL, process.env.NEXT_PUBLIC_API_URL].map((s) => s?.trim()).filter((s): s is string => Boolean(s));
const apiUrls = configuredApi.length ? configuredApi : ["http://127.0.0.1:8000"];
const origins = [...apiUrls, ...(process.env.IMAGE_HOSTS ?? "").split(",")].map((s) => s.trim()).filter(Boolean);

const remotePatterns = [
  ...new Map(
    origins.map((o) => {
      const u = new URL(o);
      const protocol = u.protocol.replace(":", "") as "http" | "https";
      // No port in the pattern: the same host may serve media on another port (dev: 8000 vs 8100).
      return [`${protocol}://${u.hostname}`, { protocol, hostname: u.hostname, pathname: "/media/**" }];
    }),
  ).values(),
];

// The demo API runs on loopback. Next 16 refuses to optimise images from private addresses unless told
// to; allow it only when a configured image host is itself local, and only for /media/** on that host.
const isLocal = (h: string) =>
  h === "localhost" || h === "::1" || /^127\./.test(h) || /^10\./.test(h) || /^192\.168\./.test(h) || /^172\.(1[6-9]|2\d|3[01])\./.test(h);

/**
 * Security headers for every response. The CSP has no nonces (nonces would make every page dynamic and
 * end ISR), so inline scripts stay allowed for Next's own bootstrap; scripts, frames and connections
 * from elsewhere are limited to exactly what the store uses:
 * - the API origin (search suggestions, delivery estimates and reviews are fetched from the browser);
 * - Razorpay standard checkout: checkout.js from checkout.razorpay.com, its modal framed from
 *   api.razorpay.com, which it also calls (and lumberjack.razorpay.com for its own logs), logos from
 *   cdn.razorpay.com;
 * - Stripe.js: js.stripe.com (and its *.js.stripe.com frames), 3-D Secure through hooks.stripe.com,
 *   calls to api.stripe.com.
 */
const apiOrigins = apiUrls.map((o) => new URL(o).origin);
const https = (process.env.NEXT_PUBLIC_SITE_URL ?? "").startsWith("https://");
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""} https://checkout.razorpay.com https://js.stripe.com https://*.js.stripe.com`,
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' data: blob: ${[...new Set(apiOrigins)].join(" ")} https://cdn.razorpay.com https://*.stripe.com`,
  "font-src 'self'",
  `connect-src 'self' ${[...new Set(apiOrigins)].join(" ")} https://api.razorpay.com https://lumberjack.razorpay.com https://api.stripe.com`,
  "frame-src https://api.razorpay.com https://checkout.razorpay.com https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  ...(https ? ["upgrade-insecure-requests"] : []),
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: csp },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  {
    key: "Permissions-Policy",
    value: 'camera=(), microphone=(), geolocation=(), usb=(), interest-cohort=(), payment=(self "https://api.razorpay.com" "https://checkout.razorpay.com" "https://js.stripe.com")',
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin-allow-popups" },
  ...(https ? [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }] : []),
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
  reactStrictMode: true,
  experimental: {
    // proxy.ts sees every request, and Next buffers what it sees up to this size (10 MB by default): a
    // return's photos (3 × 5 MB, multipart through /api/store) must reach the route handler whole. The
    // API's own limit for that route is 16 MB (API_LARGE_BODY_ROUTES); the BFF refuses more itself.
    proxyClientMaxBodySize: "16mb",
  },
  // Metadata (title, canonical, JSON-LD in <head>) is always rendered before the body streams, for every
  // user agent: one behaviour, and notFound() from generateMetadata still answers 404.
  htmlLimitedBots: /.*/,
  images: {
    remotePatterns,
    dangerouslyAllowLocalIP: remotePatterns.some((p) => isLocal(p.hostname)),
    formats: ["image/webp"],
    imageSizes: [64, 96, 128, 160, 256, 384],
    deviceSizes: [360, 480, 640, 750, 828, 1080, 1200],
  },
};

/**
 * With NEXT_CACHE_REDIS_URL, `next start` keeps its ISR/data cache in Redis (cache-handler.mjs), shared by
 * every replica, and nothing in its own memory: no replica can serve a copy another one's revalidation has
 * dropped. The build and `next dev` keep Next's own cache, as does everything without the variable.
 */
export default function config(phase: string): NextConfig {
  if (phase !== PHASE_PRODUCTION_SERVER || !process.env.NEXT_CACHE_REDIS_URL) return nextConfig;
  return { ...nextConfig, cacheHandler: require.resolve("./cache-handler.mjs"), cacheMaxMemorySize: 0 };
}
