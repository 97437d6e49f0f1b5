// The room page: ongoing meetings first and large, then the next 30 minutes, with Join; "Start a meeting now"
// for whoever the room allows; the owner also sees description, location, attendees and End/Cancel.
import { useState } from "preact/hooks";
import { api, enc } from "./api.js";
import { html, Page, Problem, useNow, usePolling, newIdempotencyKey } from "./ui.js";
import { ago, span, until, zoneName } from "./time.js";

const UPCOMING_MS = 30 * 60 * 1000;
const REFRESH_MS = 10000;

export function RoomPage({ room }) {
  const [info, setInfo] = useState(null);
  const [meetings, setMeetings] = useState(null);
  const [error, setError] = useState(null);
  const now = useNow(1000);

  const refresh = async () => {
    try {
      const [r, list] = await Promise.all([api("GET", `/v1/rooms/${enc(room)}`),
        api("GET", `/v1/rooms/${enc(room)}/meetings`)]);
      setInfo(r);
      setMeetings(list.meetings);
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  usePolling(refresh, REFRESH_MS, [room]);

  if (error && !info) {
    return html`<${Page} room=${room} title=${room}><h1>${room}</h1><${Problem} error=${error} /><//>`;
  }
  const owner = info && "ics" in info;
  const byId = new Map((meetings || []).map((m) => [m.id, m]));
  const all = [...byId.values()].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const ongoing = all.filter((m) => m.status === "active"
    || (m.status === "scheduled" && Date.parse(m.startsAt) <= now));
  const upcoming = all.filter((m) => m.status === "scheduled" && Date.parse(m.startsAt) > now
    && Date.parse(m.startsAt) - now <= UPCOMING_MS);
  const mayStart = info && (!info.isLocked || owner);

  return html`<${Page} room=${room} title=${room}>
    <div class="room-head">
      <h1>${room}</h1>
      ${owner && html`<a class="button secondary" href=${`/${room}/settings`}>Room settings</a>`}
    </div>
    <p class="muted zone">Times in ${zoneName()}.${info?.isLocked ? " This room is locked: invited people join." : ""}</p>
    ${error && html`<${Problem} error=${error} />`}
    ${meetings !== null && html`<${Lists} ongoing=${ongoing} upcoming=${upcoming} room=${room} owner=${owner}
      now=${now} refresh=${refresh} />`}
    ${mayStart && html`<${StartNow} room=${room} />`}
  <//>`;
}

/**
 * Ongoing and upcoming meetings. Drawn once the first answer is in, below everything already shown, so nothing on
 * the page moves when data arrives.
 */
function Lists({ ongoing, upcoming, room, owner, now, refresh }) {
  return html`<section aria-labelledby="now-heading" class="meetings">
      <h2 id="now-heading">Now</h2>
      ${ongoing.length === 0 ? html`<p class="empty" id="no-ongoing">No meeting is on right now.</p>`
        : html`<ul class="cards">${ongoing.map((m) => html`<li key=${m.id}>
            <${MeetingCard} m=${m} room=${room} owner=${owner} now=${now} ongoing onChange=${refresh} /></li>`)}</ul>`}
    </section>
    <section aria-labelledby="next-heading" class="meetings">
      <h2 id="next-heading">Next 30 minutes</h2>
      ${upcoming.length === 0 ? html`<p class="empty" id="no-upcoming">Nothing starts in the next 30 minutes.</p>`
        : html`<ul class="cards">${upcoming.map((m) => html`<li key=${m.id}>
            <${MeetingCard} m=${m} room=${room} owner=${owner} now=${now} onChange=${refresh} /></li>`)}</ul>`}
    </section>`;
}

function MeetingCard({ m, room, owner, now, ongoing, onChange }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const started = Date.parse(m.startedAt || m.startsAt);
  const invited = (m.attendees || []).length;
  const act = async (what) => {
    if (what === "end" && !confirm(`End "${m.title || "this meeting"}" for everyone now?`)) return;
    setBusy(true);
    try {
      await api("POST", `/v1/rooms/${enc(room)}/meetings/${enc(m.id)}/${what}`);
      setError(null);
      await onChange();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<article class=${ongoing ? "card large meeting" : "card meeting"} data-meeting-id=${m.id}>
    <h3 class="title">${m.title || "Untitled meeting"}</h3>
    <p class="when">${span(m.startsAt, m.endsAt)}
      ${ongoing ? html` · <span class="since">started ${ago(now - started)}</span>`
        : html` · <span class="countdown" aria-live="off">starts ${until(Date.parse(m.startsAt) - now)}</span>`}
    </p>
    <p class="people"><span class="count">${m.participantCount} in the call</span>
      ${owner && html` · <span class="invited">${invited} invited, ${m.participantCount} present</span>`}</p>
    ${owner && (m.description || m.location) && html`<div class="details">
      ${m.location && html`<p class="location"><span class="label">Location</span> ${m.location}</p>`}
      ${m.description && html`<p class="description">${m.description}</p>`}</div>`}
    ${owner && invited > 0 && html`<details class="attendees"><summary>Attendees (${invited})</summary><ul>
      ${m.attendees.map((a) => html`<li><span>${a.name || a.email || "?"}</span>
        ${a.email && a.name ? html` <span class="muted">${a.email}</span>` : null}
        <span class=${`rsvp rsvp-${(a.status || "needs-action").toLowerCase()}`}>${rsvp(a.status)}</span></li>`)}
      </ul></details>`}
    <div class="actions">
      <a class="button" href=${`/${room}/${m.id}`}>${ongoing ? "Join" : "Join early"}</a>
      ${owner && (ongoing || m.status === "active") && html`<button type="button" class="danger" disabled=${busy}
          onClick=${() => act("end")}>End now</button>`}
      ${owner && m.status === "scheduled" && (m.source === "adhoc"
        ? html`<button type="button" class="secondary" disabled=${busy} onClick=${() => act("cancel")}>Cancel</button>`
        : html`<span class="note">From the room's calendar: cancel it there.</span>`)}
    </div>
    ${error && html`<${Problem} error=${error} />`}
  </article>`;
}

function rsvp(status) {
  switch ((status || "").toUpperCase()) {
    case "ACCEPTED": return "accepted";
    case "DECLINED": return "declined";
    case "TENTATIVE": return "maybe";
    case "DELEGATED": return "delegated";
    default: return "no answer";
  }
}

function StartNow({ room }) {
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const start = async () => {
    setBusy(true);
    try {
      // One key for this page's intent: a second click, or a retry after a lost answer, gets the same meeting.
      const m = await api("POST", `/v1/rooms/${enc(room)}/meetings`, {}, { "Idempotency-Key": key });
      location.assign(`/${room}/${m.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return html`<section class="start" aria-labelledby="start-heading">
    <h2 id="start-heading" class="visually-hidden">Start a meeting</h2>
    <button type="button" id="start-now" class="secondary" onClick=${start} aria-busy=${busy}>Start a meeting now</button>
    ${error && html`<${Problem} error=${error} />`}
  </section>`;
}

