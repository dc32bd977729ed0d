(function () {
  'use strict';
  var form = document.getElementById('filters');
  var shown = document.getElementById('shown');
  function ticked(name) {
    var out = [], boxes = form.querySelectorAll('input[name="' + name + '"]');
    for (var i = 0; i < boxes.length; i++) { if (boxes[i].checked) { out.push(boxes[i].value); } }
    return out;
  }
  function overlaps(attr, wanted) {
    var have = (attr || '').split(' ');
    for (var i = 0; i < have.length; i++) { if (have[i] && wanted.indexOf(have[i]) >= 0) { return true; } }
    return false;
  }
  function applyReport() {
    var sev = ticked('severity'), kind = ticked('kind'), count = 0;
    var faithful = document.getElementById('show-faithful').checked;
    var rows = document.querySelectorAll('#beads tr.bead');
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i], s = row.getAttribute('data-severity');
      var visible = s ? overlaps(s, sev) && overlaps(row.getAttribute('data-kind'), kind) : faithful;
      row.hidden = !visible;
      var notes = row.nextElementSibling;
      if (notes && notes.classList.contains('notes')) { notes.hidden = !visible; }
      if (visible) { count++; }
    }
    shown.textContent = String(count);
  }
  function applyMatrix() {
    var covered = document.getElementById('show-covered').checked, count = 0;
    var rows = document.querySelectorAll('#coverage tr.cov');
    for (var i = 0; i < rows.length; i++) {
      var visible = covered || rows[i].getAttribute('data-covered') !== 'yes';
      rows[i].hidden = !visible;
      if (visible) { count++; }
    }
    shown.textContent = String(count);
  }
  var apply = document.getElementById('beads') ? applyReport : applyMatrix;
  form.addEventListener('change', apply);
  apply();
})();
