// Behaviours shared by every page. The Content-Security-Policy allows no inline script or
// style (web/protection.py), so what a template would have written inline is declared with
// data attributes and done here:
// - charts: any element with data-chart='<ECharts option JSON>' is drawn when it appears;
// - data-bg / data-width: a colour or a width the server computed (a grade, a status, a share);
// - data-autosubmit: a select that sends its form when it changes;
// - data-confirm: a form that asks before it is sent;
// - the top bar: the menu button (phones) and the rooms' menus (web/navigation.py);
// - tables: each table of a page is put in a wrapper that scrolls sideways on a small screen.
(function () {
  function decorate(root) {
    root.querySelectorAll("[data-bg]").forEach(function (el) {
      el.style.background = el.dataset.bg;
    });
    root.querySelectorAll("[data-width]").forEach(function (el) {
      el.style.width = el.dataset.width;
    });
  }
  // ECharts writes an HTML tooltip whose markup carries style attributes, which the policy
  // blocks: every chart's tooltip is drawn as rich text inside the chart instead.
  function richTooltips(option) {
    var tips = option.tooltip;
    (Array.isArray(tips) ? tips : (tips ? [tips] : [])).forEach(function (tip) {
      tip.renderMode = "richText";
    });
    return option;
  }
  // On a narrow screen an axis has room for fewer labels than it was given: those that would
  // overlap are left out; a legend stays on one row (scrolled) instead of covering the plot; a
  // pie is drawn smaller so that its labels, wrapped to a width, fit beside it.
  function spacedLabels(option) {
    if (window.innerWidth < 800) {
      var legends = option.legend;
      (Array.isArray(legends) ? legends : (legends ? [legends] : [])).forEach(function (legend) {
        if (!legend.type) { legend.type = "scroll"; }
      });
      var series = option.series;
      (Array.isArray(series) ? series : (series ? [series] : [])).forEach(function (one) {
        if (one.type !== "pie") { return; }
        one.radius = ["24%", "44%"];
        one.label = Object.assign({}, one.label || {}, { width: 96, overflow: "break", fontSize: 11 });
        one.labelLine = Object.assign({ length: 6, length2: 4 }, one.labelLine || {});
      });
    }
    ["xAxis", "yAxis"].forEach(function (key) {
      var axes = option[key];
      (Array.isArray(axes) ? axes : (axes ? [axes] : [])).forEach(function (axis) {
        axis.axisLabel = axis.axisLabel || {};
        if (axis.axisLabel.hideOverlap === undefined) { axis.axisLabel.hideOverlap = true; }
      });
    });
    return option;
  }
  function drawCharts(root) {
    if (!window.echarts) { return; }
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) { return; }
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(spacedLabels(richTooltips(JSON.parse(el.dataset.chart))));
      el.dataset.drawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  function wrapTables(root) {
    root.querySelectorAll("main table").forEach(function (table) {
      var parent = table.parentElement;
      if (!parent || parent.classList.contains("table-wrap") || parent.classList.contains("scroll-x")) { return; }
      var wrap = document.createElement("div");
      wrap.className = "table-wrap";
      parent.insertBefore(wrap, table);
      wrap.appendChild(table);
    });
  }
  function prepare(root) {
    decorate(root);
    wrapTables(root);
    drawCharts(root);
  }
  function closeMenus(except) {
    document.querySelectorAll(".navgroup.open").forEach(function (group) {
      if (group === except) { return; }
      group.classList.remove("open");
      group.querySelector(".navgroup-toggle").setAttribute("aria-expanded", "false");
    });
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    var toggle = target && target.closest ? target.closest(".menu-toggle, .navgroup-toggle") : null;
    if (toggle && toggle.classList.contains("menu-toggle")) {
      var bar = toggle.closest(".topbar");
      var open = bar.classList.toggle("nav-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      return;
    }
    if (toggle) {
      var group = toggle.parentElement;
      closeMenus(group);
      var opened = group.classList.toggle("open");
      toggle.setAttribute("aria-expanded", opened ? "true" : "false");
      return;
    }
    if (!(target && target.closest && target.closest(".navgroup"))) { closeMenus(null); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeMenus(null); }
  });
  document.addEventListener("DOMContentLoaded", function () { prepare(document); });
  document.addEventListener("htmx:afterSwap", function (event) { prepare(event.target); });
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("[data-autosubmit]") && el.form) { el.form.submit(); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }, true);
})();
