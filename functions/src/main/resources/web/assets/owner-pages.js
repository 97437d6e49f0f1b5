// The owner's pages: sign-in, the rooms list with each room's current or next meeting, creating a room, and a
// room's settings (lock, calendar feed, test, sync now, status, delete).
import { useEffect, useRef, useState } from "preact/hooks";
import { api, enc } from "./api.js";
import { currentUser, signIn, siteConfig } from "./auth.js";
import { copyText, html, Page, Problem, usePolling } from "./ui.js";
import { clock, dateTime, zoneName } from "./time.js";

const INTERVALS = [1, 5, 10, 30, 60];

export function OwnerHome() {
  const user = currentUser();
  const [config, setConfig] = useState(null);
  useEffect(() => { siteConfig().then(setConfig); }, []);
  if (!user) {
    return html`<${Page} title="Your rooms">
      <h1>Meeting rooms that follow your calendar</h1>
      <p>Each calroom room has its own address. Put it in a calendar event and the meeting appears in the room,
        ready to join on time.</p>
      ${config && (config.signIn
        ? html`<p><button type="button" id="sign-in-home" onClick=${() => signIn("/")}>Sign in to manage your rooms</button></p>`
        : html`<p class="muted">Sign-in is not configured for this site.</p>`)}
    <//>`;
  }
  return html`<${Page} title="Your rooms"><${RoomsList} /><//>`;
}

function RoomsList() {
  const [rooms, setRooms] = useState(null);
  const [next, setNext] = useState({});
  const [error, setError] = useState(null);
  const load = async () => {
    try {
      const list = await api("GET", "/v1/rooms");
      setRooms(list.rooms);
      const entries = await Promise.all(list.rooms.map(async (r) => {
        try {
          const ms = (await api("GET", `/v1/rooms/${enc(r.name)}/meetings`)).meetings;
          return [r.name, ms.find((m) => m.status === "active") || ms.find((m) => m.status === "scheduled") || null];
        } catch (err) {
          return [r.name, null];
        }
      }));
      setNext(Object.fromEntries(entries));
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  usePolling(load, 30000, []);
  return html`<h1>Your rooms</h1>
    ${error && html`<${Problem} error=${error} />`}
    ${rooms === null ? html`<div class="placeholder card" aria-hidden="true"></div>`
      : rooms.length === 0 ? html`<p class="empty">You have no rooms yet. Create one below.</p>`
      : html`<ul class="cards rooms">${rooms.map((r) => html`<li key=${r.name}><article class="card">
          <h2 class="title"><a href=${`/${r.name}`}>${r.name}</a>${r.isLocked ? html` <span class="tag">locked</span>` : null}</h2>
          <p class="muted">${summary(next[r.name])}</p>
          <div class="actions"><a class="button secondary" href=${`/${r.name}/settings`}>Settings</a></div>
        </article></li>`)}</ul>`}
    <${CreateRoom} />`;
}

function summary(m) {
  if (m === undefined) return "…";
  if (!m) return "No meeting in the next 24 hours.";
  if (m.status === "active") return `Now: ${m.title || "Untitled meeting"} (${m.participantCount} in the call)`;
  return `Next: ${m.title || "Untitled meeting"}, ${dateTime(m.startsAt)}`;
}

function CreateRoom() {
  const [name, setName] = useState("");
  const [locked, setLocked] = useState(false);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    try {
      const r = await api("POST", "/v1/rooms", { name: name.trim(), isLocked: locked });
      location.assign(`/${r.name}/settings`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return html`<section class="card form" aria-labelledby="create-heading">
    <h2 id="create-heading">Create a room</h2>
    <form onSubmit=${submit}>
      <label for="room-name">Name</label>
      <input id="room-name" name="name" required pattern="[a-z0-9-]{3,64}" autocomplete="off"
        aria-describedby="room-name-help" value=${name} onInput=${(e) => setName(e.currentTarget.value)} />
      <p id="room-name-help" class="help">3 to 64 lowercase letters, digits and hyphens; it becomes the room's address.</p>
      <label class="check"><input type="checkbox" id="room-locked" checked=${locked}
        onChange=${(e) => setLocked(e.currentTarget.checked)} /> Locked: only invited people and you may join</label>
      <div class="actions"><button type="submit" id="create-room" disabled=${busy}>Create room</button></div>
      ${error && html`<${Problem} error=${error} />`}
    </form>
  </section>`;
}

export function RoomSettings({ room }) {
  const [info, setInfo] = useState(null);
  const [error, setError] = useState(null);
  const [changes, setChanges] = useState(0);
  const user = currentUser();
  const load = async () => {
    try {
      setInfo(await api("GET", `/v1/rooms/${enc(room)}`));
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => { if (user) load(); }, [room]);
  if (!user) {
    return html`<${Page} room=${room} title="Room settings"><h1>Room settings</h1>
      <p>Sign in as the room's owner to change its settings.</p>
      <p><button type="button" id="sign-in-settings" onClick=${() => signIn()}>Sign in</button></p><//>`;
  }
  if (error && !info) {
    return html`<${Page} room=${room} title="Room settings"><h1>Room settings</h1><${Problem} error=${error} /><//>`;
  }
  if (!info) return html`<${Page} room=${room} title="Room settings"><h1>Room settings</h1>
    <div class="placeholder card" aria-hidden="true"></div><//>`;
  if (!("ics" in info)) {
    return html`<${Page} room=${room} title="Room settings"><h1>Room settings</h1>
      <${Problem} error=${{ title: "Only the room's owner may do this", message: `You are signed in, but room ${room} is not yours.` }} /><//>`;
  }
  const saved = (r) => {
    setInfo(r);
    setChanges((n) => n + 1);
  };
  return html`<${Page} room=${room} title="Room settings">
    <h1>Room settings: ${room}</h1>
    <${RoomSection} info=${info} onSaved=${saved} />
    <${CalendarSection} info=${info} room=${room} onSaved=${saved} />
    <${StatusSection} room=${room} changes=${changes} />
    <${DeleteSection} room=${room} />
  <//>`;
}

function RoomSection({ info, onSaved }) {
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState(null);
  const setLocked = async (locked) => {
    try {
      onSaved(await api("PATCH", `/v1/rooms/${enc(info.name)}`, { isLocked: locked }));
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  return html`<section class="card form" aria-labelledby="room-heading">
    <h2 id="room-heading">Room</h2>
    <label for="room-url">Room address: put it in a calendar event's location or description</label>
    <div class="row">
      <input id="room-url" readonly value=${info.url} onFocus=${(e) => e.currentTarget.select()} />
      <button type="button" class="secondary" id="copy-url"
        onClick=${() => copyText(info.url).then(() => setCopied(true))}>${copied ? "Copied" : "Copy"}</button>
    </div>
    <label class="check"><input type="checkbox" id="locked" checked=${info.isLocked}
      onChange=${(e) => setLocked(e.currentTarget.checked)} /> Locked: only invited people and you may join</label>
    ${error && html`<${Problem} error=${error} />`}
  </section>`;
}

function CalendarSection({ info, room, onSaved }) {
  const ics = info.ics;
  const [url, setUrl] = useState("");
  const [enabled, setEnabled] = useState(ics ? ics.enabled : true);
  const [interval, setInterval] = useState(ics ? ics.fetchIntervalMinutes : 5);
  const [match, setMatch] = useState(ics ? ics.match : "room-url");
  const [timezone, setTimezone] = useState(ics?.timezone || "");
  const [saved, setSaved] = useState(null);
  const [error, setError] = useState(null);
  const [test, setTest] = useState(null);
  const [testing, setTesting] = useState(false);
  const zones = useRef(typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []);

  const save = async (e, overrides = {}) => {
    e?.preventDefault();
    const body = { enabled, fetchIntervalMinutes: Number(interval), match, timezone: timezone.trim() || null,
      ...overrides };
    if (url.trim()) body.url = url.trim();
    if (!ics && !body.url) {
      setError({ title: "A feed URL is needed", message: "Paste the calendar's ICS address (https://…)." });
      return;
    }
    try {
      const r = await api("PATCH", `/v1/rooms/${enc(room)}`, { ics: body });
      onSaved(r);
      setUrl("");
      setSaved(`Saved at ${clock(new Date().toISOString())}.`);
      setError(null);
    } catch (err) {
      setError(err);
      setSaved(null);
    }
  };
  const runTest = async () => {
    setTesting(true);
    try {
      setTest(await api("POST", `/v1/rooms/${enc(room)}/ics/test`, url.trim() ? { url: url.trim() } : {}));
      setError(null);
    } catch (err) {
      setError(err);
      setTest(null);
    } finally {
      setTesting(false);
    }
  };
  return html`<section class="card form" aria-labelledby="calendar-heading">
    <h2 id="calendar-heading">Calendar</h2>
    <form onSubmit=${save}>
      <label for="feed-url">Feed URL (ICS)</label>
      <input id="feed-url" type="url" inputmode="url" autocomplete="off" spellcheck="false"
        placeholder=${ics ? `Saved: ${ics.url}` : "https://calendar.example.com/…/basic.ics"}
        aria-describedby="feed-url-help" value=${url} onInput=${(e) => setUrl(e.currentTarget.value)} />
      <p id="feed-url-help" class="help">${ics ? "The saved address is kept secret; type a new one to replace it."
        : "The calendar's secret ICS address; calroom never shows it again."}</p>
      <div class="grid">
        <label class="check"><input type="checkbox" id="feed-enabled" checked=${enabled}
          onChange=${(e) => setEnabled(e.currentTarget.checked)} /> Sync this calendar</label>
        <div><label for="feed-interval">Check every</label>
          <select id="feed-interval" value=${interval} onChange=${(e) => setInterval(e.currentTarget.value)}>
            ${INTERVALS.map((m) => html`<option value=${m}>${m} min</option>`)}</select></div>
        <div><label for="feed-match">Events to take</label>
          <select id="feed-match" value=${match} onChange=${(e) => setMatch(e.currentTarget.value)}>
            <option value="room-url">Events naming this room's address</option>
            <option value="all">All events</option></select></div>
        <div><label for="feed-timezone">Time zone for floating times</label>
          <input id="feed-timezone" list="zones" placeholder=${zoneName()} value=${timezone}
            onInput=${(e) => setTimezone(e.currentTarget.value)} />
          <datalist id="zones">${zones.current.map((z) => html`<option value=${z} />`)}</datalist></div>
      </div>
      <div class="actions">
        <button type="submit" id="save-feed">Save calendar</button>
        <button type="button" class="secondary" id="test-feed" disabled=${testing || (!ics && !url.trim())}
          onClick=${runTest}>${testing ? "Testing…" : "Test feed"}</button>
      </div>
      ${saved && html`<p class="ok" role="status" id="feed-saved">${saved}</p>`}
      ${error && html`<${Problem} error=${error} />`}
    </form>
    ${test && html`<${TestResult} test=${test} match=${match}
      onUseAll=${() => { setMatch("all"); save(null, { match: "all" }); }} />`}
  </section>`;
}

function TestResult({ test, match, onUseAll }) {
  if (!test.ok) {
    return html`<div class="problem" role="alert" id="test-result"><strong>The feed could not be read</strong>
      <p>${test.error}</p></div>`;
  }
  return html`<div class="test-result" id="test-result" role="status">
    <p><strong>${test.eventsInFeed}</strong> events in the feed, <strong>${test.occurrencesInWindow}</strong> in the${" "}
      next 24 hours, <strong id="test-matching">${test.matching}</strong> for this room.</p>
    ${test.matching === 0 && test.occurrencesInWindow > 0 && match === "room-url" && html`<p class="suggest" id="suggest-all">
      None of these events names this room's address. If the calendar is this room's own, take all its events:
      <button type="button" class="secondary small" id="use-all" onClick=${onUseAll}>Take all events</button></p>`}
    ${test.samples.length > 0 && html`<ul class="samples">${test.samples.map((s) => html`<li>
      ${dateTime(s.startsAt)}: ${s.title || "Untitled"}</li>`)}</ul>`}
  </div>`;
}

function StatusSection({ room, changes }) {
  const [status, setStatus] = useState(null);
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const load = async () => {
    try {
      setStatus(await api("GET", `/v1/rooms/${enc(room)}/ics/status`));
    } catch (err) {
      setError(err);
    }
  };
  usePolling(load, 15000, [room, changes]);
  const syncNow = async () => {
    setBusy(true);
    try {
      setReport(await api("POST", `/v1/rooms/${enc(room)}/ics/sync`));
      setError(null);
      await load();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const s = status?.sync;
  return html`<section class="card" aria-labelledby="status-heading">
    <h2 id="status-heading">Sync</h2>
    ${status && !status.configured ? html`<p class="muted">No calendar yet.</p>` : html`<dl class="facts">
      <dt>Last sync</dt><dd id="last-sync">${s?.lastAttemptAt ? `${dateTime(s.lastAttemptAt)} (${plainStatus(s.status)})` : "never"}</dd>
      <dt>Next sync</dt><dd id="next-sync">${s?.nextSyncAt ? dateTime(s.nextSyncAt) : status?.enabled === false ? "paused" : "—"}</dd>
      <dt>Upcoming events</dt><dd>${status ? status.upcomingEvents : "…"}</dd>
      ${s?.error && html`<dt>Last error</dt><dd class="error-text" id="last-error">${s.error}</dd>`}
      ${s?.backoff && html`<dt>Waiting</dt><dd>${s.backoff}</dd>`}
    </dl>`}
    <div class="actions"><button type="button" id="sync-now" disabled=${busy || (status && !status.configured)}
      onClick=${syncNow}>${busy ? "Syncing…" : "Sync now"}</button></div>
    ${report && html`<p role="status" id="sync-report" class=${report.status === "error" ? "error-text" : "ok"}>
      ${report.status === "error" ? `The sync failed: ${report.error}` : `${plainStatus(report.status)}: `
        + `${report.counts.matched} events for this room, ${report.counts.meetingsCreated} meetings created, `
        + `${report.counts.meetingsCancelled} cancelled.`}</p>`}
    ${error && html`<${Problem} error=${error} />`}
  </section>`;
}

function plainStatus(status) {
  return { synced: "Synced", unchanged: "Unchanged since the last sync", error: "failed", skipped: "skipped" }[status]
    || status || "—";
}

function DeleteSection({ room }) {
  const dialog = useRef(null);
  const [error, setError] = useState(null);
  const remove = async () => {
    try {
      await api("DELETE", `/v1/rooms/${enc(room)}`);
      location.assign("/");
    } catch (err) {
      dialog.current?.close();
      setError(err);
    }
  };
  return html`<section class="card danger-zone" aria-labelledby="delete-heading">
    <h2 id="delete-heading">Delete this room</h2>
    <p>Its meetings and calendar settings are deleted, and open calls end.</p>
    <button type="button" class="danger" id="delete-room" onClick=${() => dialog.current.showModal()}>Delete room…</button>
    <dialog ref=${dialog} aria-labelledby="confirm-heading">
      <h2 id="confirm-heading">Delete room ${room}?</h2>
      <p>This cannot be undone.</p>
      <div class="actions">
        <button type="button" class="danger" id="confirm-delete" onClick=${remove}>Delete</button>
        <button type="button" class="secondary" autofocus onClick=${() => dialog.current.close()}>Keep the room</button>
      </div>
    </dialog>
    ${error && html`<${Problem} error=${error} />`}
  </section>`;
}

