// Behaviours shared by every page. The Content-Security-Policy allows no inline script or
// style (web/protection.py), so what a template would have written inline is declared with
// data attributes and done here:
// - charts: any element with data-chart='<ECharts option JSON>' is drawn when it appears;
// - data-bg / data-width: a colour or a width the server computed (a grade, a status, a share);
// - data-autosubmit: a select that sends its form when it changes;
// - data-confirm: a form that asks before it is sent.
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
  function drawCharts(root) {
    if (!window.echarts) { return; }
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) { return; }
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(richTooltips(JSON.parse(el.dataset.chart)));
      el.dataset.drawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  function prepare(root) {
    decorate(root);
    drawCharts(root);
  }
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
