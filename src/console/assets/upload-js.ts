/**
 * Progressive enhancement of the upload form: files dropped on the zone become the file input's files, and
 * the chosen names are listed. Without this script the plain <input type=file multiple> form works the same.
 */
export const UPLOAD_JS = `
(function () {
  'use strict';
  var zones = document.querySelectorAll('[data-dropzone]');
  Array.prototype.forEach.call(zones, function (zone) {
    var input = zone.querySelector('input[type=file]');
    var out = zone.querySelector('[data-chosen]');
    if (!input) return;
    function show() {
      if (!out) return;
      var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
      out.textContent = names.length ? '已选择 ' + names.length + ' 个文件：' + names.join('、') : '';
    }
    input.addEventListener('change', show);
    zone.addEventListener('dragover', function (e) { e.preventDefault(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      zone.classList.remove('over');
      if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        show();
      }
    });
  });
})();
`;
