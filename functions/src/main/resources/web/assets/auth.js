// Sign-in with the OIDC issuer: authorization code with PKCE (S256), a public client, tokens kept in this tab's
// sessionStorage only. The redirect URI is this origin's "/", which completes the sign-in and returns to the page
// that asked for it.
const SESSION = "calroom.session";
const PENDING = "calroom.signin";
let configPromise = null;

export function siteConfig() {
  if (!configPromise) {
    configPromise = fetch("/config.json", { cache: "no-cache" }).then((r) => r.json()).catch(() => ({ signIn: null }));
  }
  return configPromise;
}

function base64url(bytes) {
  let s = "";
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomString(n) {
  return base64url(crypto.getRandomValues(new Uint8Array(n)));
}

function redirectUri() {
  return `${location.origin}/`;
}

export async function signIn(returnTo = location.pathname + location.search) {
  const cfg = (await siteConfig()).signIn;
  if (!cfg) throw new Error("Sign-in is not configured for this site.");
  const verifier = randomString(32);
  const state = randomString(16);
  const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  const q = new URLSearchParams({ response_type: "code", client_id: cfg.clientId, redirect_uri: redirectUri(),
    scope: cfg.scope, state, code_challenge: challenge, code_challenge_method: "S256" });
  if (cfg.audience) q.set("audience", cfg.audience);
  location.assign(`${cfg.authorizationUrl}${cfg.authorizationUrl.includes("?") ? "&" : "?"}${q}`);
}

/** On the redirect back: redeems the code; answers the path to return to, or null when this is no sign-in. */
export async function completeSignIn() {
  const q = new URLSearchParams(location.search);
  if (!q.has("state") || !(q.has("code") || q.has("error"))) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || "null");
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, "", location.pathname);
  if (!pending || pending.state !== q.get("state")) throw new Error("The sign-in answer does not match a sign-in "
    + "this tab started; please sign in again.");
  if (q.has("error")) throw new Error(`Sign-in failed: ${q.get("error_description") || q.get("error")}`);
  const cfg = (await siteConfig()).signIn;
  const response = await fetch(cfg.tokenUrl, {
    method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code: q.get("code"), redirect_uri: redirectUri(),
      client_id: cfg.clientId, code_verifier: pending.verifier }),
  });
  const tokens = await response.json().catch(() => ({}));
  if (!response.ok || !tokens.access_token) {
    throw new Error(`Sign-in failed: ${tokens.error_description || tokens.error || response.status}`);
  }
  const expiresAt = Date.now() + 1000 * (Number(tokens.expires_in) || 3600);
  sessionStorage.setItem(SESSION, JSON.stringify({ accessToken: tokens.access_token,
    idToken: tokens.id_token || null, expiresAt }));
  return pending.returnTo || "/";
}

function session() {
  const s = JSON.parse(sessionStorage.getItem(SESSION) || "null");
  if (!s || s.expiresAt < Date.now() + 30000) return null;
  return s;
}

export function accessToken() {
  return session()?.accessToken || null;
}

/** The signed-in user's claims ({sub, email, name}), or null. */
export function currentUser() {
  const s = session();
  if (!s) return null;
  try {
    const part = (s.idToken || s.accessToken).split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(decodeURIComponent(escape(atob(part))));
    return { sub: claims.sub, email: claims.email || null, name: claims.name || null };
  } catch (err) {
    return { sub: null, email: null, name: null };
  }
}

export function signOutLocally() {
  sessionStorage.removeItem(SESSION);
}
