/** The console's calls from the browser, through its BFF door (app/api/console/[...path]/route.ts). */

export interface ApiError {
  code: string;
  message: string;
  fields: Record<string, string[]>;
}

export interface Answer<T> {
  status: number;
  body: T | null;
  error: ApiError | null;
  /** The whole answer as sent (a 409 stale_version adds `current` beside `error`). */
  raw: unknown;
}

const UNREACHABLE: ApiError = { code: "unreachable", message: "The store did not answer. Try again.", fields: {} };

export async function consoleCall<T>(path: string, init: { method: string; json?: unknown; form?: FormData }): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  let body: BodyInit | undefined;
  if (init.form) body = init.form;
  else if (init.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(init.json);
  }
  let res: Response;
  try {
    res = await fetch(`/api/console/${path}`, { method: init.method, headers, body });
  } catch {
    return { status: 0, body: null, error: UNREACHABLE, raw: null };
  }
  const raw: unknown = await res.json().catch(() => null);
  if (res.ok) return { status: res.status, body: raw as T, error: null, raw };
  const error = (raw as { error?: ApiError } | null)?.error ?? { ...UNREACHABLE, message: `The store answered ${res.status}.` };
  return { status: res.status, body: null, error: { ...error, fields: error.fields ?? {} }, raw };
}
