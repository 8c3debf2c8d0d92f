import type { MetadataRoute } from "next";
import { absoluteUrl } from "@/lib/config";

export default function robots(): MetadataRoute.Robots {
  return {
    rules: [{ userAgent: "*", allow: "/", disallow: ["/cart", "/checkout", "/account", "/order/", "/login", "/register", "/forgot-password", "/reset-password", "/alerts/", "/api/"] }],
    sitemap: absoluteUrl("/sitemap.xml"),
  };
}
