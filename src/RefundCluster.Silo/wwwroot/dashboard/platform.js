// Platform page: the 24-hour shop leaderboard, polled every 2 seconds.
"use strict";

(() => {
  const { el, formatCount, formatPercent, formatDuration, formatTime, shopUrl } = window.Dash;

  const REFRESH_MS = 2000;
  const TOP = 20;

  const sortSelect = document.getElementById("sort");
  const body = document.getElementById("leaderboard-body");
  const empty = document.getElementById("leaderboard-empty");
  const status = document.getElementById("refresh-status");

  // The sort survives a reload through ?sort=.
  const initialSort = new URLSearchParams(location.search).get("sort");
  if (initialSort && [...sortSelect.options].some((o) => o.value === initialSort)) {
    sortSelect.value = initialSort;
  }

  let timer = null;
  let generation = 0; // a newer refresh loop (after a sort change) drops the older one's answers and timer

  function setStatus(state, text) {
    status.dataset.state = state;
    status.querySelector(".text").textContent = text;
  }

  function markSortedColumn() {
    for (const th of document.querySelectorAll("th[data-sort]")) {
      th.classList.toggle("sorted", th.dataset.sort === sortSelect.value);
    }
  }

  function row(rank, shop) {
    return el("tr", { dataset: { testid: "leaderboard-row-" + shop.shopId, shopId: shop.shopId } },
      el("td", { class: "num", text: String(rank) }),
      el("td", {}, el("a", { href: shopUrl(shop.shopId), text: shop.shopId, dataset: { testid: "leaderboard-link-" + shop.shopId } })),
      el("td", { class: "num", text: formatCount(shop.refunds) }),
      el("td", { class: "num", text: formatCount(shop.paidOrders) }),
      el("td", { class: "num", text: formatPercent(shop.refundRate) }),
      el("td", { class: "num", text: formatPercent(shop.refusalRate) }),
      el("td", { class: "num", text: formatPercent(shop.selfCompletionRate) }),
      el("td", { class: "num", text: formatPercent(shop.disputeRefundRate) }),
      el("td", { class: "num", text: formatPercent(shop.zeroSecondShare) }),
      el("td", { class: "num", text: formatDuration(shop.averageCompletionSeconds) }),
      el("td", { class: "num", text: formatTime(shop.asOf) }));
  }

  async function refresh(mine) {
    const url = `/v1/metrics/shops?sort=${encodeURIComponent(sortSelect.value)}&top=${TOP}`;
    try {
      const response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
      const answer = await response.json().catch(() => null);
      if (mine !== generation) {
        return;
      }
      if (!response.ok || !answer) {
        const detail = answer && (answer.code || answer.title) ? `${answer.code || answer.title}` : `HTTP ${response.status}`;
        setStatus("disconnected", "error: " + detail);
        return;
      }
      const shops = Array.isArray(answer.shops) ? answer.shops : [];
      body.replaceChildren(...shops.map((shop, i) => row(i + 1, shop)));
      empty.hidden = shops.length > 0;
      setStatus("connected", "updated " + formatTime(new Date().toISOString()));
    } catch (error) {
      if (mine === generation) {
        setStatus("disconnected", "unreachable: " + error.message);
      }
    }
  }

  function schedule() {
    clearTimeout(timer);
    const mine = ++generation;
    refresh(mine).finally(() => {
      if (mine === generation) {
        timer = setTimeout(schedule, REFRESH_MS);
      }
    });
  }

  sortSelect.addEventListener("change", () => {
    const params = new URLSearchParams(location.search);
    params.set("sort", sortSelect.value);
    history.replaceState(null, "", location.pathname + "?" + params);
    markSortedColumn();
    schedule();
  });

  document.getElementById("open-shop").addEventListener("submit", (event) => {
    event.preventDefault();
    const shopId = document.getElementById("open-shop-id").value.trim();
    if (shopId) {
      location.href = shopUrl(shopId);
    }
  });

  markSortedColumn();
  schedule();
})();
