// Shop page: one shop's metrics and risk list, pushed by the server over Server-Sent Events.
"use strict";

(() => {
  const D = window.Dash;
  const { el, bilingual, label, setTestIdText } = D;

  const WINDOWS = ["5m", "1h", "24h", "30d"];
  const RETRY_MS = 3000;
  const SVG_NS = "http://www.w3.org/2000/svg";

  const live = document.getElementById("live");
  const windowSelect = document.getElementById("window");
  const message = document.getElementById("message");

  // ---- which shop, which window ---------------------------------------------------------------

  /** /dashboard/shops/{shopId} (served as shop.html), or shop.html?shop={shopId}. */
  function shopIdFromLocation() {
    const match = location.pathname.match(/\/dashboard\/shops\/([^/]+)\/?$/);
    if (match) {
      try {
        return decodeURIComponent(match[1]);
      } catch {
        return match[1];
      }
    }
    return new URLSearchParams(location.search).get("shop") || "";
  }

  const shopId = shopIdFromLocation();
  document.getElementById("shop-id").textContent = shopId || "(none)";
  if (shopId) {
    document.title = `${shopId} · 店铺退款看板`;
  }

  const requestedWindow = new URLSearchParams(location.search).get("window");
  if (WINDOWS.includes(requestedWindow)) {
    windowSelect.value = requestedWindow;
  }

  // ---- the live indicator ---------------------------------------------------------------------

  let lastUpdate = null;

  function setLive(state, text) {
    live.dataset.state = state;
    live.title = lastUpdate ? "last update " + lastUpdate.toLocaleString() : "no update yet";
    live.querySelector(".text").textContent = text;
  }

  function liveText() {
    return lastUpdate ? "实时 live · updated " + lastUpdate.toLocaleTimeString("en-GB", { hour12: false }) : "实时 live · waiting for data";
  }

  // ---- static skeleton: every known rate, scenario, status and risk list has its place ---------

  // The rates come from the server's indicator table (GET /v1/indicators): names, labels, which way is good,
  // thresholds. Each gets its figure, its level (the API's, as data-level), a 24-hour sparkline and today against
  // yesterday and the same day last week.
  const ratesBox = document.getElementById("rates");
  let indicators = [];
  const rateFigures = {};

  function buildRates(list) {
    indicators = list;
    ratesBox.replaceChildren();
    for (const indicator of list) {
      const figure = el("div", { class: "figure rate", dataset: { testid: "figure-" + indicator.name, level: "normal" } },
        bilingual([indicator.zh, indicator.en]),
        el("div", { class: "value", text: "—", dataset: { testid: "rate-" + indicator.name } }),
        el("div", { class: "spark", dataset: { testid: "spark-" + indicator.name } }),
        el("div", { class: "trend", dataset: { testid: "trend-" + indicator.name } }));
      figure.title = levelsTitle(indicator, indicator.warning, indicator.alarm);
      ratesBox.append(figure);
      rateFigures[indicator.name] = figure;
    }
  }

  /** The figure's tooltip: what it divides, and the levels in force (the shop's own once the series tell them). */
  function levelsTitle(indicator, warning, alarm) {
    const levels = typeof warning === "number" || typeof alarm === "number"
      ? ` · warning ${D.formatPercent(warning)}, alarm ${D.formatPercent(alarm)}` : "";
    return `${indicator.numerator} ÷ ${indicator.denominator}${levels}`;
  }

  async function loadIndicators() {
    try {
      const response = await fetch("/v1/indicators", { cache: "no-store" });
      if (response.ok) {
        buildRates(await response.json());
        return;
      }
      message.textContent = `indicator list unavailable: HTTP ${response.status}`;
    } catch (error) {
      message.textContent = "indicator list unavailable: " + error.message;
    }
    message.classList.add("error");
  }

  /** A table of counts keyed by snake_case name; unknown names get a row when they first appear. */
  function countTable(tbodyId, table, prefix) {
    const tbody = document.getElementById(tbodyId);
    const ensure = (name) => {
      const testId = prefix + name;
      let cell = tbody.querySelector(`[data-testid="${CSS.escape(testId)}"]`);
      if (!cell) {
        cell = el("td", { class: "num", text: "—", dataset: { testid: testId } });
        tbody.append(el("tr", {}, el("td", {}, bilingual(label(table, name))), cell));
      }
      return cell;
    };
    Object.keys(table).forEach(ensure);
    return (counts) => {
      for (const [name, value] of Object.entries(counts || {})) {
        const text = D.formatCount(value);
        const cell = ensure(name);
        if (cell.textContent !== text) {
          cell.textContent = text;
        }
      }
    };
  }

  const renderScenarios = countTable("scenarios", D.SCENARIOS, "scenario-");
  const renderStatuses = countTable("statuses", D.STATUSES, "status-");
  const renderReasons = countTable("reasons", D.REASONS, "reason-");

  /** The top SKUs, most first, as the API orders them, then the rest in one row; rebuilt on each update (at most 21 rows). */
  function renderSkus(top, other) {
    const rows = (top || []).map((s) => el("tr", {}, el("td", { text: s.sku }), el("td", { class: "num", text: D.formatCount(s.refunds), dataset: { testid: "sku-" + s.sku } })));
    if (other > 0) {
      rows.push(el("tr", {}, el("td", {}, bilingual(["其他", "other SKUs"])), el("td", { class: "num", text: D.formatCount(other), dataset: { testid: "sku-other" } })));
    }
    document.getElementById("skus").replaceChildren(...rows);
    document.getElementById("skus-none").hidden = rows.length > 0;
  }

  const risksBox = document.getElementById("risks");
  const riskLists = {};
  for (const [name, pair] of Object.entries(D.RISKS)) {
    const count = el("span", { class: "count", dataset: { testid: `risk-${name}-count` } });
    const list = el("ul", { dataset: { testid: "risk-" + name } });
    const none = el("p", { class: "empty", text: "无 · none" });
    risksBox.append(el("section", {}, el("h3", {}, bilingual(pair), count), list, none));
    riskLists[name] = { list, count, none };
  }

  // ---- rendering one update ---------------------------------------------------------------------

  function renderMetrics(metrics) {
    setTestIdText("paid-orders", D.formatCount(metrics.paidOrders));
    setTestIdText("refunds", D.formatCount(metrics.refunds));
    setTestIdText("as-of", D.formatTime(metrics.asOf));
    document.getElementById("window-label").textContent = metrics.window || windowSelect.value;

    const rates = metrics.rates || {};
    const levels = metrics.levels || {};
    for (const indicator of indicators) {
      setTestIdText("rate-" + indicator.name, D.formatPercent(rates[indicator.name]));
      rateFigures[indicator.name].dataset.level = levels[indicator.name] || "normal";
    }
    refreshSeriesSoon();

    renderScenarios(metrics.refundsByScenario);
    renderStatuses(metrics.refundsByStatus);
    renderReasons(metrics.refundsByFirstReason);
    renderSkus(metrics.refundsBySku, metrics.refundsOfOtherSkus);
    renderCompletionChart(metrics.completion || {});
    renderResponseChart(metrics.response || {});
  }

  function riskItem(name, item) {
    const refundLink = item.refundId ? el("a", { href: "/dashboard/refunds/" + encodeURIComponent(item.refundId), text: item.refundId }) : null;
    const orderLink = item.orderId ? el("a", { href: "/dashboard/orders/" + encodeURIComponent(item.orderId), text: item.orderId }) : null;
    const what = el("span", {}, refundLink, refundLink && orderLink ? " · " : null, orderLink);
    // The API gives each risk item's moment as `at`: the seller's deadline, the return's signing, the ship promise or
    // the last tracking update, by list.
    const at = item.at;
    const when = {
      nearSellerDeadline: () => "due " + D.formatRelative(at),
      returnsSignedNotRefunded: () => "signed " + D.formatRelative(at),
      pastShipPromise: () => "ship by " + D.formatTime(at) + " (" + D.formatRelative(at) + ")",
      stalledParcels: () => "last tracking " + D.formatRelative(at),
    }[name];
    return el("li", { dataset: { id: item.refundId || item.orderId || "" } }, what, el("span", { class: "when", text: at && when ? when() : "" }));
  }

  // ---- the to-do counters: what waits on the shop now, each a link to its workbench list ---------

  const listUrl = (query) => `/dashboard/shops/${encodeURIComponent(shopId)}/refunds?` + new URLSearchParams(query);
  document.getElementById("todo-near").href = listUrl({ status: "waiting_seller_agree", sort: "deadline" });
  document.getElementById("todo-signed").href = listUrl({ status: "return_signed", sort: "deadline" });
  // The what-if page: the shop's policy in an editable form, replayed over its recording beside the one in force.
  document.getElementById("what-if-link").href = `/dashboard/shops/${encodeURIComponent(shopId)}/what-if`;

  function renderTodoFromRisks(risks) {
    const totals = (risks && risks.totals) || {};
    setTestIdText("todo-near-count", D.formatCount(totals.nearSellerDeadline ?? 0));
    setTestIdText("todo-signed-count", D.formatCount(totals.returnsSignedNotRefunded ?? 0));
    setTestIdText("todo-stalled-count", D.formatCount(totals.stalledParcels ?? 0));
  }

  async function loadCounts() {
    const response = await fetch(`/v1/shops/${encodeURIComponent(shopId)}/refunds/counts`, { cache: "no-store" });
    if (!response.ok) {
      throw new Error(`refund counts unavailable: HTTP ${response.status}`);
    }
    const seller = (await response.json()).waitingOn.seller;
    setTestIdText("todo-waiting-count", D.formatCount(seller.count));
    document.getElementById("todo-waiting").href = listUrl({ status: seller.statuses.join(","), sort: "deadline" });
  }

  function renderRisks(risks) {
    renderTodoFromRisks(risks);
    for (const [name, { list, count, none }] of Object.entries(riskLists)) {
      const items = Array.isArray(risks && risks[name]) ? risks[name] : [];
      list.replaceChildren(...items.map((item) => riskItem(name, item)));
      // The list holds the first 100; the count is the whole total the API gives beside it.
      const total = risks && risks.totals && Number.isFinite(risks.totals[name]) ? risks.totals[name] : items.length;
      count.textContent = total ? D.formatCount(total) : "";
      none.hidden = items.length > 0;
    }
  }

  // ---- the completion-time chart: inline SVG, grouped bars ----------------------------------------

  const BARS = [
    ["averageSeconds", "avg", "平均 avg"],
    ["p50Seconds", "p50", "p50"],
    ["p90Seconds", "p90", "p90"],
  ];

  const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
    172800, 432000, 864000, 1728000, 2592000];

  function svg(tag, attributes, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, value);
    }
    for (const child of children) {
      if (typeof child === "string") {
        node.append(document.createTextNode(child));
      } else if (child) {
        node.append(child);
      }
    }
    return node;
  }

  /** A grouped-bar chart of durations by completion group (avg, p50, p90) drawn into the element with this id. */
  function durationChart(containerId) {
    let lastKey = "";
    return (stats) => {
      const key = JSON.stringify(stats);
      if (key === lastKey) {
        return; // nothing changed: keep the DOM (and any hover) as it is
      }
      lastKey = key;
      drawDurations(containerId, stats);
    };
  }

  const renderCompletionChart = durationChart("completion-chart");
  const renderResponseChart = durationChart("response-chart");

  function drawDurations(containerId, completion) {
    const kinds = Object.keys(D.COMPLETION_KINDS).concat(Object.keys(completion).filter((k) => !(k in D.COMPLETION_KINDS)));
    // No completed refund of a kind: its bars are absent ("—"), not zero seconds.
    const value = (stats, field) =>
      stats && stats.count !== 0 && typeof stats[field] === "number" && Number.isFinite(stats[field]) ? stats[field] : null;

    const width = 760, height = 280;
    const margin = { top: 24, right: 16, bottom: 52, left: 64 };
    const plotW = width - margin.left - margin.right;
    const plotH = height - margin.top - margin.bottom;

    let max = 0;
    for (const kind of kinds) {
      for (const [field] of BARS) {
        max = Math.max(max, value(completion[kind], field) || 0);
      }
    }
    const step = TICK_STEPS.find((s) => max / s <= 5) || Math.ceil(max / 5);
    const top = Math.max(step, Math.ceil(max / step) * step);
    const y = (v) => margin.top + plotH - (v / top) * plotH;

    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "xMidYMid meet" });

    for (let t = 0; t <= top + 1e-9; t += step) {
      chart.append(
        svg("line", { class: "axis", x1: margin.left, x2: width - margin.right, y1: y(t), y2: y(t) }),
        svg("text", { class: "tick", x: margin.left - 8, y: y(t) + 4, "text-anchor": "end" }, D.formatDuration(t)));
    }

    const groupW = plotW / kinds.length;
    const barW = Math.min(40, (groupW - 40) / BARS.length);
    kinds.forEach((kind, g) => {
      const stats = completion[kind];
      const count = stats && typeof stats.count === "number" ? stats.count : 0;
      const groupX = margin.left + g * groupW;
      const barsX = groupX + (groupW - barW * BARS.length - 8 * (BARS.length - 1)) / 2;
      const group = svg("g", { "data-kind": kind, "data-count": String(count) });

      BARS.forEach(([field, cls, name], b) => {
        const v = value(stats, field);
        const x = barsX + b * (barW + 8);
        const h = v === null ? 0 : Math.max(v > 0 ? 1 : 0, (v / top) * plotH);
        group.append(
          svg("rect", { class: "bar " + cls, x, y: margin.top + plotH - h, width: barW, height: h, "data-field": field, "data-seconds": v === null ? "" : String(v) },
            svg("title", {}, `${label(D.COMPLETION_KINDS, kind)[1]} · ${name}: ${D.formatDuration(v)} (n=${count})`)),
          svg("text", { class: "bar-label", x: x + barW / 2, y: margin.top + plotH - h - 5, "text-anchor": "middle" }, D.formatDuration(v)));
      });

      const [zh, en] = label(D.COMPLETION_KINDS, kind);
      group.append(
        svg("text", { class: "group-label", x: groupX + groupW / 2, y: height - margin.bottom + 20, "text-anchor": "middle" }, zh),
        svg("text", { class: "group-sub", x: groupX + groupW / 2, y: height - margin.bottom + 36, "text-anchor": "middle" }, `${en} · n=${count}`));
      chart.append(group);
    });

    chart.append(svg("line", { class: "axis", x1: margin.left, x2: margin.left, y1: margin.top, y2: margin.top + plotH }));
    document.getElementById(containerId).replaceChildren(chart);
  }

  // ---- trends: sparklines of the last 24 hours, today against yesterday and last week --------------
  // (fetched with the to-do counts, when the figures change, at most every 5 s)

  const SERIES_EVERY_MS = 5000;
  let seriesFetchedAt = 0;
  let seriesTimer = null;

  /** Fetches the series when the figures change, at most every 5 s (a change meanwhile is fetched when the 5 s are up). */
  function refreshSeriesSoon() {
    if (seriesTimer !== null || !shopId || indicators.length === 0) {
      return;
    }
    const wait = Math.max(0, seriesFetchedAt + SERIES_EVERY_MS - Date.now());
    seriesTimer = setTimeout(async () => {
      try {
        await loadSeries();
      } finally {
        seriesFetchedAt = Date.now();
        seriesTimer = null;
      }
    }, wait);
  }

  async function fetchSeries(interval) {
    const response = await fetch(`/v1/shops/${encodeURIComponent(shopId)}/metrics/series?interval=${interval}`, { cache: "no-store" });
    if (!response.ok) {
      throw new Error(`series unavailable: HTTP ${response.status}`);
    }
    const document = await response.json();
    return Object.fromEntries(document.series.map((s) => [s.indicator, s]));
  }

  async function loadSeries() {
    try {
      const [hours, days] = await Promise.all([fetchSeries("hour"), fetchSeries("day"), loadCounts()]);
      for (const indicator of indicators) {
        const hourly = hours[indicator.name] || { points: [] };
        renderSparkline(indicator, hourly.points, hourly.warning);
        rateFigures[indicator.name].title = levelsTitle(indicator, hourly.warning, hourly.alarm);
        renderTrend(indicator, (days[indicator.name] || { points: [] }).points);
      }
    } catch (error) {
      message.textContent = error.message;
      message.classList.add("error");
    }
  }

  /** The last 24 hours, hourly; a dashed line at the warning level in force for the shop (its own or the table's). */
  function renderSparkline(indicator, points, warning) {
    const width = 140, height = 30, pad = 2;
    const values = points.map((p) => (typeof p.value === "number" ? p.value : null));
    const known = values.filter((v) => v !== null);
    const top = Math.max(1e-9, ...known, indicator.good === "lower" && typeof warning === "number" ? warning : 0) * 1.1;
    const x = (i) => pad + (i * (width - 2 * pad)) / Math.max(1, values.length - 1);
    const y = (v) => height - pad - (v / top) * (height - 2 * pad);
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, "aria-hidden": "true" });
    if (typeof warning === "number" && warning <= top) {
      chart.append(svg("line", { class: "threshold", x1: 0, x2: width, y1: y(warning), y2: y(warning), "data-level": String(warning) }));
    }
    // One polyline per run of hours with a value; an hour without a base is a gap, not a zero.
    let run = [];
    const flush = () => {
      if (run.length === 1) {
        chart.append(svg("circle", { class: "spark-dot", cx: run[0][0], cy: run[0][1], r: 1.8 }));
      } else if (run.length > 1) {
        chart.append(svg("polyline", { class: "spark-line", points: run.map((p) => p.join(",")).join(" ") }));
      }
      run = [];
    };
    values.forEach((v, i) => (v === null ? flush() : run.push([x(i).toFixed(1), y(v).toFixed(1)])));
    flush();
    const box = rateFigures[indicator.name].querySelector(".spark");
    box.dataset.points = values.map((v) => (v === null ? "" : String(v))).join(",");
    box.title = "last 24 h, hourly: " + values.map((v) => D.formatPercent(v)).join(" ");
    box.replaceChildren(chart);
  }

  /** Today (since the shop's midnight: its policy's UTC offset) against yesterday and the same day a week ago, in points. */
  function renderTrend(indicator, days) {
    const value = (p) => (p && typeof p.value === "number" ? p.value : null);
    const today = value(days[days.length - 1]);
    const yesterday = value(days[days.length - 2]);
    const lastWeek = value(days[days.length - 8]);
    const box = rateFigures[indicator.name].querySelector(".trend");
    const change = (before, zh, en) => {
      if (today === null || before === null) {
        return el("span", { class: "change none", text: `${zh} ${en} —` });
      }
      const delta = today - before;
      const points = Math.round(delta * 1000) / 10;
      const arrow = points > 0 ? "↑" : points < 0 ? "↓" : "→";
      const better = indicator.good === "neither" || points === 0 ? "same" : (points < 0) === (indicator.good === "lower") ? "better" : "worse";
      return el("span", { class: "change " + better, text: `${zh} ${en} ${arrow} ${points > 0 ? "+" : ""}${points.toFixed(1)} pt` });
    };
    box.replaceChildren(
      el("span", { class: "today", text: `今日 today ${D.formatPercent(today)}` }),
      change(yesterday, "较昨日", "vs yesterday"),
      change(lastWeek, "较上周", "vs last week"));
    box.dataset.today = today === null ? "" : String(today);
    box.dataset.yesterday = yesterday === null ? "" : String(yesterday);
  }

  // ---- the stream ---------------------------------------------------------------------------------

  let source = null;
  let retryTimer = null;

  function onUpdate(event) {
    let payload;
    try {
      payload = JSON.parse(event.data);
    } catch {
      message.textContent = "unreadable update: " + String(event.data).slice(0, 200);
      message.classList.add("error");
      return;
    }
    const metrics = payload.metrics || (typeof payload.paidOrders === "number" ? payload : null);
    if (metrics) {
      renderMetrics(metrics);
    }
    if (payload.risks) {
      renderRisks(payload.risks);
    }
    lastUpdate = new Date();
    message.textContent = "";
    message.classList.remove("error");
    setLive("connected", liveText());
  }

  /** The stream was refused (EventSource hides the answer): ask the plain endpoint why, for the message line. */
  async function explainFailure(windowName) {
    try {
      const response = await fetch(`/v1/shops/${encodeURIComponent(shopId)}/metrics?window=${encodeURIComponent(windowName)}`, { cache: "no-store" });
      if (!response.ok) {
        const problem = await response.json().catch(() => null);
        message.textContent = `metrics unavailable: HTTP ${response.status}` + (problem && problem.code ? ` (${problem.code})` : "");
        message.classList.add("error");
      }
    } catch (error) {
      message.textContent = "server unreachable: " + error.message;
      message.classList.add("error");
    }
  }

  function connect() {
    clearTimeout(retryTimer);
    if (source) {
      source.close();
      source = null;
    }
    if (!shopId) {
      setLive("disconnected", "no shop id in the address");
      return;
    }

    const windowName = windowSelect.value;
    const url = `/v1/shops/${encodeURIComponent(shopId)}/metrics/stream?window=${encodeURIComponent(windowName)}`;
    const current = new EventSource(url);
    source = current;
    setLive("connecting", "connecting…");

    current.addEventListener("open", () => {
      if (source === current) {
        setLive("connected", liveText());
      }
    });
    current.addEventListener("metrics", (event) => {
      if (source === current) {
        onUpdate(event);
      }
    });
    current.addEventListener("message", (event) => {
      if (source === current) {
        onUpdate(event); // an unnamed event carries the same payload
      }
    });
    current.addEventListener("error", () => {
      if (source !== current) {
        return;
      }
      if (current.readyState === EventSource.CLOSED) {
        // Refused (non-200 or not text/event-stream): the browser gives up, so retry ourselves.
        setLive("disconnected", `disconnected · retrying in ${RETRY_MS / 1000} s`);
        explainFailure(windowName);
        retryTimer = setTimeout(connect, RETRY_MS);
      } else {
        setLive("reconnecting", "reconnecting…"); // the browser reconnects by itself
      }
    });
  }

  windowSelect.addEventListener("change", () => {
    const params = new URLSearchParams(location.search);
    params.set("window", windowSelect.value);
    history.replaceState(null, "", location.pathname + "?" + params);
    lastUpdate = null;
    connect();
  });

  window.addEventListener("pagehide", () => source && source.close());

  renderCompletionChart({});
  renderResponseChart({});
  renderRisks({});
  loadIndicators().then(() => {
    connect();
    refreshSeriesSoon();
  });
})();
