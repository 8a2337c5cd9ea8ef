// Platform page: the 24-hour shop leaderboard, polled every 2 seconds: sorted by any indicator (the select or a click
// on a column header), searched by shop id and paged, 20 shops a page over the top 200; sort, search and page live in
// the address (?sort=&q=&page=), so a view can be shared and survives a reload.
"use strict";

(() => {
  const { el, formatCount, formatPercent, formatDuration, formatTime, shopUrl } = window.Dash;

  const REFRESH_MS = 2000;
  const TOP = 200;
  const PAGE = 20;

  const sortSelect = document.getElementById("sort");
  const body = document.getElementById("leaderboard-body");
  const empty = document.getElementById("leaderboard-empty");
  const status = document.getElementById("refresh-status");
  const search = document.getElementById("leaderboard-search");
  const pageLabel = document.getElementById("leaderboard-page");
  const prev = document.getElementById("leaderboard-prev");
  const next = document.getElementById("leaderboard-next");

  let shops = []; // the last answer: the top shops in the API's order
  let pageIndex = 0;

  // The view survives a reload through ?sort=&q=&page=.
  const initial = new URLSearchParams(location.search);
  if (initial.get("sort") && [...sortSelect.options].some((o) => o.value === initial.get("sort"))) {
    sortSelect.value = initial.get("sort");
  }
  search.value = initial.get("q") || "";
  pageIndex = Math.max(0, (parseInt(initial.get("page") || "1", 10) || 1) - 1);

  function remember() {
    const params = new URLSearchParams(location.search);
    params.set("sort", sortSelect.value);
    search.value.trim() ? params.set("q", search.value.trim()) : params.delete("q");
    pageIndex > 0 ? params.set("page", String(pageIndex + 1)) : params.delete("page");
    history.replaceState(null, "", location.pathname + "?" + params);
  }

  let timer = null;
  let generation = 0; // a newer refresh loop (after a sort change) drops the older one's answers and timer

  function setStatus(state, text) {
    status.dataset.state = state;
    status.querySelector(".text").textContent = text;
  }

  function markSortedColumn() {
    for (const th of document.querySelectorAll("th[data-sort]")) {
      const sorted = th.dataset.sort === sortSelect.value;
      th.classList.toggle("sorted", sorted);
      th.setAttribute("aria-sort", sorted ? "descending" : "none");
    }
  }

  // Search and page over the last answer; a shop keeps its rank in the whole leaderboard.
  function render() {
    const query = search.value.trim().toLowerCase();
    const ranked = shops.map((shop, i) => ({ shop, rank: i + 1 }));
    const found = query ? ranked.filter((r) => r.shop.shopId.toLowerCase().includes(query)) : ranked;
    const pages = Math.max(1, Math.ceil(found.length / PAGE));
    pageIndex = Math.min(pageIndex, pages - 1);
    body.replaceChildren(...found.slice(pageIndex * PAGE, (pageIndex + 1) * PAGE).map((r) => row(r.rank, r.shop)));
    empty.hidden = found.length > 0;
    empty.textContent = shops.length > 0 ? `没有匹配的店铺 · no shop id contains "${search.value.trim()}"` : "暂无店铺数据 · no shop has refund activity in the last 24 h yet";
    pageLabel.textContent = `${pageIndex + 1} / ${pages} · ${formatCount(found.length)} ${found.length === 1 ? "shop" : "shops"}`;
    prev.disabled = pageIndex === 0;
    next.disabled = pageIndex >= pages - 1;
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
      shops = Array.isArray(answer.shops) ? answer.shops : [];
      render();
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
    pageIndex = 0;
    remember();
    markSortedColumn();
    schedule();
  });

  // A sortable column's header sorts by it, by click or keyboard.
  for (const th of document.querySelectorAll("th[data-sort]")) {
    th.tabIndex = 0;
    th.title = "sort by this column";
    const sortByColumn = () => {
      if (sortSelect.value !== th.dataset.sort) {
        sortSelect.value = th.dataset.sort;
        sortSelect.dispatchEvent(new Event("change"));
      }
    };
    th.addEventListener("click", sortByColumn);
    th.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        sortByColumn();
      }
    });
  }

  search.addEventListener("input", () => {
    pageIndex = 0;
    remember();
    render();
  });
  prev.addEventListener("click", () => {
    pageIndex = Math.max(0, pageIndex - 1);
    remember();
    render();
  });
  next.addEventListener("click", () => {
    pageIndex += 1;
    remember();
    render();
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
