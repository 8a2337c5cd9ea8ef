// Shared helpers of the RefundCluster dashboard: labels, formatting, tiny DOM builders.
// Plain browser JavaScript, no libraries: the dashboard must work with no network beyond the silo itself.
"use strict";

window.Dash = (() => {
  /** Rate names of the metrics API → [Chinese label, English subtitle]. Display order. */
  const SCENARIOS = {
    not_shipped_refund_only: ["未发货仅退款", "not shipped, refund only"],
    in_transit_refund_only: ["已发货未收货仅退款", "in transit, refund only"],
    received_refund_only: ["已收货仅退款", "received, refund only"],
    return_and_refund: ["退货退款", "return and refund"],
    exchange: ["换货", "exchange"],
    reship: ["补发", "reship"],
    price_difference: ["退差价 (价保)", "price difference"],
  };

  const REASONS = {
    changed_mind: ["不想要了", "changed mind"],
    ordered_by_mistake: ["拍错/多拍", "ordered by mistake"],
    out_of_stock: ["缺货", "out of stock"],
    late_shipment: ["未按约定时间发货", "late shipment"],
    agreed_with_seller: ["协商一致", "agreed with seller"],
    parcel_not_arriving: ["快递一直未送到", "parcel not arriving"],
    no_tracking: ["物流无跟踪记录", "no tracking"],
    empty_parcel: ["空包裹", "empty parcel"],
    damaged_refused: ["破损已拒签", "damaged, refused"],
    seven_day_no_reason: ["七天无理由", "7-day no reason"],
    quality_defect: ["质量问题", "quality defect"],
    workmanship: ["做工问题", "workmanship"],
    material_differs: ["材质不符", "material differs"],
    not_as_described: ["描述不符", "not as described"],
    counterfeit: ["假冒品牌", "counterfeit"],
    arrived_damaged: ["收到破损", "arrived damaged"],
    missing_items: ["少件/漏发", "missing items"],
    wrong_item: ["发错货", "wrong item"],
    size: ["尺码不合适", "size"],
    disliked: ["效果不好/不喜欢", "disliked"],
    price_drop: ["价格变化/退差价", "price drop"],
    postage_refund: ["退运费", "postage refund"],
  };

  const STATUSES = {
    waiting_buyer_confirm: ["待买家确认", "waiting buyer confirm"],
    waiting_seller_agree: ["待卖家同意", "waiting seller agree"],
    waiting_buyer_return: ["待买家退货", "waiting buyer return"],
    waiting_seller_confirm_goods: ["待卖家确认收货", "waiting seller confirm goods"],
    return_signed: ["退货已签收", "return signed"],
    waiting_replacement: ["待发换货/补发", "waiting replacement"],
    seller_refused: ["卖家拒绝", "seller refused"],
    platform_review: ["小二介入", "platform review"],
    succeeded: ["退款成功", "succeeded"],
    closed: ["退款关闭", "closed"],
    waiting_buyer_receive_replacement: ["待买家收货 (换货/补发)", "waiting buyer receive replacement"],
  };

  const COMPLETION_KINDS = {
    refund_only: ["仅退款", "refund only"],
    return_and_refund: ["退货退款", "return and refund"],
    in_transit: ["在途拦截", "in transit"],
  };

  const RISKS = {
    nearSellerDeadline: ["即将超时 (卖家处理)", "near the seller's deadline"],
    returnsSignedNotRefunded: ["退货已签收未退款", "returns signed, not refunded"],
    pastShipPromise: ["超过承诺发货时间", "past the ship promise"],
    stalledParcels: ["物流停滞", "stalled parcels"],
  };

  /** "snake_name" → [label, subtitle], falling back to the raw name for values this page does not know yet. */
  function label(table, name) {
    return table[name] || [name.replace(/_/g, " "), ""];
  }

  const integerFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

  function formatCount(value) {
    return typeof value === "number" && Number.isFinite(value) ? integerFormat.format(value) : "—";
  }

  /** 0.5 → "50%", 0.6667 → "66.7%", null → "—". */
  function formatPercent(rate) {
    if (typeof rate !== "number" || !Number.isFinite(rate)) {
      return "—";
    }
    const tenths = Math.round(rate * 1000) / 10;
    return (Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)) + "%";
  }

  /** Seconds → "0 s", "12.5 s", "5m 3s", "3h 20m", "2d 4h"; null → "—". */
  function formatDuration(seconds) {
    if (typeof seconds !== "number" || !Number.isFinite(seconds)) {
      return "—";
    }
    const s = Math.max(0, seconds);
    if (s < 60) {
      const rounded = Math.round(s * 10) / 10;
      return (Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)) + " s";
    }
    const whole = Math.round(s);
    const units = [["d", 86400], ["h", 3600], ["m", 60], ["s", 1]];
    const parts = [];
    let rest = whole;
    for (const [unit, size] of units) {
      const n = Math.floor(rest / size);
      rest -= n * size;
      if (n > 0 || parts.length > 0) {
        parts.push(n + unit);
      }
      if (parts.length === 2) {
        break;
      }
    }
    if (parts.length === 2 && parts[1].startsWith("0")) {
      parts.pop();
    }
    return parts.join(" ");
  }

  /** An ISO timestamp → local "HH:MM:SS" (or the date too when it is not today). */
  function formatTime(iso) {
    if (!iso) {
      return "—";
    }
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
      return String(iso);
    }
    const now = new Date();
    const time = date.toLocaleTimeString("en-GB", { hour12: false });
    return date.toDateString() === now.toDateString() ? time : date.toISOString().slice(0, 10) + " " + time;
  }

  /** An ISO timestamp → "in 3h 20m" / "2h ago". */
  function formatRelative(iso) {
    if (!iso) {
      return "";
    }
    const at = new Date(iso).getTime();
    if (Number.isNaN(at)) {
      return "";
    }
    const seconds = (at - Date.now()) / 1000;
    return seconds >= 0 ? "in " + formatDuration(seconds) : formatDuration(-seconds) + " ago";
  }

  /** el("td", {class: "num", dataset: {testid: "x"}}, "text", child) */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null) {
        continue;
      }
      if (name === "dataset") {
        Object.assign(node.dataset, value);
      } else if (name === "text") {
        node.textContent = value;
      } else {
        node.setAttribute(name, value);
      }
    }
    for (const child of children) {
      if (child !== undefined && child !== null) {
        node.append(child);
      }
    }
    return node;
  }

  /** A label with its English subtitle underneath. */
  function bilingual([zh, en]) {
    return el("span", { class: "bilingual" }, el("span", { class: "zh", text: zh }), en ? el("span", { class: "en", text: en }) : null);
  }

  /** Sets the text of the element with that data-testid (only when it changes, so selections are not lost). */
  function setTestIdText(testId, text) {
    const node = document.querySelector(`[data-testid="${CSS.escape(testId)}"]`);
    if (node && node.textContent !== text) {
      node.textContent = text;
    }
    return node;
  }

  function shopUrl(shopId) {
    return "/dashboard/shops/" + encodeURIComponent(shopId);
  }

  return {
    SCENARIOS, REASONS, STATUSES, COMPLETION_KINDS, RISKS,
    label, bilingual, el, setTestIdText, shopUrl,
    formatCount, formatPercent, formatDuration, formatTime, formatRelative,
  };
})();
