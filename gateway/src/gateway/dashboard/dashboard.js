// The region analyst's dashboard: sign in as the region's dashboard client, follow the
// pseudonymised event stream, chart the month's planned versus delivered hours.
// The token and the client's secret live in this module's memory only (never in web
// storage): closing the tab signs out, and no other page of the origin can read them.

import { renderChart } from "./chart.js";
import { LANGUAGES, clock, count, currentMonth, eventLabel, hours, text, translate } from "./i18n.js";
import { EventStream } from "./stream.js";

const API = "../api/v1";
const KEPT_EVENTS = 50;
const CHART_STREAMS = new Set(["plans", "housing"]);
const REFRESH_DELAY_MS = 150;
// The region's month is computed over all its clients: a busy stream redraws at most this often.
const REFRESH_INTERVAL_MS = 3000;
const $ = (id) => document.getElementById(id);

const state = {
  lang: "fi", token: null, credentials: null, renewTimer: null, stream: null,
  events: [], pending: [], flushing: false, month: null, codes: {},
  refreshTimer: null, refreshing: false, refreshAgain: false, refreshedAt: 0,
};

class ApiError extends Error {
  constructor(status, detail) { super(detail); this.status = status; }
}

async function api(path, params = {}) {
  const query = new URLSearchParams(params).toString();
  const response = await fetch(`${API}${path}${query ? `?${query}` : ""}`, {
    headers: { Authorization: `Bearer ${state.token}`, Accept: "application/json" }, cache: "no-store",
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body.detail ?? body.title ?? response.status);
  return body;
}

async function takeToken({ id, secret }) {
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: id, client_secret: secret });
  const response = await fetch(`${API}/oauth/token`, { method: "POST", body: form, cache: "no-store" });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body.error_description ?? body.error);
  const scopes = (body.scope ?? "").split(" ");
  if (!scopes.includes("aggregates:read") || !scopes.some((s) => s.startsWith("stream:"))) {
    throw new ApiError(403, text(state.lang, "missingScopes"));
  }
  // Renew before expiry so that the chart's reads and the stream's reconnects keep working.
  clearTimeout(state.renewTimer);
  state.renewTimer = setTimeout(renew, Math.max(10, body.expires_in * 0.8) * 1000);
  state.token = body.access_token;
}

async function renew() {
  try {
    await takeToken(state.credentials);
  } catch {
    signOut("expired");
  }
}

function say(key, values) {
  $("message").textContent = key ? text(state.lang, key, values) : "";
}

async function signIn(event) {
  event.preventDefault();
  const credentials = { id: $("client-id").value.trim(), secret: $("client-secret").value };
  $("signin-button").disabled = true;
  try {
    await takeToken(credentials);
  } catch (error) {
    if (error.status === 403) say("missingScopes");
    else if (error.status === 400 || error.status === 401) say("badCredentials");
    else say("failed", { detail: error.message }); // e.g. 429 while the client is locked out
    return;
  } finally {
    $("signin-button").disabled = false;
  }
  state.credentials = credentials;
  $("signin-form").reset();
  say(null);
  $("signin").hidden = true;
  $("board").hidden = false;
  state.codes = await api("/codes").catch(() => ({})); // Finnish and Swedish labels of codes
  refreshChart();
  state.stream = new EventStream({
    url: `${API}/events/stream`, token: () => state.token, onEvent: received, onState: showState,
  });
  state.stream.start();
}

function signOut(reason = null) {
  state.stream?.stop();
  clearTimeout(state.renewTimer);
  clearTimeout(state.refreshTimer);
  Object.assign(state, {
    token: null, credentials: null, stream: null, events: [], pending: [], month: null, refreshTimer: null,
  });
  $("events").replaceChildren();
  $("chart").replaceChildren();
  $("board").hidden = true;
  $("signin").hidden = false;
  say(reason);
}

function showState(name, status) {
  const live = $("live");
  live.dataset.state = name;
  live.textContent = text(state.lang, name);
  if (status === 401) signOut("expired");
}

function received(message) {
  let record;
  try { record = JSON.parse(message.data); } catch { return; }
  state.pending.push(record);
  if (CHART_STREAMS.has(record.stream)) scheduleRefresh();
  if (!state.flushing) {
    state.flushing = true;
    // A reconnect may replay thousands of records at once: draw them in one go.
    setTimeout(flushEvents, 0);
  }
}

function flushEvents() {
  state.flushing = false;
  const fresh = state.pending.splice(0).reverse().slice(0, KEPT_EVENTS);
  state.events = [...fresh, ...state.events].slice(0, KEPT_EVENTS);
  const list = $("events");
  list.prepend(...fresh.map((record) => eventItem(record, true)));
  while (list.children.length > KEPT_EVENTS) list.lastElementChild.remove();
}

function eventItem(record, fresh = false) {
  const item = document.createElement("li");
  if (fresh) item.className = "fresh";
  Object.assign(item.dataset, { seq: record.seq, type: record.type, subject: record.subject });
  const cell = (className, content) => Object.assign(document.createElement("span"), { className, textContent: content });
  const attributes = record.attributes ?? {};
  const details = [record.district ?? record.municipality ?? ""];
  if (typeof attributes.minutes === "number") details.push(`${count(state.lang, attributes.minutes)} min`);
  for (const set of ["visit_method", "phase", "service_type"]) {
    const code = attributes[set === "visit_method" ? "method" : set];
    if (typeof code === "string") details.push(label(set, code));
  }
  item.append(
    cell("time", clock(state.lang, record.occurred_at)),
    cell("label", eventLabel(state.lang, record.type)),
    cell("details", details.filter(Boolean).join(" · ")),
    cell("subject", record.subject.slice(0, 8)),
  );
  return item;
}

function label(set, code) {
  return state.codes[set]?.[code]?.[state.lang] ?? code;
}

function scheduleRefresh() {
  if (state.refreshTimer !== null) return;
  const wait = Math.max(REFRESH_DELAY_MS, state.refreshedAt + REFRESH_INTERVAL_MS - Date.now());
  state.refreshTimer = setTimeout(() => {
    state.refreshTimer = null;
    refreshChart();
  }, wait);
}

async function refreshChart() {
  if (!state.token) return;
  if (state.refreshing) { state.refreshAgain = true; return; }
  state.refreshing = true;
  state.refreshedAt = Date.now();
  try {
    state.month = await api("/realisation", { month: $("month").value || currentMonth() });
    drawChart();
  } catch (error) {
    if (error.status === 401) signOut("expired");
    else say("failed", { detail: error.message });
  } finally {
    state.refreshing = false;
    if (state.refreshAgain) { state.refreshAgain = false; refreshChart(); }
  }
}

function totalsText(month) {
  const clients = count(state.lang, month.clients);
  if (month.planned_minutes === null) return text(state.lang, "totalsHidden", { clients });
  return text(state.lang, "totals", {
    clients,
    planned: hours(state.lang, month.planned_minutes / 60),
    delivered: hours(state.lang, month.delivered_minutes / 60),
  });
}

function drawChart() {
  const month = state.month;
  $("chart").dataset.month = month?.month ?? "";
  $("totals").textContent = month ? totalsText(month) : "";
  renderChart($("chart"), state.lang, month, state.codes.phase ?? {});
}

function setLanguage(lang) {
  state.lang = lang;
  translate(document, lang);
  for (const code of LANGUAGES) $(`lang-${code}`).setAttribute("aria-pressed", String(code === lang));
  $("live").textContent = text(lang, $("live").dataset.state);
  $("events").replaceChildren(...state.events.map((record) => eventItem(record)));
  if (state.month) drawChart();
}

function start() {
  $("month").value = currentMonth();
  $("month").addEventListener("change", refreshChart);
  $("signin-form").addEventListener("submit", signIn);
  $("signout").addEventListener("click", () => signOut());
  for (const code of LANGUAGES) $(`lang-${code}`).addEventListener("click", () => setLanguage(code));
  setLanguage(document.documentElement.lang === "sv" ? "sv" : "fi");
  document.body.dataset.ready = "true";
}

start();
