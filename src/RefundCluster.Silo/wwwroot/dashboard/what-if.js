// What-if page: the shop's policy in force (GET /v1/shops/{shopId}/policy) in an editable form, a range, and the
// shop's recording of that range replayed under both, side by side: every rate, the automation shares, the money
// refunded by rules by amount band, the events skipped, and the refunds that end differently.
// The comparison is the API's POST /v1/shops/{shopId}/what-if, which takes a key; a signed-in browser has a session
// instead (read-only on the API), so it posts to /dashboard/shops/{shopId}/what-if, which runs the same endpoint.
"use strict";

(() => {
  const D = window.Dash;
  const { el, bilingual, label, setTestIdText } = D;

  const HOUR_MS = 3600 * 1000;

  // ---- which shop ---------------------------------------------------------------------------------

  const match = location.pathname.match(/\/dashboard\/shops\/([^/]+)\/what-if\/?$/);
  let shopId = "";
  if (match) {
    try {
      shopId = decodeURIComponent(match[1]);
    } catch {
      shopId = match[1];
    }
  }

  document.getElementById("shop-id").textContent = shopId || "(none)";
  if (shopId) {
    document.title = `${shopId} · 策略模拟 what-if`;
    document.getElementById("shop-link").href = D.shopUrl(shopId);
  }

  const form = document.getElementById("form");
  const compareButton = document.getElementById("compare");
  const resetButton = document.getElementById("reset");
  const presetSelect = document.getElementById("preset");
  const fromInput = document.getElementById("from");
  const toInput = document.getElementById("to");
  const results = document.getElementById("results");
  const stale = document.getElementById("stale");
  const message = document.getElementById("message");

  // ---- labels and formats ---------------------------------------------------------------------------

  /** Automation values of the API (RefundEnd.automation) → [label, subtitle]. */
  const AUTOMATIONS = {
    none: ["无", "none: a person, or not ended"],
    zero_second_refund: ["0秒退", "zero-second refund"],
    managed_mode: ["智能托管", "managed mode"],
    off_hours: ["下班自动退", "off hours"],
    listed_sku: ["指定商品自动退", "listed SKU"],
    warehouse_intercept: ["仓拦截0秒退", "warehouse intercept"],
    intercept_auto_refund: ["拦截自动退", "interception requested"],
    intercept_success_auto_refund: ["拦截成功自动退", "interception succeeded"],
    small_amount: ["小额自动退", "small amount"],
    auto_approve_return: ["自动同意退货", "return approved automatically"],
    auto_refund_on_return_signed: ["签收自动退", "return signed"],
    auto_refund_on_warehouse_received: ["ERP入仓自动退", "warehouse received"],
    timeout: ["超时", "a platform timer"],
    price_protection: ["价保自动退差价", "price protection"],
  };

  const moneyFormat = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  /** 750 → "750.00", 1250.5 → "1,250.50", null → "—". */
  function money(value) {
    return typeof value === "number" && Number.isFinite(value) ? moneyFormat.format(value) : "—";
  }

  const pad = (n) => String(n).padStart(2, "0");

  /** A date → "YYYY-MM-DDTHH:MM:SS" in the browser's time zone (a datetime-local input's value). */
  function localInput(date) {
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  }

  /** An ISO time → "YYYY-MM-DD HH:MM:SS", local. */
  function localTime(iso) {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? String(iso) : localInput(date).replace("T", " ");
  }

  /** A .NET TimeSpan ("1.02:30:00", "01:00:00") → hours, or null. */
  function hoursOf(timeSpan) {
    const m = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(String(timeSpan));
    if (!m) {
      return null;
    }
    const seconds = Number(m[2] || 0) * 86400 + Number(m[3]) * 3600 + Number(m[4]) * 60 + Number(m[5]) + (m[6] ? Number("0." + m[6]) : 0);
    return ((m[1] ? -1 : 1) * seconds) / 3600;
  }

  /** Hours → a .NET TimeSpan as the API reads it ("d.hh:mm:ss"; "48:00:00" is not one), to the second. */
  function timeSpanOf(hours) {
    let rest = Math.round(hours * 3600);
    const days = Math.floor(rest / 86400);
    rest -= days * 86400;
    const h = Math.floor(rest / 3600);
    rest -= h * 3600;
    const m = Math.floor(rest / 60);
    return (days ? days + "." : "") + `${pad(h)}:${pad(m)}:${pad(rest - m * 60)}`;
  }

  /** Hours as the form shows them: at most 4 decimals. */
  const hoursText = (hours) => (hours === null ? "" : String(Math.round(hours * 10000) / 10000));

  /** A non-negative amount or duration typed in a number input, or null. */
  function amountOf(input) {
    const value = input.value.trim() === "" ? NaN : Number(input.value);
    return Number.isFinite(value) && value >= 0 ? value : null;
  }

  // ---- the form: the rules a shop would try, each against the policy in force ----------------------

  /** A rule with an on/off switch and an amount cap: ShopPolicy's AmountCapRule (and 下班自动退's cap). */
  const capRule = (key, zh, en) => ({
    key, zh, en, unit: "元",
    read: (p) => ({ enabled: !!(p[key] && p[key].enabled), value: p[key] ? p[key].cap : null }),
    write: (p, v) => {
      p[key] = { ...(p[key] || {}), enabled: v.enabled, cap: v.value };
    },
  });

  const RULES = [
    capRule("zeroSecondRefund", "0秒退", "not shipped, refund only: refunded the moment it is asked"),
    capRule("interceptAutoRefund", "拦截自动退", "in transit: refunded when interception is asked, not yet out for delivery"),
    capRule("interceptSuccessAutoRefund", "拦截成功自动退", "in transit: refunded when logistics confirms the interception"),
    capRule("smallAmountAutoRefund", "小额自动退", "received, refund only: small amounts refunded at once"),
    {
      key: "managedMode", zh: "智能托管", en: "managed mode: not shipped, refund only, refunded at once", unit: "元",
      read: (p) => ({ enabled: !!p.managedMode, value: p.managedModeCap }),
      write: (p, v) => {
        p.managedMode = v.enabled;
        p.managedModeCap = v.value;
      },
    },
    capRule("priceProtectionAutoRefund", "价保自动退差价", "price-difference claims refunded at once"),
    capRule("offHoursAutoRefund", "下班自动退", "outside working hours (the hours stay as they are)"),
    {
      key: "sellerResponse", zh: "卖家处理时限", en: "seller response time: then the refund is granted", unit: "小时 h", noSwitch: true,
      read: (p) => ({ enabled: true, value: hoursOf(p.deadlines && p.deadlines.sellerResponse) }),
      write: (p, v) => {
        p.deadlines = { ...(p.deadlines || {}), sellerResponse: timeSpanOf(v.value) };
      },
    },
  ];

  const rows = {};
  for (const rule of RULES) {
    const enabled = rule.noSwitch ? null : el("input", { type: "checkbox", "aria-label": rule.zh + " on", dataset: { testid: `rule-${rule.key}-enabled` } });
    const value = el("input", {
      type: "number", min: "0", step: rule.noSwitch ? "any" : "0.01", required: "required", "aria-label": `${rule.zh} ${rule.unit}`,
      dataset: { testid: rule.noSwitch ? `rule-${rule.key}-hours` : `rule-${rule.key}-cap` },
    });
    const inForce = el("td", { class: "in-force", dataset: { testid: `rule-${rule.key}-current` } });
    const row = el("tr", { dataset: { rule: rule.key } },
      el("td", {}, bilingual([rule.zh, rule.en])),
      el("td", {}, enabled),
      el("td", { class: "num" }, value, el("span", { class: "unit", text: rule.unit })),
      inForce);
    document.getElementById("rules").append(row);
    rows[rule.key] = { rule, row, enabled, value, inForce };
  }

  let current = null; // the policy in force, as the API gave it
  let shown = {}; // what the form showed for each rule when it was filled: an unedited value is sent back as it was

  function describe(rule, v) {
    if (rule.noSwitch) {
      return v.value === null ? "—" : `${hoursText(v.value)} 小时 h`;
    }
    return (v.enabled ? "开 on" : "关 off") + ` · ≤ ${money(v.value)} 元`;
  }

  function fillForm(policy) {
    shown = {};
    for (const { rule, enabled, value, inForce } of Object.values(rows)) {
      const v = rule.read(policy);
      if (enabled) {
        enabled.checked = v.enabled;
      }
      value.value = rule.noSwitch ? hoursText(v.value) : v.value === null || v.value === undefined ? "" : String(v.value);
      shown[rule.key] = { enabled: v.enabled, text: value.value };
      inForce.textContent = describe(rule, v);
    }
    updateEdits();
  }

  /** The rules whose form values differ from the policy in force; marks their rows. */
  function updateEdits() {
    let count = 0;
    for (const { rule, row, enabled, value } of Object.values(rows)) {
      const before = current ? rule.read(current) : null;
      const typed = amountOf(value);
      const changed = !!before && ((enabled && enabled.checked !== before.enabled)
        || (value.value !== shown[rule.key].text && (typed === null || typed !== Number(before.value))));
      row.classList.toggle("changed", changed);
      row.dataset.changed = String(changed);
      count += changed ? 1 : 0;
    }
    const edits = document.getElementById("edits");
    edits.dataset.count = String(count);
    edits.textContent = count === 0 ? "与现行策略相同 · same as the policy in force" : `${count} 项修改 · ${count} rule${count === 1 ? "" : "s"} changed`;
  }

  /** The candidate: the policy in force with the form's rules; every other setting as it is. */
  function candidatePolicy() {
    const policy = structuredClone(current);
    const invalid = [];
    for (const { rule, enabled, value } of Object.values(rows)) {
      const v = { enabled: enabled ? enabled.checked : true, value: amountOf(value) };
      if (v.value === null) {
        invalid.push(`${rule.zh}: ${rule.noSwitch ? "hours" : "cap"} must be a number ≥ 0`);
        continue;
      }
      const unedited = value.value === shown[rule.key].text && (!enabled || enabled.checked === shown[rule.key].enabled);
      if (!unedited) {
        rule.write(policy, v);
      }
    }
    return { policy, invalid };
  }

  // ---- the range -------------------------------------------------------------------------------------

  /** A preset range ends now (to the next second): recomputed at each comparison, so "last 24 h" is always that. */
  function applyPreset() {
    const hours = Number(presetSelect.value);
    if (!Number.isFinite(hours)) {
      return;
    }
    const to = new Date(Math.ceil(Date.now() / 1000) * 1000);
    fromInput.value = localInput(new Date(to.getTime() - hours * HOUR_MS));
    toInput.value = localInput(to);
  }

  presetSelect.addEventListener("change", () => {
    applyPreset();
    markStale();
  });
  for (const input of [fromInput, toInput]) {
    input.addEventListener("input", () => {
      presetSelect.value = "custom";
    });
  }

  // ---- problems ----------------------------------------------------------------------------------------

  const problemBox = document.getElementById("problem");

  function showProblem(title, code, detail) {
    document.getElementById("problem-title").textContent = title;
    const codeNode = document.getElementById("problem-code");
    codeNode.textContent = code || "";
    codeNode.hidden = !code;
    document.getElementById("problem-detail").textContent = detail || "";
    problemBox.hidden = false;
  }

  /** A refusal: problem+json gives its code and detail; anything else its status. */
  async function showResponseProblem(what, response) {
    const problem = await response.json().catch(() => null);
    showProblem(`${what}: HTTP ${response.status}`, problem && problem.code, problem && (problem.detail || problem.title));
  }

  function clearProblem() {
    problemBox.hidden = true;
  }

  // ---- the comparison ------------------------------------------------------------------------------

  let indicatorGood = {}; // indicator name → "higher" | "lower" | "neither" (GET /v1/indicators)

  function markStale() {
    if (!results.hidden) {
      stale.hidden = false;
      results.dataset.stale = "true";
    }
  }

  /** "+2", "−150.00", "=" ; the class says which way it went. */
  function changeCell(testId, before, after, format) {
    const cell = el("td", { class: "num change", dataset: { testid: testId } });
    if (typeof before !== "number" || typeof after !== "number") {
      cell.textContent = "—";
      return cell;
    }
    const delta = Math.round((after - before) * 100) / 100;
    cell.textContent = delta === 0 ? "=" : (delta > 0 ? "↑ +" : "↓ −") + format(Math.abs(delta));
    cell.classList.add(delta === 0 ? "same" : "moved");
    return cell;
  }

  function compareRow(testId, pair, before, after, format) {
    const changed = before !== after;
    return el("tr", { class: changed ? "changed" : null, dataset: { changed: String(changed) } },
      el("td", {}, bilingual(pair)),
      el("td", { class: "num", text: format(before), dataset: { testid: testId + "-current" } }),
      el("td", { class: "num", text: format(after), dataset: { testid: testId + "-candidate" } }),
      changeCell(testId + "-change", before, after, format));
  }

  function renderTotals(now, then) {
    const count = D.formatCount;
    document.getElementById("totals").replaceChildren(
      compareRow("total-refunds", ["退款", "refunds"], now.refunds, then.refunds, count),
      compareRow("total-ended", ["已结束", "ended"], now.metrics.ended, then.metrics.ended, count),
      compareRow("total-refused", ["卖家拒绝", "refused by the seller"], now.metrics.refused, then.metrics.refused, count),
      compareRow("total-refunded", ["已退金额 (元)", "money refunded"], now.refundedAmount, then.refundedAmount, money),
      compareRow("total-automatic", ["自动退款金额 (元)", "refunded by a rule, no person deciding"], now.refundedAutomatically, then.refundedAutomatically, money),
      compareRow("total-skipped", ["跳过的事件", "events skipped"], now.skippedEvents, then.skippedEvents, count));
  }

  const SHARES = [
    ["automaticShare", "endedAutomatically", "自动完结占比", "automatic share: ended by a rule or a timer"],
    ["zeroSecondShare", "endedZeroSecond", "0秒退占比", "0-second share: paid the moment it was asked"],
  ];

  function renderShares(now, then, rates) {
    const byName = Object.fromEntries(rates.map((r) => [r.indicator, r]));
    document.getElementById("shares").replaceChildren(...SHARES.map(([name, field, zh, en]) => {
      const rate = byName[name] || { current: null, candidate: null };
      return el("div", { class: "figure share", dataset: { testid: "share-" + name, changed: String(rate.current !== rate.candidate) } },
        bilingual([zh, en]),
        el("div", { class: "value" },
          el("span", { class: "side", text: D.formatPercent(rate.current), dataset: { testid: `share-${name}-current` } }),
          el("span", { class: "arrow", text: " → " }),
          el("span", { class: "side candidate", text: D.formatPercent(rate.candidate), dataset: { testid: `share-${name}-candidate` } })),
        el("div", { class: "counts", dataset: { testid: `share-${name}-counts` },
          text: `${D.formatCount(now[field])} / ${D.formatCount(now.ended)} → ${D.formatCount(then[field])} / ${D.formatCount(then.ended)} ended` }));
    }));
  }

  function rateChange(rate) {
    const cell = el("td", { class: "num change", dataset: { testid: `rate-${rate.indicator}-change` } });
    const before = typeof rate.current === "number" ? rate.current : null;
    const after = typeof rate.candidate === "number" ? rate.candidate : null;
    if (before === null || after === null) {
      cell.textContent = before === after ? "—" : "≠";
      cell.classList.add(before === after ? "same" : "moved");
      return cell;
    }
    const points = Math.round((after - before) * 1000) / 10;
    if (points === 0) {
      cell.textContent = "=";
      cell.classList.add("same");
      return cell;
    }
    const good = indicatorGood[rate.indicator] || "neither";
    cell.textContent = `${points > 0 ? "↑ +" : "↓ −"}${Math.abs(points).toFixed(1)} pt`;
    cell.classList.add(good === "neither" ? "moved" : (points < 0) === (good === "lower") ? "better" : "worse");
    return cell;
  }

  function renderRates(rates) {
    document.getElementById("rates").replaceChildren(...rates.map((rate) => {
      const changed = rate.current !== rate.candidate || rate.currentLevel !== rate.candidateLevel;
      const row = el("tr", { class: changed ? "changed" : null, dataset: { indicator: rate.indicator, changed: String(changed) } },
        el("td", {}, bilingual([rate.zh, rate.en])),
        el("td", { class: "num level", text: D.formatPercent(rate.current), dataset: { testid: `rate-${rate.indicator}-current`, level: rate.currentLevel || "normal" } }),
        el("td", { class: "num level", text: D.formatPercent(rate.candidate), dataset: { testid: `rate-${rate.indicator}-candidate`, level: rate.candidateLevel || "normal" } }),
        rateChange(rate));
      row.title = `level: ${rate.currentLevel || "normal"} → ${rate.candidateLevel || "normal"}`;
      return row;
    }));
  }

  function bandLabel(band) {
    return band.to === null || band.to === undefined ? `≥ ${D.formatCount(band.from)}` : `${D.formatCount(band.from)} – ${D.formatCount(band.to)}`;
  }

  function renderBands(now, then) {
    const before = now.automaticByBand || [];
    const after = then.automaticByBand || [];
    const cells = (id, side, band) => [
      el("td", { class: "num", text: D.formatCount(band ? band.refunds : 0), dataset: { testid: `band-${id}-${side}-refunds` } }),
      el("td", { class: "num", text: money(band ? band.amount : 0), dataset: { testid: `band-${id}-${side}-amount` } }),
    ];
    const bandRows = before.map((band, i) => {
      const other = after.find((b) => b.from === band.from) || after[i] || null;
      const changed = !other || other.amount !== band.amount || other.refunds !== band.refunds;
      return el("tr", { class: changed ? "changed" : null, dataset: { band: String(band.from), changed: String(changed) } },
        el("td", { text: bandLabel(band) }),
        ...cells(band.from, "current", band),
        ...cells(band.from, "candidate", other),
        changeCell(`band-${band.from}-change`, band.amount, other ? other.amount : 0, money));
    });
    const sum = (bands) => bands.reduce((n, b) => n + b.refunds, 0);
    bandRows.push(el("tr", { class: "total" },
      el("td", {}, bilingual(["合计", "total"])),
      ...cells("total", "current", { refunds: sum(before), amount: now.refundedAutomatically }),
      ...cells("total", "candidate", { refunds: sum(after), amount: then.refundedAutomatically }),
      changeCell("band-total-change", now.refundedAutomatically, then.refundedAutomatically, money)));
    document.getElementById("bands").replaceChildren(...bandRows);
  }

  function renderSkipped(now, then) {
    const before = now.skippedByCode || {};
    const after = then.skippedByCode || {};
    const codes = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    const skippedRows = codes.map((code) => el("tr", { dataset: { code } },
      el("td", {}, el("code", { text: code })),
      el("td", { class: "num", text: D.formatCount(before[code] || 0), dataset: { testid: `skipped-${code}-current` } }),
      el("td", { class: "num", text: D.formatCount(after[code] || 0), dataset: { testid: `skipped-${code}-candidate` } })));
    if (codes.length === 0) {
      skippedRows.push(el("tr", {}, el("td", { class: "empty", colspan: "3", text: "无 · none: every recorded event applied under both" })));
    }
    skippedRows.push(el("tr", { class: "total" },
      el("td", {}, bilingual(["合计", "total"])),
      el("td", { class: "num", text: D.formatCount(now.skippedEvents), dataset: { testid: "skipped-total-current" } }),
      el("td", { class: "num", text: D.formatCount(then.skippedEvents), dataset: { testid: "skipped-total-candidate" } })));
    document.getElementById("skipped").replaceChildren(...skippedRows);
  }

  /** One side of a differing refund: status (and outcome), automation, money; highlighted where the other side differs. */
  function endCells(side, end, other) {
    if (!end) {
      return [el("td", { class: "absent", colspan: "3", text: "不存在 · no such refund under this policy", dataset: { testid: `diff-${side}-absent` } })];
    }
    const differs = (same) => (!other || !same ? "diff" : null);
    const [statusZh, statusEn] = label(D.STATUSES, end.status);
    return [
      el("td", { class: differs(other && other.status === end.status && other.outcome === end.outcome), title: `${end.status}${end.outcome ? " · " + end.outcome : ""}${end.endedAt ? " · ended " + localTime(end.endedAt) : ""}`,
        dataset: { testid: `diff-${side}-status`, value: end.status } },
        bilingual([statusZh, [statusEn, end.outcome ? end.outcome.replace(/_/g, " ") : ""].filter(Boolean).join(" · ")])),
      el("td", { class: differs(other && other.automation === end.automation), dataset: { testid: `diff-${side}-automation`, value: end.automation } },
        bilingual(label(AUTOMATIONS, end.automation))),
      el("td", { class: ["num", differs(other && other.refundedAmount === end.refundedAmount)].filter(Boolean).join(" "), text: money(end.refundedAmount),
        dataset: { testid: `diff-${side}-amount` } }),
    ];
  }

  function renderDifferences(report) {
    const listed = report.differences || [];
    const total = report.differingRefunds;
    document.getElementById("differences").replaceChildren(...listed.map((d) => el("tr", { dataset: { testid: "difference", id: d.refundId } },
      el("td", {}, el("a", { href: "/dashboard/refunds/" + encodeURIComponent(d.refundId), text: d.refundId, dataset: { testid: "diff-refund" } })),
      el("td", {}, el("a", { href: "/dashboard/orders/" + encodeURIComponent(d.orderId), text: d.orderId })),
      ...endCells("current", d.current, d.candidate),
      ...endCells("candidate", d.candidate, d.current))));
    document.getElementById("differences-none").hidden = total > 0;
    setTestIdText("differences-label", total > listed.length
      ? `${D.formatCount(total)} refunds end differently · the first ${D.formatCount(listed.length)} (by order id) listed`
      : `${D.formatCount(total)} refund${total === 1 ? "" : "s"} end${total === 1 ? "s" : ""} differently`);
  }

  function render(answer) {
    const report = answer.report;
    setTestIdText("report-range", `${localTime(report.from)} – ${localTime(report.to)}`);
    setTestIdText("report-orders", D.formatCount(report.orders));
    setTestIdText("report-events", D.formatCount(report.events));
    setTestIdText("report-firings", D.formatCount(report.firings));
    setTestIdText("differing-count", D.formatCount(report.differingRefunds));
    renderTotals(report.current, report.candidate);
    renderShares(report.current.metrics, report.candidate.metrics, answer.rates || []);
    renderRates(answer.rates || []);
    renderBands(report.current, report.candidate);
    renderSkipped(report.current, report.candidate);
    renderDifferences(report);
    results.hidden = false;
    stale.hidden = true;
    results.dataset.stale = "false";
  }

  let running = 0; // the comparison in flight: an older answer arriving late is dropped

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!current) {
      return;
    }
    clearProblem();
    const { policy, invalid } = candidatePolicy();
    if (invalid.length) {
      showProblem("输入有误 · the form is not valid", null, invalid.join("; "));
      return;
    }
    applyPreset();
    const from = new Date(fromInput.value);
    const to = new Date(toInput.value);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
      showProblem("输入有误 · the form is not valid", null, "pick both ends of the range");
      return;
    }

    const mine = ++running;
    compareButton.disabled = true;
    message.textContent = "回放中 · replaying the recording…";
    message.classList.remove("error");
    try {
      const response = await fetch(`/dashboard/shops/${encodeURIComponent(shopId)}/what-if`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ policy, from: from.toISOString(), to: to.toISOString() }),
        cache: "no-store",
        redirect: "manual", // a session that ended is sent to the login page: say so instead of reading its HTML
      });
      if (mine !== running) {
        return;
      }
      if (response.type === "opaqueredirect") {
        showProblem("已退出 · signed out", null, "the session ended: sign in again (reload the page)");
        markStale();
      } else if (!response.ok) {
        await showResponseProblem("比较失败 · the comparison was refused", response);
        markStale();
      } else {
        render(await response.json());
      }
      message.textContent = "";
    } catch (error) {
      showProblem("服务器不可达 · server unreachable", null, error.message);
      markStale();
      message.textContent = "";
    } finally {
      if (mine === running) {
        compareButton.disabled = false;
      }
    }
  });

  form.addEventListener("input", () => {
    updateEdits();
    markStale();
  });
  resetButton.addEventListener("click", () => {
    if (current) {
      fillForm(current);
      markStale();
    }
  });

  // ---- loading -------------------------------------------------------------------------------------

  async function loadIndicators() {
    try {
      const response = await fetch("/v1/indicators", { cache: "no-store" });
      if (response.ok) {
        indicatorGood = Object.fromEntries((await response.json()).map((i) => [i.name, i.good]));
      }
    } catch {
      // Without the table a change has no better/worse colour; the figures are the API's.
    }
  }

  async function load() {
    applyPreset();
    if (!shopId) {
      showProblem("no shop id in the address", null, "");
      return;
    }
    try {
      const [response] = await Promise.all([fetch(`/v1/shops/${encodeURIComponent(shopId)}/policy`, { cache: "no-store" }), loadIndicators()]);
      if (!response.ok) {
        await showResponseProblem("策略不可读 · policy unavailable", response);
        return;
      }
      const body = await response.json();
      current = body.policy;
      setTestIdText("policy-version", String(body.version));
      fillForm(current);
      compareButton.disabled = false;
      resetButton.disabled = false;
    } catch (error) {
      showProblem("服务器不可达 · server unreachable", null, error.message);
    }
  }

  load();
})();
