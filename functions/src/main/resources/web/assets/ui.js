// Shared pieces of the pages: the html tag, the header, timers and small components.
import { h } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import htm from "htm";
import { currentUser, signIn, signOutLocally, siteConfig } from "./auth.js";
import { serverNow } from "./api.js";

export const html = htm.bind(h);

/** Re-renders every `ms` and answers the server's time now. */
export function useNow(ms = 1000) {
  const [now, setNow] = useState(serverNow());
  useEffect(() => {
    const t = setInterval(() => setNow(serverNow()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** Calls `fn` now and every `ms` while the page is shown; `fn` may be async. */
export function usePolling(fn, ms, deps = []) {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    let stopped = false;
    let timer = null;
    const tick = async () => {
      try { await saved.current(); } finally {
        if (!stopped) timer = setTimeout(tick, ms);
      }
    };
    tick();
    return () => { stopped = true; clearTimeout(timer); };
  }, deps);
}

export function Header({ room }) {
  const user = currentUser();
  const [canSignIn, setCanSignIn] = useState(false);
  useEffect(() => { siteConfig().then((c) => setCanSignIn(!!c.signIn)); }, []);
  return html`<header class="top">
    <a class="brand" href="/">calroom</a>
    ${room && html`<span class="crumb" aria-label="Room">/ <a href=${`/${room}`}>${room}</a></span>`}
    <span class="spacer"></span>
    ${user ? html`<span class="who" title=${user.email || user.sub}>${user.name || user.email || user.sub}</span>
        <button type="button" class="link" onClick=${() => { signOutLocally(); location.reload(); }}>Sign out</button>`
      : canSignIn && html`<button type="button" class="link" id="sign-in" onClick=${() => signIn()}>Sign in</button>`}
  </header>`;
}

export function Page({ room, title, children, wide }) {
  useEffect(() => { document.title = title ? `${title} · calroom` : "calroom"; }, [title]);
  return html`<${Header} room=${room} /><main class=${wide ? "page wide" : "page"} id="main">${children}</main>`;
}

/** A refusal or failure in the API's own words. */
export function Problem({ error, children }) {
  if (!error) return null;
  return html`<div class="problem" role="alert" data-code=${error.code || ""}>
    <strong>${error.title || "Something went wrong"}</strong>
    ${error.message && error.message !== error.title && html`<p>${error.message}</p>`}
    ${children}
  </div>`;
}

export function copyText(text) {
  if (navigator.clipboard?.writeText) return navigator.clipboard.writeText(text);
  const area = document.createElement("textarea");
  area.value = text;
  document.body.append(area);
  area.select();
  document.execCommand("copy");
  area.remove();
  return Promise.resolve();
}

/** A random Idempotency-Key for one intended action (kept across retries of that action). */
export function newIdempotencyKey() {
  return crypto.randomUUID();
}
