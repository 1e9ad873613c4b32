// The transfers console: the tenant's transfers from GET /sip/transfers, newest first, kept live by
// polling the first page. The API key lives in this tab's sessionStorage only. Everything a record
// holds is shown as text (textContent), never as HTML.

const KEY_ITEM = "sip-transfer.console.api-key";
/** Transfers per page: `/console?limit=N` (1–100), else 25. */
const PAGE_SIZE = (() => {
  const asked = Number(new URLSearchParams(location.search).get("limit"));
  return Number.isInteger(asked) && asked >= 1 && asked <= 100 ? asked : 25;
})();
const POLL_MS = 2000;
/** Records still `initiated` beyond the first page are fetched one by one, at most this many a poll. */
const FOLLOW_AT_MOST = 10;

const $ = (id) => document.getElementById(id);
const ui = {
  who: $("who"),
  signOut: $("sign-out"),
  toSignIn: $("to-sign-in"),
  anonymousChoice: $("anonymous-choice"),
  anonymous: $("anonymous"),
  message: $("message"),
  signIn: $("sign-in"),
  apiKey: $("api-key"),
  transfers: $("transfers"),
  filters: $("filters"),
  status: $("status"),
  room: $("room"),
  updated: $("updated"),
  rows: $("rows"),
  empty: $("empty"),
  loadMore: $("load-more"),
  record: $("record"),
  recordHeading: $("record-heading"),
  recordFields: $("record-fields"),
};

const state = {
  /** The API key in use; "" when the server needs none. */
  key: undefined,
  filter: { status: "", room: "" },
  /** transfer_id → record, for the rows shown. */
  records: new Map(),
  nextCursor: null,
  /** More than the first page is shown: polls merge instead of replacing. */
  paged: false,
  timer: undefined,
  /** Bumped on every new listing and on signing out, so an answer to an older one is dropped. */
  generation: 0,
  /** Where the next poll starts following running rows beyond the first page (round robin). */
  followFrom: 0,
};

/**
 * How this server authenticates, as it wrote it into the page: `required`, `none` (everyone is
 * anonymous) or `optional` (tenants, and callers without a key too). Asking the API instead would
 * cost a refused request, which counts as a failed authentication.
 */
const AUTH_MODE = (() => {
  const mode = document.querySelector('meta[name="sip-transfer-auth"]')?.getAttribute("content");
  return mode === "required" || mode === "none" ? mode : "optional";
})();

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(path, key = state.key) {
  const headers = { Accept: "application/json" };
  if (key) headers.Authorization = `Bearer ${key}`;
  let response;
  try {
    response = await fetch(path, { headers, cache: "no-store" });
  } catch {
    throw new ApiError(0, "NETWORK", "The server could not be reached.");
  }
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    const code = body?.code ?? `HTTP_${response.status}`;
    const retry = response.headers.get("Retry-After");
    const message = body?.message ?? response.statusText;
    throw new ApiError(response.status, code, retry ? `${message} (retry in ${retry} s)` : message);
  }
  return body;
}

function listPath(cursor) {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (state.filter.status) query.set("status", state.filter.status);
  if (state.filter.room) query.set("room_name", state.filter.room);
  if (cursor) query.set("cursor", cursor);
  return `/sip/transfers?${query}`;
}

function showMessage(text) {
  ui.message.textContent = text;
  ui.message.hidden = !text;
}

function describeError(error) {
  if (!(error instanceof ApiError)) return String(error);
  if (error.status === 0) return error.message;
  return `${error.message} (${error.status} ${error.code})`;
}

// --- Signing in and out ---------------------------------------------------------------------

function start() {
  const saved = sessionStorage.getItem(KEY_ITEM);
  if (saved) return signIn(saved, { restoring: true });
  if (AUTH_MODE === "none") return enter("");
  showSignIn();
}

function showSignIn() {
  stopPolling();
  state.generation += 1; // an answer still on its way is dropped
  state.key = undefined;
  ui.transfers.hidden = true;
  ui.who.hidden = true;
  ui.signOut.hidden = true;
  ui.toSignIn.hidden = true;
  ui.anonymousChoice.hidden = AUTH_MODE !== "optional";
  ui.signIn.hidden = false;
  ui.rows.replaceChildren();
  state.records.clear();
  ui.apiKey.focus();
}

async function signIn(key, { restoring = false } = {}) {
  try {
    await api(listPath(), key);
  } catch (error) {
    sessionStorage.removeItem(KEY_ITEM);
    showSignIn();
    if (error instanceof ApiError && error.status === 401)
      showMessage(
        restoring
          ? "Your API key is no longer accepted: sign in again."
          : "This API key was not accepted (401 UNAUTHORIZED). Check that it is one of your tenant's keys.",
      );
    else showMessage(`Could not sign in: ${describeError(error)}`);
    return;
  }
  sessionStorage.setItem(KEY_ITEM, key);
  enter(key);
}

function enter(key) {
  state.key = key;
  showMessage("");
  ui.signIn.hidden = true;
  ui.apiKey.value = "";
  ui.transfers.hidden = false;
  ui.who.hidden = false;
  ui.who.textContent = key
    ? "Signed in with an API key"
    : AUTH_MODE === "none"
      ? "Authentication is off: anonymous transfers"
      : "Without a key: anonymous transfers";
  ui.signOut.hidden = !key;
  ui.toSignIn.hidden = Boolean(key) || AUTH_MODE === "none";
  void reload();
}

ui.signIn.addEventListener("submit", (event) => {
  event.preventDefault();
  const key = ui.apiKey.value.trim();
  if (key) void signIn(key);
});

ui.anonymous.addEventListener("click", () => enter(""));
ui.toSignIn.addEventListener("click", () => {
  showMessage("");
  showSignIn();
});

ui.signOut.addEventListener("click", () => {
  sessionStorage.removeItem(KEY_ITEM);
  showMessage("");
  showSignIn();
});

// --- The list -------------------------------------------------------------------------------

ui.filters.addEventListener("submit", (event) => {
  event.preventDefault();
  applyFilters();
});
ui.status.addEventListener("change", applyFilters);

function applyFilters() {
  state.filter = { status: ui.status.value, room: ui.room.value.trim() };
  void reload();
}

async function reload() {
  stopPolling();
  state.generation += 1;
  const generation = state.generation;
  state.records.clear();
  state.paged = false;
  state.nextCursor = null;
  render();
  try {
    const page = await api(listPath());
    if (generation !== state.generation) return;
    for (const record of page.transfers) state.records.set(record.transfer_id, record);
    state.nextCursor = page.next_cursor;
    showMessage("");
    markUpdated();
  } catch (error) {
    if (generation !== state.generation) return;
    if (!handleAuthFailure(error)) showMessage(`The transfers could not be loaded: ${describeError(error)}`);
  }
  render();
  schedulePoll();
}

ui.loadMore.addEventListener("click", async () => {
  if (!state.nextCursor) return;
  const generation = state.generation;
  ui.loadMore.disabled = true;
  try {
    const page = await api(listPath(state.nextCursor));
    if (generation !== state.generation) return;
    for (const record of page.transfers) state.records.set(record.transfer_id, record);
    state.nextCursor = page.next_cursor;
    state.paged = true;
    render();
  } catch (error) {
    if (generation !== state.generation) return;
    if (!handleAuthFailure(error)) showMessage(`More transfers could not be loaded: ${describeError(error)}`);
  } finally {
    ui.loadMore.disabled = false;
  }
});

/** A key refused while signed in (revoked, rotated): back to signing in, showing nothing. */
function handleAuthFailure(error) {
  if (!(error instanceof ApiError) || error.status !== 401) return false;
  sessionStorage.removeItem(KEY_ITEM);
  showSignIn();
  showMessage("Your API key is no longer accepted: sign in again.");
  return true;
}

// --- Live updates ---------------------------------------------------------------------------

function schedulePoll() {
  stopPolling();
  state.timer = setTimeout(poll, POLL_MS);
}

function stopPolling() {
  clearTimeout(state.timer);
  state.timer = undefined;
}

async function poll() {
  const generation = state.generation;
  try {
    const page = await api(listPath());
    if (generation !== state.generation) return;
    if (!state.paged) {
      state.records.clear();
      state.nextCursor = page.next_cursor;
    }
    for (const record of page.transfers) state.records.set(record.transfer_id, record);
    // Older rows still running are followed one by one (the first page holds the rest).
    const onPage = new Set(page.transfers.map((record) => record.transfer_id));
    const beyond = [...state.records.values()].filter(
      (record) => record.status === "initiated" && !onPage.has(record.transfer_id),
    );
    // At most FOLLOW_AT_MOST a poll, taking turns, so every running row is refreshed in time.
    const from = beyond.length > 0 ? state.followFrom % beyond.length : 0;
    const running = [...beyond.slice(from), ...beyond.slice(0, from)].slice(0, FOLLOW_AT_MOST);
    state.followFrom = from + running.length;
    for (const record of running) {
      const fresh = await api(`/sip/transfers/${encodeURIComponent(record.transfer_id)}`);
      if (generation !== state.generation) return;
      if (state.filter.status && fresh.status !== state.filter.status) state.records.delete(fresh.transfer_id);
      else state.records.set(fresh.transfer_id, fresh);
    }
    showMessage("");
    markUpdated();
    render();
  } catch (error) {
    if (generation !== state.generation) return;
    if (handleAuthFailure(error)) return;
    showMessage(`Live updates paused: ${describeError(error)}. Retrying.`);
  }
  if (generation === state.generation) schedulePoll();
}

function markUpdated() {
  ui.updated.textContent = `Updated ${new Date().toLocaleTimeString()}; refreshes every ${POLL_MS / 1000} s`;
}

// --- Rendering ------------------------------------------------------------------------------

const COLUMNS = ["ID", "Status", "Room", "Participant", "Destination", "Started", "Duration", "SIP status"];

function newestFirst(a, b) {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
  return a.transfer_id < b.transfer_id ? 1 : -1;
}

function render() {
  const records = [...state.records.values()].sort(newestFirst);
  const focused = document.activeElement?.dataset?.transferId;
  ui.rows.replaceChildren(...records.map(row));
  if (focused) ui.rows.querySelector(`[data-transfer-id="${CSS.escape(focused)}"]`)?.focus();
  ui.empty.hidden = records.length > 0;
  ui.loadMore.hidden = !state.nextCursor;
}

function row(record) {
  const tr = document.createElement("tr");
  const open = document.createElement("button");
  open.type = "button";
  open.className = "link";
  open.textContent = record.transfer_id;
  open.dataset.transferId = record.transfer_id;
  open.setAttribute("aria-label", `Open transfer ${record.transfer_id}`);
  open.addEventListener("click", () => void openRecord(record.transfer_id));
  const status = document.createElement("span");
  status.className = `status status-${record.status}`;
  status.textContent = record.status;
  const cells = [
    open,
    status,
    record.room_name,
    record.participant_identity,
    record.transfer_to,
    formatTime(record.created_at),
    duration(record),
    sipStatus(record),
  ];
  cells.forEach((content, index) => {
    const td = document.createElement("td");
    td.dataset.label = COLUMNS[index];
    if (typeof content === "string") td.textContent = content;
    else td.append(content);
    tr.append(td);
  });
  return tr;
}

function formatTime(iso) {
  return iso ? new Date(iso).toLocaleString() : "—";
}

function seconds(ms) {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function duration(record) {
  const started = Date.parse(record.created_at);
  if (record.ended_at) return seconds(Date.parse(record.ended_at) - started);
  return `running, ${seconds(Math.max(0, Date.now() - started))}`;
}

function sipStatus(record) {
  const code = record.error?.sip_status_code;
  if (code === undefined) return "—";
  return record.error.sip_status ? `${code} ${record.error.sip_status}` : String(code);
}

// --- One record -----------------------------------------------------------------------------

async function openRecord(id) {
  const generation = state.generation;
  let record = state.records.get(id);
  try {
    record = await api(`/sip/transfers/${encodeURIComponent(id)}`);
    if (generation !== state.generation) return; // signed out, or another listing, meanwhile
    state.records.set(id, record);
  } catch (error) {
    if (generation !== state.generation) return;
    if (handleAuthFailure(error)) return;
    if (!record) return showMessage(`The transfer could not be loaded: ${describeError(error)}`);
  }
  ui.recordHeading.textContent = `Transfer ${record.transfer_id}`;
  const fields = [
    ["Status", record.status],
    ["Room", record.room_name],
    ["Participant", record.participant_identity],
    ["Destination", record.transfer_to],
    ["Created", formatTime(record.created_at)],
    ["Ended", record.ended_at ? formatTime(record.ended_at) : "not yet"],
    ["Duration", duration(record)],
    ["Error code", record.error?.code ?? "—"],
    ["Error message", record.error?.message ?? "—"],
    ["SIP status", record.error?.sip_status_code === undefined ? "—" : String(record.error.sip_status_code)],
    ["SIP reason", record.error?.sip_status ?? "—"],
    ["Webhook", record.webhook ? record.webhook.status : "none configured"],
    ["Webhook attempts", record.webhook ? String(record.webhook.attempts) : "—"],
    ["Request ID", record.request_id],
  ];
  ui.recordFields.replaceChildren(
    ...fields.flatMap(([name, value]) => {
      const dt = document.createElement("dt");
      dt.textContent = name;
      const dd = document.createElement("dd");
      dd.textContent = value;
      return [dt, dd];
    }),
  );
  if (!ui.record.open) ui.record.showModal();
}

start();
