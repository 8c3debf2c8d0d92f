"use client";

/**
 * Today's charts, fetched when a console page draws them: Recharts stays out of every page's first scripts (the
 * storefront's, and the 404 page a guest gets at /staff), and the drawings come after the figures, which the page
 * renders on the server as text and tables. No server rendering: a chart measures its box in the browser.
 */
import dynamic from "next/dynamic";

const load = () => import("./TodayCharts");

export const SalesPerDayChart = dynamic(() => load().then((m) => m.SalesPerDayChart), { ssr: false });
export const BrandChart = dynamic(() => load().then((m) => m.BrandChart), { ssr: false });
export const PaymentMixChart = dynamic(() => load().then((m) => m.PaymentMixChart), { ssr: false });
export const RatesChart = dynamic(() => load().then((m) => m.RatesChart), { ssr: false });
