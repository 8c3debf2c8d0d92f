"use client";

import "./globals.css";

export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en-IN">
      <body>
        <main className="mx-auto max-w-xl px-4 py-16 text-center" role="alert">
          <h1 className="text-3xl font-bold">PhoneStore is having trouble</h1>
          <p className="mt-3 text-gray-600">Please try again in a moment.</p>
          <button type="button" onClick={() => reset()} className="btn btn-primary mt-8">
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
