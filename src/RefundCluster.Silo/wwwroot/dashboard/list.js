// Workbench list: a shop's refunds from GET /v1/shops/{shopId}/refunds (the same filters: status, kind, reason),
// sorted by time left, 50 a page, each deadline counting down live; the same list as CSV from the export link.
"use strict";

(() => {
  const D = window.Dash;
  const { el, label } = D;
  const PAGE_SIZE = 50;

  const match = location.pathname.match(/\/dashboard\/shops\/([^/]+)\/refunds\/?$/);
  const shopId = match ? decodeURIComponent(match[1]) : "";
  const params = new URLSearchParams(location.search);
  const filters = new URLSearchParams();
  for (const name of ["status", "kind", "reason"]) {
    if (params.get(name)) {
      filters.set(name, params.get(name));
    }
  }
  filters.set("sort", params.get("sort") === "modified" ? "modified" : "deadline");

  const rows = document.getElementById("rows");
  const none = document.getElementById("none");
  const message = document.getElementById("message");
  const nextButton = document.getElementById("next");
  const firstButton = document.getElementById("first");
  const pageLabel = document.getElementById("page-label");

  document.getElementById("shop-id").textContent = shopId || "(none)";
  document.getElementById("filter").textContent =
    [...filters].map(([name, value]) => `${name}=${value}`).join(" · ");
  document.getElementById("shop-link").href = "/dashboard/shops/" + encodeURIComponent(shopId);
  const base = `/v1/shops/${encodeURIComponent(shopId)}/refunds?`;
  const exportLink = document.getElementById("export");
  exportLink.href = base + new URLSearchParams([...filters, ["format", "csv"]]);

  let page = 1;
  let next = null;

  /** "2h 3m left", "due now", "5m 10s overdue"; "—" without a deadline. */
  function timeLeft(iso) {
    if (!iso) {
      return "—";
    }
    const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
    if (seconds === 0) {
      return "due now";
    }
    return seconds > 0 ? D.formatDuration(seconds) + " left" : D.formatDuration(-seconds) + " overdue";
  }

  function row(refund) {
    const countdown = el("td", { class: "countdown", text: timeLeft(refund.nextDeadline), dataset: { deadline: refund.nextDeadline || "" } });
    return el("tr", { dataset: { id: refund.refundId, testid: "row" } },
      el("td", {}, el("a", { href: "/dashboard/refunds/" + encodeURIComponent(refund.refundId), text: refund.refundId })),
      el("td", {}, el("a", { href: "/dashboard/orders/" + encodeURIComponent(refund.orderId), text: refund.orderId })),
      el("td", { text: label(D.STATUSES, refund.status)[0], title: refund.status, dataset: { status: refund.status } }),
      el("td", { text: refund.refundKind }),
      el("td", { text: label(D.REASONS, refund.reason)[0], title: refund.reason }),
      el("td", { class: "num", text: Number(refund.requestedAmount).toFixed(2) }),
      el("td", { text: D.formatTime(refund.requestedAt) }),
      countdown);
  }

  async function load(after) {
    const query = new URLSearchParams([...filters, ["limit", String(PAGE_SIZE)]]);
    if (after) {
      query.set("after", after);
    }
    try {
      const response = await fetch(base + query, { cache: "no-store" });
      if (!response.ok) {
        const problem = await response.json().catch(() => null);
        message.textContent = `list unavailable: HTTP ${response.status}` + (problem && problem.code ? ` (${problem.code})` : "");
        message.classList.add("error");
        return;
      }
      const body = await response.json();
      rows.replaceChildren(...body.refunds.map(row));
      none.hidden = body.refunds.length > 0;
      next = body.hasMore ? body.next : null;
      nextButton.disabled = next === null;
      firstButton.disabled = page === 1;
      pageLabel.textContent = `page ${page} · ${body.refunds.length} shown`;
      message.textContent = "";
      message.classList.remove("error");
    } catch (error) {
      message.textContent = "server unreachable: " + error.message;
      message.classList.add("error");
    }
  }

  nextButton.addEventListener("click", () => {
    if (next) {
      page += 1;
      load(next);
    }
  });
  firstButton.addEventListener("click", () => {
    page = 1;
    load(null);
  });

  // The countdowns tick every second without asking the server again.
  setInterval(() => {
    for (const cell of rows.querySelectorAll("td.countdown")) {
      const text = timeLeft(cell.dataset.deadline);
      if (cell.textContent !== text) {
        cell.textContent = text;
      }
      cell.classList.toggle("overdue", text.endsWith("overdue"));
    }
  }, 1000);

  load(null);
})();
