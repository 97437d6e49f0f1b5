// calroom's pages, routed in the browser: "/" the owner's rooms, "/{room}" the room, "/{room}/settings" its
// settings, "/{room}/{meetingId}" the waiting room and the call.
import { render } from "preact";
import { html, Page, Problem } from "./ui.js";
import { completeSignIn } from "./auth.js";
import { RoomPage } from "./room-page.js";
import { CallPage } from "./call-page.js";
import { OwnerHome, RoomSettings } from "./owner-pages.js";

const ROOM = /^[a-z0-9-]{3,64}$/;
const MEETING = /^[A-Za-z0-9-]{1,128}$/;

function route() {
  const parts = location.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return html`<${OwnerHome} />`;
  if (ROOM.test(parts[0]) && parts.length === 1) return html`<${RoomPage} room=${parts[0]} />`;
  if (ROOM.test(parts[0]) && parts.length === 2 && parts[1] === "settings") {
    return html`<${RoomSettings} room=${parts[0]} />`;
  }
  if (ROOM.test(parts[0]) && parts.length === 2 && MEETING.test(parts[1])) {
    return html`<${CallPage} room=${parts[0]} meetingId=${parts[1]} />`;
  }
  return html`<${Page} title="Not found"><h1>Not found</h1><p>No room or meeting has this address.</p>
    <p><a href="/">calroom home</a></p><//>`;
}

async function start() {
  const root = document.getElementById("app");
  try {
    const back = await completeSignIn();
    if (back) history.replaceState(null, "", back);
  } catch (err) {
    render(html`<${Page} title="Sign-in"><${Problem} error=${{ title: "Sign-in failed", message: err.message }} />
      <p><a href="/">Back</a></p><//>`, root);
    return;
  }
  root.textContent = "";
  render(route(), root);
}

start();
