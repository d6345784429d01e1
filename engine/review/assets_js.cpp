// review.js, served as /assets/review.js: the record page's keyboard work (html_record.cpp has
// the keys' list). Enter sends the field's value: the server normalises and validates it exactly
// as an OCR value, and either stores it (confirmed / corrected) or refuses it with the reason.
#include "engine/review/http_internal.hpp"

namespace kamiflow::review::http {

const char* const kReviewJs = R"JS(
(function () {
  'use strict';
  var rec = document.getElementById('record');
  if (!rec) return;
  var id = rec.dataset.id;
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.field'));
  var zoom = document.getElementById('zoom'), verdict = document.getElementById('verdict');
  var done = document.getElementById('done'), lastInput = null, verdictKind = '';

  function input(row) { return row.querySelector('input'); }
  function remaining() {
    return rows.filter(function (r) {
      return r.dataset.doubtful === '1' && r.dataset.review === 'ocr' && r.dataset.pending !== '1';
    });
  }
  function showRemaining() { document.getElementById('remaining').textContent = String(remaining().length); }
  function nextDoubtful(from) {
    var i = rows.indexOf(from);
    for (var k = 1; k <= rows.length; k++) {
      var r = rows[(i + k) % rows.length];
      if (r.dataset.doubtful === '1' && r.dataset.review === 'ocr' && r.dataset.pending !== '1') return r;
    }
    return null;
  }
  function post(url, body) {
    return fetch(url, { method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (res) { return res.json().then(function (j) { j.status = res.status; return j; }); });
  }
  function setReview(row, review) {
    row.dataset.review = review;
    row.classList.remove('st-ocr', 'st-confirmed', 'st-corrected');
    row.classList.add('st-' + review);
    row.querySelector('td.state .badge').textContent =
      review === 'corrected' ? '訂正済' : review === 'confirmed' ? '確認済' : '未確認';
  }
  function finished() {
    document.getElementById('state-label').textContent = '確認済';
    rec.dataset.state = 'reviewed';
    done.hidden = false;
    done.focus();
  }
  function submit(row) {
    var el = input(row), err = row.querySelector('.err');
    return post('/api/records/' + id + '/fields/' + encodeURIComponent(row.dataset.field), { value: el.value })
      .then(function (j) {
        if (!j.ok) {
          row.classList.add('refused');
          err.textContent = j.error;
          el.focus();
          el.select();
          return;
        }
        row.classList.remove('refused');
        err.textContent = '';
        if (j.stage) {  // double entry: recorded, not decided yet
          row.dataset.pending = '1';
          row.querySelector('.note').textContent = j.stage === 'first'
            ? '入力を記録しました（ダブルチェック: 2人目の入力待ち）'
            : '1人目と一致しません。3人目の確認者が決めます（コンペア）';
          showRemaining();
          var after = nextDoubtful(row);
          if (after) input(after).focus();
          return;
        }
        el.value = j.value;
        el.dataset.stored = j.value;
        setReview(row, j.review);
        showRemaining();
        if (j.record_state === 'reviewed' && rec.dataset.state !== 'reviewed') return finished();
        var next = nextDoubtful(row) || rows[(rows.indexOf(row) + 1) % rows.length];
        input(next).focus();
      })
      .catch(function () { err.textContent = '送信できませんでした（サーバーに接続できません）'; });
  }
  function openZoom(row) {
    var img = document.getElementById('zoom-img'), frame = document.getElementById('zoom-frame');
    var boxEl = document.getElementById('zoom-box');
    lastInput = row ? input(row) : lastInput;
    zoom.hidden = false;
    function place() {
      if (!row) return;
      var b = row.dataset.box.split(',').map(Number), W = img.naturalWidth, H = img.naturalHeight;
      var q = ((Number(rec.dataset.rotation) % 360) + 360) % 360, x = b[0], y = b[1], w = b[2], h = b[3];
      // The box is in the unturned page; the image is upright (turned clockwise by q).
      if (q === 90) { x = H - b[1] - b[3]; y = b[0]; w = b[3]; h = b[2]; }
      if (q === 180) { x = W - b[0] - b[2]; y = H - b[1] - b[3]; }
      if (q === 270) { x = b[1]; y = W - b[0] - b[2]; w = b[3]; h = b[2]; }
      boxEl.style.left = x + 'px'; boxEl.style.top = y + 'px';
      boxEl.style.width = w + 'px'; boxEl.style.height = h + 'px';
      frame.scrollLeft = Math.max(0, x + w / 2 - frame.clientWidth / 2);
      frame.scrollTop = Math.max(0, y + h / 2 - frame.clientHeight / 2);
    }
    if (!img.getAttribute('src')) { img.onload = place; img.src = img.dataset.src; } else { place(); }
  }
  function closeOverlays() {
    zoom.hidden = true;
    verdict.hidden = true;
    if (lastInput) lastInput.focus();
  }
  function openVerdict(kind) {
    verdictKind = kind;
    document.getElementById('verdict-title').textContent =
      kind === 'rescan' ? '再スキャンを指示します' : 'この帳票を却下します';
    document.getElementById('verdict-err').textContent = '';
    verdict.hidden = false;
    var r = document.getElementById('verdict-reason');
    r.value = '';
    r.focus();
  }
  function sendVerdict() {
    var reason = document.getElementById('verdict-reason').value;
    post('/api/records/' + id + '/verdict', { verdict: verdictKind, reason: reason }).then(function (j) {
      if (!j.ok) { document.getElementById('verdict-err').textContent = j.error; return; }
      location.href = rec.dataset.next;
    });
  }

  rows.forEach(function (row) {
    var el = input(row);
    el.addEventListener('focus', function () { lastInput = el; el.select(); });
    el.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { e.preventDefault(); submit(row); }
      else if (e.key === 'Escape') { el.value = el.dataset.stored; row.classList.remove('refused'); row.querySelector('.err').textContent = ''; el.select(); }
    });
  });
  document.getElementById('verdict-reason').addEventListener('keydown', function (e) {
    if (e.key === 'Enter') { e.preventDefault(); sendVerdict(); }
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && (!zoom.hidden || !verdict.hidden)) { e.preventDefault(); closeOverlays(); return; }
    if (e.key === 'F2') {
      e.preventDefault();
      if (!zoom.hidden) { closeOverlays(); return; }
      var row = lastInput ? lastInput.closest('tr.field') : rows[0];
      openZoom(row);
    } else if (e.key === 'F8' || e.key === 'F9') {
      e.preventDefault();
      openVerdict(e.key === 'F8' ? 'rescan' : 'rejected');
    } else if (e.key === 'PageDown') {
      e.preventDefault();
      location.href = rec.dataset.next;
    } else if (e.key === 'Enter' && document.activeElement === done) {
      e.preventDefault();
      location.href = rec.dataset.next;
    }
  });
  document.body.dataset.ready = '1';
  var first = remaining()[0] || rows[0];
  if (rec.dataset.state === 'reviewed') { done.hidden = false; done.focus(); }
  else if (first) input(first).focus();
})();
)JS";

}  // namespace kamiflow::review::http
