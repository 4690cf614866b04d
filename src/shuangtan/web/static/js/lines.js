// An activity-line editor (table#lines): each line's item and unit follow its activity.
(function () {
  var opts = JSON.parse(document.getElementById("line-options").textContent);
  var tbody = document.querySelector("#lines tbody");

  function fill(select, choices, selected) {
    select.innerHTML = "";
    choices.forEach(function (c) {
      var o = document.createElement("option");
      o.value = c.value; o.textContent = c.label;
      if (c.value === selected) { o.selected = true; }
      select.appendChild(o);
    });
  }

  function refresh(row, keepSelection) {
    var activity = row.querySelector(".activity").value;
    var spec = opts.activities.find(function (a) { return a.code === activity; });
    var itemSel = row.querySelector(".item"), unitSel = row.querySelector(".unit");
    var items = opts.items[activity] || [];
    var itemChoices = items.length
      ? items.map(function (i) { return { value: i.code, label: opts.zh ? i.zh : i.en }; })
      : [{ value: "", label: opts.none }];
    fill(itemSel, itemChoices, keepSelection ? itemSel.dataset.selected : "");
    itemSel.classList.toggle("muted", !items.length);
    var unitNames = opts.unit_names || {};
    fill(unitSel, spec.units.map(function (u) {
      var names = unitNames[u];
      return { value: u, label: names ? names[opts.zh ? 0 : 1] : u };
    }),
         keepSelection ? unitSel.dataset.selected : spec.units[0]);
  }

  tbody.querySelectorAll(".line-row").forEach(function (row) { refresh(row, true); });
  tbody.addEventListener("change", function (e) {
    if (e.target.classList.contains("activity")) { refresh(e.target.closest("tr"), false); }
  });
  tbody.addEventListener("click", function (e) {
    if (e.target.classList.contains("remove") && tbody.rows.length > 1) { e.target.closest("tr").remove(); }
  });
  document.getElementById("add-line").addEventListener("click", function () {
    var row = tbody.rows[tbody.rows.length - 1].cloneNode(true);
    row.querySelector("[name=line_id]").value = String.fromCharCode(97 + tbody.rows.length);
    row.querySelector(".quantity").value = "";
    tbody.appendChild(row);
    refresh(row, false);
  });
})();
