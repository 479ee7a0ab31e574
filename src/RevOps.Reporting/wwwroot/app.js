"use strict";

// The scorecard page: reads /api/funnel and /api/scorecard (the JSON mirror of the gRPC API) and renders them.
// Query string: from, to (ISO dates, [from, to)), source, campaign, segment, team, owner, contractVersion.
(() => {
  const FILTERS = ["source", "campaign", "segment", "team", "owner", "contractVersion"];
  const STAGE_LABELS = {
    captured: "Captured", mql: "MQL", assigned: "Assigned", firsttouch: "First touch",
    accepted: "Accepted", sao: "SAO", opportunity: "Opportunity", won: "Won",
  };
  const COMPARISONS = { greaterthan: ">", atleast: "≥", atmost: "≤", lessthan: "<" };
  const STATUS_LABELS = { met: "Met", missed: "Missed", notarget: "No target", nodata: "No data" };
  const TREND_KEYS = ["acceptance_rate", "follow_up_compliance", "mql_to_opportunity_rate", "speed_to_first_touch_p90", "sla_breaches", "icp_mqls"];
  const TREND_WEEKS = 6;

  const form = document.getElementById("filters");
  const statusLine = document.getElementById("status");

  // Enum names arrive as "FirstTouch", "firstTouch" or "FIRST_TOUCH" depending on the serializer; compare them folded.
  const fold = (value) => String(value ?? "").replace(/[_\s-]/g, "").toLowerCase();
  const pick = (obj, ...names) => { for (const n of names) if (obj && obj[n] !== undefined) return obj[n]; return undefined; };

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === null) continue;
      if (name === "class") node.className = value;
      else if (name === "style") node.setAttribute("style", value);
      else node.setAttribute(name, String(value));
    }
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? "")));
    return node;
  }

  const isoDay = (date) => date.toISOString().slice(0, 10);
  const utcDay = (text) => new Date(text + "T00:00:00Z");

  function defaultPeriod() {
    const now = new Date();
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    return { from: isoDay(from), to: isoDay(to) };
  }

  function readForm() {
    const data = new FormData(form);
    const values = {};
    for (const [name, value] of data.entries()) if (String(value).trim() !== "") values[name] = String(value).trim();
    return values;
  }

  function queryFor(from, to, values) {
    const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
    for (const name of FILTERS) if (values[name]) query.set(name, values[name]);
    return query;
  }

  async function getJson(path, query) {
    const response = await fetch(`${path}?${query}`, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      const detail = (await response.text()).slice(0, 300);
      throw new Error(`${path} answered ${response.status}${detail ? ": " + detail : ""}`);
    }
    return response.json();
  }

  function formatValue(value, unit, currency) {
    if (value === null || value === undefined) return "—";
    const number = Number(value);
    switch (fold(unit)) {
      case "ratio": return `${(number * 100).toFixed(1)}%`;
      case "minutes": return `${number.toLocaleString("en-US", { maximumFractionDigits: 1 })} min`;
      case "days": return `${number.toLocaleString("en-US", { maximumFractionDigits: 1 })} days`;
      case "money":
        try { return number.toLocaleString("en-US", { style: "currency", currency: currency || "USD", maximumFractionDigits: 0 }); }
        catch { return `${number.toLocaleString("en-US")} ${currency ?? ""}`.trim(); }
      default: return number.toLocaleString("en-US", { maximumFractionDigits: 2 });
    }
  }

  function renderFunnel(funnel) {
    const container = document.getElementById("funnel");
    container.replaceChildren();
    const stages = funnel.stages ?? [];
    const top = Math.max(1, ...stages.map((s) => Number(s.count)));
    const drop = funnel.biggestDropOff;
    for (const stage of stages) {
      const key = fold(stage.stage);
      const isDrop = drop && fold(drop.to) === key;
      const width = (100 * Number(stage.count)) / top;
      const conversion = stage.conversionFromPrevious;
      container.append(
        el("div", { class: "stage" + (isDrop ? " drop" : "") }, STAGE_LABELS[key] ?? stage.stage),
        el("div", { class: "track" + (isDrop ? " drop" : ""), "data-stage": key, "data-count": stage.count },
          el("div", { class: "fill", style: `width:${width}%` }),
          el("span", { class: "count" }, Number(stage.count).toLocaleString("en-US"))),
        el("div", { class: "conversion" + (isDrop ? " drop" : ""), "data-conversion": conversion ?? "" },
          conversion === null || conversion === undefined ? "" : `${(Number(conversion) * 100).toFixed(1)}% of previous`));
    }
    const dropLine = document.getElementById("drop-off");
    dropLine.textContent = drop
      ? `Biggest drop-off: ${STAGE_LABELS[fold(drop.from)] ?? drop.from} → ${STAGE_LABELS[fold(drop.to)] ?? drop.to}: `
        + `${Number(drop.lost).toLocaleString("en-US")} leads lost, ${(Number(drop.conversion) * 100).toFixed(1)}% converted`
      : "No drop-off in this period.";
    dropLine.dataset.from = drop ? fold(drop.from) : "";
    dropLine.dataset.to = drop ? fold(drop.to) : "";
  }

  function renderFigures(scorecard) {
    const container = document.getElementById("figures");
    container.replaceChildren();
    for (const figure of scorecard.figures ?? []) {
      const status = fold(figure.status);
      const unit = fold(figure.unit);
      const hasTarget = figure.target !== null && figure.target !== undefined;
      const tile = el("article", { class: `tile ${status}`, "data-figure": figure.key, "data-value": figure.value ?? "", "data-status": status },
        el("div", { class: "label" }, figure.label),
        el("div", { class: "value" }, formatValue(figure.value, figure.unit, figure.currency)));
      if (unit === "ratio" && figure.value !== null && figure.value !== undefined) {
        const gauge = el("div", { class: "gauge", "aria-hidden": "true" },
          el("div", { class: "fill", style: `width:${Math.min(100, Number(figure.value) * 100)}%` }));
        if (hasTarget) gauge.append(el("div", { class: "target-line", style: `left:${Math.min(100, Number(figure.target) * 100)}%` }));
        tile.append(gauge);
      }
      tile.append(
        el("div", { class: "target", "data-target": figure.target ?? "" }, hasTarget
          ? `Target ${COMPARISONS[fold(figure.comparison)] ?? ""} ${formatValue(figure.target, figure.unit, figure.currency)}`
          : "No target in the contract"),
        el("div", { class: "status" }, STATUS_LABELS[status] ?? figure.status),
        el("div", { class: "sample" }, `from ${Number(figure.sampleSize ?? 0).toLocaleString("en-US")}`));
      container.append(tile);
    }
  }

  function renderBreaches(scorecard) {
    const chips = document.getElementById("breaches-by-clause");
    chips.replaceChildren(el("div", { class: "chips" }, ...(scorecard.breachesByClause ?? []).map((c) =>
      el("span", { class: "chip" + (Number(c.unannotated) > 0 ? " flagged" : ""), "data-clause": c.clauseId },
        `${c.clauseId}: ${c.count}` + (Number(c.unannotated) > 0 ? ` (${c.unannotated} without reason)` : "")))));
    const body = document.querySelector("#breaches tbody");
    body.replaceChildren();
    const breaches = scorecard.breaches ?? [];
    if (breaches.length === 0) body.append(el("tr", {}, el("td", { colspan: 5 }, "No breaches in this period.")));
    for (const breach of breaches) {
      const unannotated = pick(breach, "isUnannotated", "unannotated") ?? !breach.reason;
      body.append(el("tr", { "data-breach": breach.breachId },
        el("td", {}, breach.breachedAt ? new Date(breach.breachedAt).toISOString().slice(0, 16).replace("T", " ") : "—"),
        el("td", {}, breach.clauseId ?? "—"),
        el("td", {}, String(breach.leadId ?? "").slice(0, 8)),
        el("td", {}, breach.ownerRepId ?? "queue"),
        unannotated ? el("td", { class: "flag" }, "⚑ no reason given") : el("td", {}, breach.reason)));
    }
  }

  function renderMix(scorecard) {
    const mix = scorecard.sourceMix ?? { marketingSourced: 0, salesSourced: 0, marketingShare: null };
    const total = Number(mix.marketingSourced) + Number(mix.salesSourced);
    const share = total === 0 ? 0 : (100 * Number(mix.marketingSourced)) / total;
    document.getElementById("source-mix").replaceChildren(
      el("div", {}, `Opportunities: ${Number(mix.marketingSourced).toLocaleString("en-US")} marketing-sourced, `
        + `${Number(mix.salesSourced).toLocaleString("en-US")} sales-sourced`),
      el("div", { class: "mix", role: "img", "aria-label": `${share.toFixed(1)}% marketing-sourced` },
        el("div", { class: "marketing", style: `width:${share}%` }),
        el("div", { class: "sales", style: `width:${total === 0 ? 0 : 100 - share}%` })));

    const revenue = document.getElementById("revenue");
    revenue.replaceChildren(...(scorecard.marketingInfluencedRevenue ?? []).map((m) =>
      el("li", { "data-currency": m.currency, "data-amount": m.amount }, formatValue(m.amount, "money", m.currency))));
    if (revenue.childElementCount === 0) revenue.append(el("li", {}, "No marketing-influenced deals won in this period."));

    const body = document.querySelector("#rejections tbody");
    body.replaceChildren(...(scorecard.rejectionReasons ?? []).map((r) =>
      el("tr", { "data-reason": r.reason }, el("td", {}, r.reason), el("td", {}, r.count), el("td", {}, formatValue(r.share, "ratio")))));
    if (body.childElementCount === 0) body.append(el("tr", {}, el("td", { colspan: 3 }, "No rejections in this period.")));
  }

  // Monday 00:00 UTC of the week holding the day before `end`.
  function weeksBefore(end) {
    const last = new Date(end.getTime() - 86400000);
    const monday = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), last.getUTCDate() - ((last.getUTCDay() + 6) % 7)));
    const weeks = [];
    for (let i = TREND_WEEKS - 1; i >= 0; i--) {
      const from = new Date(monday.getTime() - i * 7 * 86400000);
      weeks.push({ from, to: new Date(from.getTime() + 7 * 86400000) });
    }
    return weeks;
  }

  async function renderTrend(end, values) {
    const weeks = weeksBefore(end);
    const cards = await Promise.all(weeks.map((w) => getJson("/api/scorecard", queryFor(w.from, w.to, values))));
    const head = document.querySelector("#trend thead");
    head.replaceChildren(el("tr", {}, el("th", {}, "Figure"), ...weeks.map((w) => el("th", {}, `w/c ${isoDay(w.from).slice(5)}`))));
    const body = document.querySelector("#trend tbody");
    body.replaceChildren();
    for (const key of TREND_KEYS) {
      const figures = cards.map((c) => (c.figures ?? []).find((f) => f.key === key));
      const first = figures.find(Boolean);
      if (!first) continue;
      body.append(el("tr", { "data-trend": key }, el("th", {}, first.label),
        ...figures.map((f) => el("td", { class: f ? fold(f.status) : "" }, f ? formatValue(f.value, f.unit, f.currency) : "—"))));
    }
  }

  async function load() {
    // A hook for scripts and tests: "false" while loading, "true" once everything (the trend too) is drawn, "error" on failure.
    document.body.dataset.loaded = "false";
    const values = readForm();
    if (!values.from || !values.to) { statusLine.textContent = "Choose a period."; return; }
    const from = utcDay(values.from);
    const to = utcDay(values.to);
    if (!(to > from)) {
      statusLine.className = "error";
      statusLine.textContent = "The period must end after it starts.";
      return;
    }
    history.replaceState(null, "", `?${new URLSearchParams(values)}`);
    statusLine.className = "";
    statusLine.textContent = "Loading…";
    const started = performance.now();
    try {
      const query = queryFor(from, to, values);
      const [funnel, scorecard] = await Promise.all([getJson("/api/funnel", query), getJson("/api/scorecard", query)]);
      renderFunnel(funnel);
      renderFigures(scorecard);
      renderBreaches(scorecard);
      renderMix(scorecard);
      statusLine.textContent = `Loaded in ${Math.round(performance.now() - started)} ms.`;
      await renderTrend(to, values);
      document.body.dataset.loaded = "true";
    } catch (error) {
      document.body.dataset.loaded = "error";
      statusLine.className = "error";
      statusLine.textContent = `Could not load the scorecard: ${error.message}`;
    }
  }

  const initial = new URLSearchParams(location.search);
  const period = defaultPeriod();
  form.elements.from.value = initial.get("from") ?? period.from;
  form.elements.to.value = initial.get("to") ?? period.to;
  for (const name of FILTERS) if (initial.has(name)) form.elements[name].value = initial.get(name);
  form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
  load();
})();
