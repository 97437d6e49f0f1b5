// Times in the viewer's own zone and language; relative times by the server's clock.
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short",
  hour: "numeric", minute: "2-digit" });

export function clock(iso) {
  return timeFormat.format(new Date(iso));
}

export function dateTime(iso) {
  return dateTimeFormat.format(new Date(iso));
}

export function span(startIso, endIso) {
  return `${clock(startIso)} – ${clock(endIso)}`;
}

export function zoneName() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "in 4 min", "in 1 h 5 min", "now". */
export function until(ms) {
  if (ms <= 0) return "now";
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `in ${s} s`;
  const m = Math.ceil(s / 60);
  if (m < 60) return `in ${m} min`;
  return `in ${Math.floor(m / 60)} h ${m % 60} min`;
}

/** "12 min ago", "just now". */
export function ago(ms) {
  const m = Math.floor(ms / 60000);
  if (m < 1) return "just now";
  if (m < 60) return `${m} min ago`;
  return `${Math.floor(m / 60)} h ${m % 60} min ago`;
}

/** "04:59" or "1:04:59": a countdown's digits. */
export function countdown(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
