// One refund's or one order's page: where it stands, its pending deadlines and its history, read from the API.
"use strict";

(() => {
  const D = window.Dash;
  const { el } = D;

  /** /dashboard/refunds/{id} or /dashboard/orders/{id}. */
  const match = location.pathname.match(/\/dashboard\/(refunds|orders)\/([^/]+)\/?$/);
  const kind = match ? match[1] : "";
  const id = match ? decodeURIComponent(match[2]) : "";
  const message = document.getElementById("message");

  // What each kind shows, in this order: [label, field, format].
  const money = (v) => (typeof v === "number" ? v.toFixed(2) + " 元" : "—");
  const text = (v) => (v === undefined || v === null || v === "" ? "—" : String(v));
  const FACTS = {
    refunds: [
      ["状态 status", "status", text], ["淘宝状态 Taobao status", "taobaoStatus", text], ["类型 kind", "refundKind", text],
      ["场景 scenario", "scenario", text], ["申请金额 requested", "requestedAmount", money], ["已退 refunded", "refundedAmount", money],
      ["首次原因 first reason", "firstReason", text], ["自动化 automation", "automation", text], ["结果 outcome", "outcome", text],
      ["订单 order", "orderId", text], ["申请时间 requested at", "requestedAt", D.formatTime], ["结束 ended at", "endedAt", D.formatTime],
    ],
    orders: [
      ["状态 status", "status", text], ["淘宝状态 Taobao status", "taobaoStatus", text], ["支付 paid", "paidAmount", money],
      ["已退 refunded", "refundedAmount", money], ["可退 refundable", "refundableAmount", money], ["支付时间 paid at", "paidAt", D.formatTime],
    ],
  };

  function render(view) {
    document.getElementById("entity-title").textContent = kind === "refunds" ? "退款 refund " : "订单 order ";
    document.getElementById("entity-id").textContent = id;
    document.title = (kind === "refunds" ? "退款 " : "订单 ") + id + " · RefundCluster";
    if (view.shopId) {
      const link = document.getElementById("shop-link");
      link.href = D.shopUrl(view.shopId);
      link.textContent = "← 店铺看板 " + view.shopId;
    }

    document.getElementById("facts").replaceChildren(...FACTS[kind].map(([name, field, format]) =>
      el("tr", {}, el("td", { text: name }), el("td", { class: "num", text: format(view[field]), dataset: { testid: "fact-" + field } }))));

    const deadlines = Array.isArray(view.deadlines) ? view.deadlines : [];
    document.getElementById("deadlines").replaceChildren(...(deadlines.length
      ? deadlines.map((d) => el("li", { dataset: { testid: "deadline" } }, text(d.kind) + " · " + D.formatTime(d.due) + " (" + D.formatRelative(d.due) + ")"))
      : [el("li", { class: "empty", text: "无 · none" })]));

    const history = Array.isArray(view.history) ? view.history : [];
    document.getElementById("history").replaceChildren(...history.map((h) =>
      el("li", { dataset: { testid: "history-entry" } },
        el("span", { class: "when", text: D.formatTime(h.at) }), " ",
        el("strong", { text: h.action }), " · " + text(h.actor) + (h.detail ? " · " + h.detail : ""))));

    // An order's refunds lead to their own pages.
    if (kind === "orders" && Array.isArray(view.refunds) && view.refunds.length) {
      document.getElementById("facts").append(el("tr", {}, el("td", { text: "退款 refunds" }), el("td", {},
        ...view.refunds.flatMap((r, i) => [i ? " · " : null, el("a", { href: "/dashboard/refunds/" + encodeURIComponent(r.refundId), text: r.refundId + " (" + r.status + ")" })]))));
    }
  }

  async function load() {
    if (!kind || !id) {
      message.textContent = "Not a refund or order address.";
      return;
    }
    try {
      const response = await fetch(`/v1/${kind}/${encodeURIComponent(id)}`, { headers: { accept: "application/json" }, cache: "no-store" });
      if (!response.ok) {
        message.textContent = response.status === 404 ? "未找到 · not found" : `The API answered ${response.status}.`;
        return;
      }
      render(await response.json());
    } catch (e) {
      message.textContent = "Could not read it: " + e;
    }
  }

  load();
})();
