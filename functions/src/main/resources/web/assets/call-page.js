// The call page: joins through the API, waits when the meeting has not started (a live countdown, joining by
// itself), then embeds Daily Prebuilt filling the page. Each of Daily's fatal errors and each refusal of the API
// gets a screen of its own in plain words.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, enc, learnServerTime } from "./api.js";
import { currentUser, signIn } from "./auth.js";
import { html, Page, Problem, useNow } from "./ui.js";
import { clock, countdown, dateTime } from "./time.js";

const WATCH_MS = 10000;

/** Daily's fatal error types, each with what people read and whether a fresh token can help. */
export const FATAL_ERRORS = {
  "connection-error": { title: "The connection to the call was lost",
    text: "Your network or the video service dropped the call.", rejoin: true },
  "exp-token": { title: "Your access to the call expired",
    text: "Rejoin to get a fresh one; you keep your place in the meeting.", rejoin: true },
  "exp-room": { title: "The meeting has ended", text: "Its time is over, or it was ended for everyone." },
  "ejected": { title: "You are no longer in the call",
    text: "The meeting was ended for everyone, or someone removed you." },
  "meeting-full": { title: "The call is full", text: "No more people can join it right now." },
  "not-allowed": { title: "You are not allowed in this call",
    text: "The call did not accept your access; ask the room's owner." },
  "nbf-room": { title: "The call is not open yet", text: "Come back when the meeting starts." },
  "nbf-token": { title: "The call is not open yet", text: "Come back when the meeting starts." },
  "no-room": { title: "The call no longer exists", text: "The meeting's video room was closed." },
  "end-of-life": { title: "This page's video client is out of date",
    text: "The video service no longer accepts it; reload calroom later." },
};

export function CallPage({ room, meetingId }) {
  const [state, setRendered] = useState({ kind: "joining" });
  const [meeting, setMeeting] = useState(null);
  const frameParent = useRef(null);
  const call = useRef(null);
  // What the page shows, known at once: daily-js fires "left-meeting" right after a fatal "error", before a render.
  const stateRef = useRef(state);
  const setState = (s) => {
    stateRef.current = s;
    setRendered(s);
  };

  const destroyFrame = async () => {
    const c = call.current;
    call.current = null;
    if (c) await c.destroy().catch(() => {});
  };

  const join = async () => {
    await destroyFrame();
    setState({ kind: "joining" });
    let j;
    try {
      j = await api("POST", `/v1/rooms/${enc(room)}/meetings/${enc(meetingId)}/join`, {});
    } catch (err) {
      refused(err);
      return;
    }
    setMeeting(j.meeting);
    let Daily;
    try {
      Daily = (await import("./daily-esm.js")).default;
    } catch (err) {
      setState({ kind: "fatal", type: "connection-error", message: "The video client could not be loaded." });
      return;
    }
    setState({ kind: "in-call", owner: "attendees" in j.meeting });
    const c = Daily.createFrame(frameParent.current, {
      iframeStyle: { width: "100%", height: "100%", border: "0" }, showLeaveButton: true,
    });
    call.current = c;
    c.on("error", (e) => {
      const type = e?.error?.type || "unknown";
      setState({ kind: "fatal", type, message: e?.errorMsg || e?.error?.msg || "" });
      destroyFrame();
    });
    c.on("left-meeting", () => {
      // After a fatal error the error screen stays; otherwise this person chose to leave.
      if (stateRef.current.kind === "in-call") {
        setState({ kind: "left" });
        destroyFrame();
      }
    });
    c.join({ url: j.roomUrl, token: j.token }).catch(() => {
      // The "error" event has said why.
    });
  };

  const refused = (err) => {
    if (err.code === "meeting-not-started") {
      const facts = err.problem;
      if (facts.now) learnServerTime(facts.now);
      const waitMs = (err.retryAfter ?? Math.max(1, (Date.parse(facts.joinableAt) - Date.now()) / 1000)) * 1000;
      setState({ kind: "waiting", until: Date.now() + waitMs, startsAt: facts.startsAt });
    } else if (err.status === 503 || err.status === 0) {
      const seconds = err.retryAfter ?? 5;
      setState({ kind: "unavailable", error: err, until: Date.now() + seconds * 1000 });
    } else {
      setState({ kind: "refused", error: err });
    }
  };

  useEffect(() => {
    api("GET", `/v1/rooms/${enc(room)}/meetings/${enc(meetingId)}`).then(setMeeting).catch(() => {});
    join();
    return () => { destroyFrame(); };
  }, [room, meetingId]);

  const title = meeting?.title || "Meeting";
  const inCall = state.kind === "in-call";
  return html`<div class=${inCall ? "call-layout in-call" : "call-layout"}>
    ${inCall ? html`<${CallBar} room=${room} meetingId=${meetingId} title=${title} owner=${state.owner} />`
      : null}
    <div class="call-frame" ref=${frameParent} hidden=${!inCall}></div>
    ${!inCall && html`<${Page} room=${room} title=${title}>
      <${Screen} state=${state} room=${room} meetingId=${meetingId} meeting=${meeting} title=${title}
        onRejoin=${join} onMeeting=${setMeeting} />
    <//>`}
  </div>`;
}

function CallBar({ room, meetingId, title, owner }) {
  const [error, setError] = useState(null);
  const end = async () => {
    if (!confirm("End this meeting for everyone now?")) return;
    try {
      await api("POST", `/v1/rooms/${enc(room)}/meetings/${enc(meetingId)}/end`);
    } catch (err) {
      setError(err);
    }
  };
  return html`<header class="call-bar">
    <a href=${`/${room}`} class="brand">calroom</a><span class="call-title">${title}</span>
    <span class="spacer"></span>
    ${owner && html`<button type="button" class="danger small" id="end-now" onClick=${end}>End for everyone</button>`}
    ${error && html`<span class="bar-error" role="alert">${error.message}</span>`}
  </header>`;
}

function Screen({ state, room, meetingId, meeting, title, onRejoin, onMeeting }) {
  const back = html`<a class="button secondary" href=${`/${room}`} id="back-to-room">Back to room</a>`;
  switch (state.kind) {
    case "joining":
      return html`<h1>${title}</h1><p class="muted" role="status">Joining…</p>`;
    case "waiting":
      return html`<${Waiting} state=${state} room=${room} meetingId=${meetingId} meeting=${meeting}
        onReady=${onRejoin} onMeeting=${onMeeting} />`;
    case "unavailable":
      return html`<${Unavailable} state=${state} title=${title} onRetry=${onRejoin} back=${back} />`;
    case "fatal": {
      const known = FATAL_ERRORS[state.type];
      return html`<section class="screen" data-screen=${`fatal-${state.type}`} role="alert">
        <h1>${known ? known.title : "The call stopped"}</h1>
        <p>${known ? known.text : `The video service ended the call (${state.type}).`}</p>
        <div class="actions">
          ${known?.rejoin && html`<button type="button" id="rejoin" onClick=${onRejoin}>Rejoin</button>`}
          ${back}
        </div></section>`;
    }
    case "left":
      return html`<section class="screen" data-screen="left"><h1>You left the call</h1>
        <div class="actions"><button type="button" id="rejoin" onClick=${onRejoin}>Rejoin</button>${back}</div>
      </section>`;
    case "refused": {
      const err = state.error;
      const signedOut = !currentUser();
      const offerSignIn = signedOut && (err.status === 401 || err.status === 403);
      return html`<section class="screen" data-screen=${`refused-${err.status}`}>
        <h1>${title}</h1>
        <${Problem} error=${err} />
        <div class="actions">
          ${offerSignIn && html`<button type="button" id="sign-in-to-join" onClick=${() => signIn()}>Sign in</button>`}
          ${back}
        </div></section>`;
    }
    default:
      return null;
  }
}

/** Before joinableAt: a live countdown that joins by itself, watching for a cancelled or moved meeting. */
function Waiting({ state, room, meetingId, meeting, onReady, onMeeting }) {
  const [changed, setChanged] = useState(null);
  const tick = useNow(250);
  const left = state.until - Date.now();
  useEffect(() => {
    if (left <= 0 && !changed) onReady();
  }, [left <= 0]);
  useEffect(() => {
    const t = setInterval(async () => {
      try {
        const m = await api("GET", `/v1/rooms/${enc(room)}/meetings/${enc(meetingId)}`);
        // A calendar meeting that moves is a new meeting at the new time (meetings are keyed by their slot): the
        // one waited for is cancelled, and the room page shows where it went.
        if (m.status === "cancelled") {
          setChanged(m.source === "calendar" ? "This meeting was cancelled or moved in the room's calendar."
            : "This meeting was cancelled.");
        } else if (m.status === "ended") {
          setChanged("This meeting was ended.");
        }
        onMeeting(m);
      } catch (err) {
        if (err.status === 404) setChanged("This meeting was removed from the room's calendar.");
      }
    }, WATCH_MS);
    return () => clearInterval(t);
  }, [room, meetingId]);
  useEffect(() => {
    if (!changed) return undefined;
    const t = setTimeout(() => location.assign(`/${room}`), 5000);
    return () => clearTimeout(t);
  }, [changed]);
  void tick;
  const title = meeting?.title || "Meeting";
  if (changed) {
    return html`<section class="screen" data-screen="waiting-changed" role="alert"><h1>${title}</h1>
      <p>${changed} Back to the room in a moment.</p>
      <div class="actions"><a class="button" href=${`/${room}`}>Back to room</a></div></section>`;
  }
  return html`<section class="screen waiting" data-screen="waiting">
    <h1>${title}</h1>
    <p>The meeting starts at <strong>${clock(state.startsAt)}</strong> (${dateTime(state.startsAt)}).</p>
    <p class="big-countdown" role="timer" aria-live="off" id="countdown">${countdown(left)}</p>
    <p class="muted" role="status">You join by yourself when it opens. Keep this page open.</p>
    <div class="actions"><a class="button secondary" href=${`/${room}`}>Back to room</a></div>
  </section>`;
}

function Unavailable({ state, title, onRetry, back }) {
  useNow(250);
  const left = state.until - Date.now();
  useEffect(() => {
    if (left <= 0) onRetry();
  }, [left <= 0]);
  return html`<section class="screen" data-screen="unavailable"><h1>${title}</h1>
    <${Problem} error=${state.error}>
      <p role="status" id="retry-in">Trying again in ${Math.max(0, Math.ceil(left / 1000))} s.</p>
    <//>
    <div class="actions"><button type="button" class="secondary" onClick=${onRetry}>Try now</button>${back}</div>
  </section>`;
}
