// Planned versus delivered hours per housing network and phase, drawn as inline SVG
// (no library: a few dozen bars do not need one, and the page loads nothing from elsewhere).

import { hours, text } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 900;
const LABEL_X = 24;
const BARS_X = 330;
const BARS_WIDTH = 470;
const BAR = 14;
const GROUP = 46;
const HEADING = 30;
const TOP = 28;

function node(name, attributes = {}, content = null) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (content !== null) element.textContent = content;
  return element;
}

export function networkLabel(lang, id) {
  // Names are typed by people and never reach a dashboard: the id's random tail tells networks apart.
  return id ? `${text(lang, "network")} …${id.slice(-8)}` : text(lang, "noNetwork");
}

function grouped(rows, phaseOrder) {
  const rank = (phase) => (phaseOrder.includes(phase) ? phaseOrder.indexOf(phase) : phaseOrder.length);
  const sorted = [...rows].sort(
    (a, b) =>
      (a.housing_network_id === null) - (b.housing_network_id === null) ||
      String(a.housing_network_id).localeCompare(String(b.housing_network_id)) ||
      rank(a.phase) - rank(b.phase),
  );
  const networks = new Map();
  for (const row of sorted) {
    const key = row.housing_network_id;
    if (!networks.has(key)) networks.set(key, []);
    networks.get(key).push(row);
  }
  return networks;
}

function scaleMax(rows) {
  const shown = rows.filter((r) => r.planned_hours !== null);
  const top = Math.max(1, ...shown.flatMap((r) => [r.planned_hours, r.delivered_hours]));
  const step = 10 ** Math.floor(Math.log10(top));
  return Math.ceil(top / step) * step;
}

function axis(svg, lang, max, height) {
  for (let i = 0; i <= 4; i += 1) {
    const x = BARS_X + (BARS_WIDTH * i) / 4;
    svg.append(node("line", { class: "grid", x1: x, x2: x, y1: TOP - 6, y2: height - 8 }));
    svg.append(node("text", { class: "value", x, y: TOP - 10, "text-anchor": "middle" }, `${hours(lang, (max * i) / 4)} h`));
  }
}

function bar(kind, lang, y, value, max, short) {
  const width = Math.max(value > 0 ? 2 : 0, (BARS_WIDTH * value) / max);
  const rect = node("rect", {
    class: short ? `${kind} short` : kind, x: BARS_X, y, width, height: BAR, "data-hours": value,
  });
  rect.append(node("title", {}, `${text(lang, kind)}: ${hours(lang, value)} h`));
  const label = node("text", { class: `value ${kind}`, x: BARS_X + width + 6, y: y + BAR - 2 }, `${hours(lang, value)} h`);
  return [rect, label];
}

function phaseGroup(lang, row, y, max, labels, threshold) {
  const group = node("g", {
    class: "group",
    "data-network": row.housing_network_id ?? "none",
    "data-phase": row.phase ?? "none",
  });
  const phase = row.phase ? labels[row.phase]?.[lang] ?? row.phase : text(lang, "noPhase");
  group.append(node("text", { class: "phase", x: LABEL_X, y: y + BAR + 4 }, phase));
  if (row.planned_hours === null) {
    // A small cell (or one hidden so that a small one cannot be derived): no bars, only why.
    const why = row.clients === "<5" ? "small" : "complementary";
    group.setAttribute("data-hidden", row.clients);
    group.append(node("text", { class: "value hidden", x: BARS_X, y: y + BAR + 4 }, text(lang, why)));
    return group;
  }
  const short = row.planned_hours > 0 && row.delivered_hours / row.planned_hours < threshold;
  group.append(...bar("planned", lang, y, row.planned_hours, max, false));
  group.append(...bar("delivered", lang, y + BAR + 2, row.delivered_hours, max, short));
  return group;
}

export function renderChart(container, lang, month, phaseLabels) {
  container.replaceChildren();
  const rows = month?.breakdown ?? [];
  if (!rows.length) {
    container.append(Object.assign(document.createElement("p"), { className: "empty", textContent: text(lang, "noData") }));
    return;
  }
  const networks = grouped(rows, Object.keys(phaseLabels));
  const height = TOP + networks.size * HEADING + rows.length * GROUP + 8;
  const max = scaleMax(rows);
  const svg = node("svg", { viewBox: `0 0 ${WIDTH} ${height}`, role: "img", "aria-labelledby": "chart-heading" });
  axis(svg, lang, max, height);
  let y = TOP;
  for (const [network, members] of networks) {
    svg.append(node("text", { class: "network", x: 8, y: y + 20 }, networkLabel(lang, network)));
    y += HEADING;
    for (const row of members) {
      svg.append(phaseGroup(lang, row, y, max, phaseLabels, month.threshold ?? 0));
      y += GROUP;
    }
  }
  container.append(svg);
}
