import type { NextConfig } from "next";

/**
 * Product images are served by the API (or the CDN/object store in front of its media). next/image
 * may only optimise pictures from those origins: the hosts named by API_URL / NEXT_PUBLIC_API_URL, plus
 * any extra hosts in IMAGE_HOSTS (comma-separated origins, e.g. "https://cdn.example.com").
 */
const origins = [
  process.env.API_URL,
  process.env.NEXT_PUBLIC_API_URL,
  ...(process.env.IMAGE_HOSTS ?? "").split(","),
  "http://127.0.0.1:8000",
]
  .map((s) => s?.trim())
  .filter((s): s is string => Boolean(s));

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

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
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

export default nextConfig;
