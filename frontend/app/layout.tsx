import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { CompareTray } from "@/components/layout/CompareTray";
import { Footer } from "@/components/layout/Footer";
import { Header } from "@/components/layout/Header";
import { SITE_NAME, SITE_URL } from "@/lib/config";
import "./globals.css";

export const metadata: Metadata = {
  metadataBase: new URL(SITE_URL),
  title: { default: `${SITE_NAME}: buy mobile phones online at the best price in India`, template: `%s | ${SITE_NAME}` },
  description: "Shop the latest smartphones and feature phones from Samsung, Apple, OnePlus, Xiaomi and more. Prices include GST; delivery across India.",
  applicationName: SITE_NAME,
  formatDetection: { telephone: false },
};

export const viewport: Viewport = {
  themeColor: "#4338ca",
  width: "device-width",
  initialScale: 1,
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en-IN">
      <body className="flex min-h-screen flex-col antialiased">
        <Header />
        <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">
          {children}
        </main>
        <Footer />
        <CompareTray />
      </body>
    </html>
  );
}
