import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

interface Props extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  errors?: string[];
  hint?: string;
}

interface FrameProps {
  id: string;
  label: string;
  name: string;
  errors?: string[];
  hint?: string;
  className: string;
  control: (wiring: { "aria-invalid"?: true; "aria-describedby"?: string; errorBorder: boolean }) => ReactNode;
}

/** The label, hint and API field errors around one control, wired to it (aria-describedby, aria-invalid). */
function FieldFrame({ id, label, name, errors, hint, className, control }: FrameProps) {
  const describedBy = [hint ? `${id}-hint` : "", errors?.length ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-semibold">
        {label}
      </label>
      {control({ "aria-invalid": errors?.length ? true : undefined, "aria-describedby": describedBy, errorBorder: !!errors?.length })}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-muted">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700" data-testid={`error-${name}`}>
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled input with its API field errors right under it. */
export function Field({ label, name, errors, hint, className = "", ...input }: Props) {
  const id = input.id ?? `f-${name}`;
  return (
    <FieldFrame
      {...{ id, label, name, errors, hint, className }}
      control={({ errorBorder, ...aria }) => (
        <input
          id={id}
          name={name}
          {...aria}
          className={`mt-1 h-11 w-full rounded-md border px-3 text-base ${errorBorder ? "border-red-600" : "border-gray-400"}`}
          {...input}
        />
      )}
    />
  );
}

interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  name: string;
  options: { value: string; label: string }[];
  /** The first, empty choice ("Choose …"): what an unset value shows. */
  placeholder: string;
  errors?: string[];
  hint?: string;
}

/** A labelled select, shown and wired like Field. */
export function SelectField({ label, name, options, placeholder, errors, hint, className = "", ...select }: SelectProps) {
  const id = select.id ?? `f-${name}`;
  return (
    <FieldFrame
      {...{ id, label, name, errors, hint, className }}
      control={({ errorBorder, ...aria }) => (
        <select
          id={id}
          name={name}
          {...aria}
          className={`mt-1 h-11 w-full rounded-md border bg-white px-3 text-base ${errorBorder ? "border-red-600" : "border-gray-400"}`}
          {...select}
        >
          <option value="">{placeholder}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

export function FormError({ message }: { message: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="form-error">
      {message}
    </p>
  );
}

/** Only our own paths: never an open redirect to another site. */
export function safeNext(next: string | null | undefined, fallback = "/account"): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : fallback;
}
