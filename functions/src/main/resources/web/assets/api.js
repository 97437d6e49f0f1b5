// The JSON API on this origin. Refusals arrive as RFC 9457 problem details and are thrown as ApiError, carrying
// the API's own title, detail, code and facts, and Retry-After when the API sent one.
import { accessToken, signOutLocally } from "./auth.js";

export class ApiError extends Error {
  constructor(status, problem, retryAfterSeconds) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.code = problem.code || null;
    this.title = problem.title || `HTTP ${status}`;
    this.retryAfter = retryAfterSeconds;
  }
}

let serverOffsetMs = 0;

/** Milliseconds to add to the browser's clock to get the server's (the API's lists carry its time). */
export function serverNow() {
  return Date.now() + serverOffsetMs;
}

export function learnServerTime(iso) {
  const t = Date.parse(iso);
  if (!Number.isNaN(t)) serverOffsetMs = t - Date.now();
}

export async function api(method, path, body, headers = {}) {
  const h = { Accept: "application/json, application/problem+json", ...headers };
  const token = accessToken();
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store" });
  } catch (err) {
    throw new ApiError(0, { title: "calroom cannot be reached", detail: "Check your connection; retrying." }, 5);
  }
  const retry = Number.parseInt(response.headers.get("Retry-After") || "", 10);
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch (err) { data = { title: text.slice(0, 200) }; }
  }
  if (!response.ok) {
    if (response.status === 401 && token) signOutLocally();
    throw new ApiError(response.status, data || {}, Number.isNaN(retry) ? null : retry);
  }
  if (data && typeof data.now === "string") learnServerTime(data.now);
  return data;
}

export const enc = encodeURIComponent;
