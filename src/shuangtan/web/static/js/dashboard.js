// The dashboard's county map: its tooltip, a click opens the county, the metric switch.
// (A file of its own: the Content-Security-Policy allows no inline script.)
window.addEventListener("load", function () {
  var el = document.getElementById("county-map");
  if (!el || !window.echarts) { return; }
  var chart = window.echarts.getInstanceByDom(el);
  if (!chart) { return; }
  var options = JSON.parse(el.dataset.options);
  var tooltip = { trigger: "item", renderMode: "richText", formatter: function (p) { return (p.data && p.data.label_text) || p.name; } };
  chart.setOption({ tooltip: tooltip });
  chart.on("click", function (p) { if (p.data && p.data.url) { window.location.href = p.data.url; } });
  document.querySelectorAll(".switch button[data-metric]").forEach(function (button) {
    button.addEventListener("click", function () {
      chart.setOption(options[button.dataset.metric], { notMerge: true });
      chart.setOption({ tooltip: tooltip });
      document.querySelectorAll(".switch button").forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
      el.dataset.metric = button.dataset.metric;
    });
  });
  el.dataset.ready = "1";
});
