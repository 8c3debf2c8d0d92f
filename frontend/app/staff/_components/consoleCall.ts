/**
 * A console change from the browser: JSON through the BFF door (/api/console/...), which adds the session and
 * forwards it to the staff API. The answer's error, if any, is the API's own ({code, message, fields}).
 */
import type { ApiErrorBody } from "@/lib/types";

export type ConsoleError = NonNullable<ApiErrorBody["error"]>;

export async function consoleCall<T>(path: string, method: "POST" | "PATCH" | "PUT", body: unknown): Promise<{ ok: true; body: T } | { ok: false; error: ConsoleError }> {
  let res: Response;
  try {
    res = await fetch(`/api/console/${path}`, { method, headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body) });
  } catch {
    return { ok: false, error: { code: "unreachable", message: "The shop could not be reached. Try again.", fields: {} } };
  }
  const json: unknown = await res.json().catch(() => null);
  if (res.ok) return { ok: true, body: json as T };
  const error = (json as ApiErrorBody | null)?.error;
  return { ok: false, error: error ?? { code: String(res.status), message: `The shop answered ${res.status}.`, fields: {} } };
}
