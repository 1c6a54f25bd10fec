// Server-action bodies are decoded by Next.js (React's reply format, or FormData parsed by
// busboy/undici) before any of our code runs; a malformed one makes that decoder throw, and Next
// answers 500. server.ts holds such a body (at most 64 KiB) and asks here first.
import type { IncomingHttpHeaders } from "node:http";

/**
 * True for a request whose body Next may decode as a server action: the fetch form (Next-Action
 * header), a form post to a page, and any multipart post (a POST to a path no route handler
 * serves renders the not-found page, and Next parses its form data as a possible action).
 */
export function mayBeActionPost(method: string | undefined, path: string, headers: IncomingHttpHeaders): boolean {
  if (method !== "POST") return false;
  if (headers["next-action"] !== undefined) return true;
  if ((headers["content-type"] ?? "").toLowerCase().startsWith("multipart/")) return true;
  return !path.startsWith("/api/") && !path.startsWith("/_next/");
}

/** Why this action body cannot be decoded (a 400 or 415 message), or null when it can. */
export async function actionBodyProblem(contentType: string | undefined, body: Buffer, fetchStyle: boolean): Promise<{ status: 400 | 415; message: string } | null> {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "multipart/form-data") {
    try {
      // undici's parser: the one Next uses for form posts, and no more lenient than busboy.
      await new Response(new Uint8Array(body), { headers: { "content-type": contentType ?? "" } }).formData();
      return null;
    } catch {
      return { status: 400, message: "The form data could not be parsed (multipart boundary or framing)." };
    }
  }
  if (!fetchStyle) return null; // urlencoded or anything else: Next parses it leniently or renders the page
  if (type === "text/plain") {
    try {
      return Array.isArray(JSON.parse(body.toString("utf8"))) ? null : { status: 400, message: "Server action arguments must be an encoded argument list." };
    } catch {
      return { status: 400, message: "Server action arguments are not valid JSON." };
    }
  }
  return { status: 415, message: "Server actions take text/plain or multipart/form-data." };
}
