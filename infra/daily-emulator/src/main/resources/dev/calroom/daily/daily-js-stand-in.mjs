// A stand-in for @daily-co/daily-js, served by the Daily emulator so the call page runs locally without Daily.
// It has the surface the page uses (createFrame, join, on, off, leave, destroy) and really joins and leaves the
// emulated room: the emulator checks the meeting token as Daily would, records presence and sends the participant
// webhooks. Instead of video it shows a small panel, from which any of Daily's fatal error types can be emitted.

const EMULATOR = new URL("/_emulator/", import.meta.url);
const POLL_MS = 1000;

export const FATAL_ERROR_TYPES = ["connection-error", "exp-token", "exp-room", "ejected", "meeting-full",
  "not-allowed", "nbf-room", "nbf-token", "no-room", "end-of-life"];
const MESSAGES = {
  "connection-error": "Connection to the meeting failed",
  "exp-token": "Meeting token has expired",
  "exp-room": "Meeting has ended",
  "ejected": "You have been ejected from the meeting",
  "meeting-full": "Meeting is full",
  "not-allowed": "You are not allowed to join this meeting",
  "nbf-room": "Meeting is not available yet",
  "nbf-token": "Meeting token is not valid yet",
  "no-room": "The meeting you're trying to join does not exist.",
  "end-of-life": "This version of the Daily client is no longer supported",
};

let current = null;

function el(tag, text, style) {
  const e = document.createElement(tag);
  if (text != null) e.textContent = text;
  Object.assign(e.style, style || {});
  return e;
}

class StandInCall {
  constructor(parent, properties) {
    this._parent = parent || document.body;
    this._props = properties || {};
    this._handlers = new Map();
    this._state = "new";
    this._session = null;
    this._timer = null;
    this._panel = el("div", null, {
      boxSizing: "border-box", width: "100%", height: "100%", minHeight: "16rem", padding: "1.5rem",
      background: "#1f2430", color: "#f4f5f7", font: "16px system-ui, sans-serif", display: "flex",
      flexDirection: "column", gap: "0.75rem", justifyContent: "center", alignItems: "center",
    });
    this._panel.className = "daily-stand-in";
    this._panel.setAttribute("data-daily-stand-in", "");
    this._status = el("p", "Daily emulator: not in a call", { margin: "0", fontSize: "1.1rem" });
    this._status.setAttribute("data-testid", "stand-in-status");
    this._panel.append(this._status);
    const controls = el("div", null, { display: "flex", gap: "0.5rem", flexWrap: "wrap", justifyContent: "center" });
    const label = el("label", "Emulate a Daily error ");
    const select = el("select");
    select.setAttribute("data-testid", "stand-in-error-type");
    for (const t of FATAL_ERROR_TYPES) select.append(new Option(t, t));
    label.append(select);
    const emit = el("button", "Emit");
    emit.type = "button";
    emit.setAttribute("data-testid", "stand-in-emit");
    emit.addEventListener("click", () => this.emitFatalError(select.value));
    const leave = el("button", "Leave");
    leave.type = "button";
    leave.setAttribute("data-testid", "stand-in-leave");
    leave.addEventListener("click", () => this.leave());
    controls.append(label, emit, leave);
    this._panel.append(controls);
    this._parent.append(this._panel);
  }

  on(event, handler) {
    if (!this._handlers.has(event)) this._handlers.set(event, new Set());
    this._handlers.get(event).add(handler);
    return this;
  }

  off(event, handler) {
    this._handlers.get(event)?.delete(handler);
    return this;
  }

  _emit(event, payload) {
    const e = { action: event, callClientId: "stand-in", ...(payload || {}) };
    for (const h of this._handlers.get(event) || []) {
      try { h(e); } catch (err) { console.error(err); }
    }
  }

  meetingState() {
    return { new: "new", joining: "joining-meeting", joined: "joined-meeting", left: "left-meeting",
      error: "error" }[this._state];
  }

  participants() {
    return this._session ? { local: { session_id: this._session.sessionId, user_name: this._session.userName,
      owner: this._session.owner, local: true } } : {};
  }

  async join(options) {
    const opts = { ...this._props, ...(options || {}) };
    if (this._state === "joined" || this._state === "joining") throw new Error("already joined");
    this._state = "joining";
    this._emit("joining-meeting");
    let response;
    try {
      response = await fetch(new URL("calls", EMULATOR), {
        method: "POST", headers: { "Content-Type": "text/plain" },
        body: JSON.stringify({ url: opts.url, token: opts.token, userName: opts.userName }),
      });
    } catch (err) {
      this._fatal("connection-error");
      throw new Error(MESSAGES["connection-error"]);
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const type = body?.error?.type || "not-allowed";
      this._fatal(type);
      throw new Error(MESSAGES[type] || type);
    }
    this._session = body;
    this._state = "joined";
    this._status.textContent = `Daily emulator: in the call as ${body.userName} (room ${body.room})`;
    this._timer = setInterval(() => this._poll(), POLL_MS);
    const participants = this.participants();
    this._emit("joined-meeting", { participants });
    return participants;
  }

  async _poll() {
    if (!this._session || this._state !== "joined") return;
    let body;
    try {
      const r = await fetch(new URL(`calls/${this._session.sessionId}`, EMULATOR));
      body = await r.json();
    } catch (err) {
      return; // A missed poll is not a lost connection; the next one decides.
    }
    if (this._state !== "joined") return;
    if (body.state === "error") {
      this._fatal(body.error.type, body.error.msg);
    } else if (body.state === "joined") {
      this._status.textContent = `Daily emulator: in the call as ${this._session.userName} `
        + `(room ${this._session.room}, ${body.participants} here)`;
    }
  }

  /** Ends the call with one of Daily's fatal errors, as daily-js reports it: "error", then "left-meeting". */
  async emitFatalError(type) {
    if (this._session && this._state === "joined") {
      await fetch(new URL(`calls/${this._session.sessionId}/leave`, EMULATOR), { method: "POST" }).catch(() => {});
    }
    this._fatal(type);
  }

  _fatal(type, message) {
    clearInterval(this._timer);
    const wasIn = this._state === "joined";
    this._state = "error";
    this._status.textContent = `Daily emulator: ${type}`;
    const msg = message || MESSAGES[type] || type;
    this._emit("error", { errorMsg: msg, error: { type, msg, localizedMsg: msg, details: {} } });
    if (wasIn) this._emit("left-meeting");
  }

  async leave() {
    clearInterval(this._timer);
    if (this._session && this._state === "joined") {
      await fetch(new URL(`calls/${this._session.sessionId}/leave`, EMULATOR), { method: "POST" }).catch(() => {});
      this._state = "left";
      this._status.textContent = "Daily emulator: left the call";
      this._emit("left-meeting");
    }
  }

  async destroy() {
    await this.leave();
    this._panel.remove();
    this._handlers.clear();
    if (current === this) current = null;
  }

  isDestroyed() {
    return current !== this;
  }
}

export default class DailyIframe {
  static createFrame(parentEl, properties) {
    if (current) throw new Error("Duplicate DailyIframe instances are not allowed");
    current = new StandInCall(parentEl, properties);
    return current;
  }

  static getCallInstance() {
    return current;
  }

  static version() {
    return "stand-in";
  }
}
