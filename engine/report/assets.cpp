// The report's constant CSS and JS, inline in every report.html so the page needs no network and no
// second file to look right. Sized for a 1366×768 laptop: one column, a 200 px thumbnail beside a
// table that never needs horizontal scrolling. The JS is optional: without it all rows are shown.
namespace kamiflow {

extern const char* const kReportCss;
extern const char* const kReportJs;

const char* const kReportCss = R"CSS(
:root {
  --ink: #1c2733; --muted: #5f6b7a; --line: #d5dbe3; --paper: #ffffff; --bg: #eef1f5;
  --navy: #1d3a5c; --ok: #1b7a35; --ok-bg: #e4f4e8;
  --warn: #8a5800; --warn-bg: #fff6dc; --warn-line: #f0b400;
  --bad: #a51d1d; --bad-bg: #fdeaea; --bad-line: #d93636;
  --unc: #5a3f8f; --unc-bg: #efe9fa;
}
* { box-sizing: border-box; }
html { font-size: 14px; }
body {
  margin: 0; background: var(--bg); color: var(--ink); line-height: 1.5;
  font-family: "IPAGothic", "IPAexGothic", "Noto Sans CJK JP", sans-serif;
}
.en { color: var(--muted); font-size: 0.8em; font-weight: normal; }
header.top {
  background: var(--navy); color: #fff; padding: 10px 24px;
  display: flex; align-items: baseline; justify-content: space-between; gap: 16px;
}
header.top h1 { font-size: 1.35rem; margin: 0; letter-spacing: 0.04em; }
header.top .meta { font-size: 0.85rem; color: #c9d6e6; }
main { max-width: 1320px; margin: 0 auto; padding: 14px 20px 8px; }

.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(124px, 1fr)); gap: 8px; }
.card {
  background: var(--paper); border: 1px solid var(--line); border-top: 4px solid var(--navy);
  border-radius: 6px; padding: 6px 10px;
}
.card .num { font-size: 1.6rem; font-weight: bold; line-height: 1.2; font-variant-numeric: tabular-nums; }
.card .num small { font-size: 0.85rem; font-weight: normal; }
.card .lbl { font-size: 0.9rem; font-weight: bold; line-height: 1.3; }
.card .lbl .en { display: block; font-size: 0.72rem; }
.card .note { font-size: 0.72rem; color: var(--muted); line-height: 1.3; }
.card.zero { border-top-color: var(--ok); }
.card.zero .num { color: var(--ok); }
.card.warn { border-top-color: var(--warn-line); background: var(--warn-bg); }
.card.warn .num { color: var(--warn); }
.card.bad { border-top-color: var(--bad-line); background: var(--bad-bg); }
.card.bad .num { color: var(--bad); }
.card.acc { border-top-color: #3a78b5; }

nav.pager { margin: 12px 0 4px; display: flex; flex-wrap: wrap; gap: 6px; }
nav.pager a, nav.pager span {
  padding: 2px 12px; border: 1px solid var(--navy); border-radius: 4px; background: var(--paper);
  color: var(--navy); text-decoration: none;
}
nav.pager span[aria-current] { background: var(--navy); color: #fff; font-weight: bold; }
nav.filters { margin: 14px 0 4px; display: flex; gap: 8px; }
nav.filters[hidden] { display: none; }
nav.filters button {
  font: inherit; padding: 5px 16px; border: 1px solid var(--navy); background: var(--paper);
  color: var(--navy); border-radius: 18px; cursor: pointer;
}
nav.filters button[aria-pressed="true"] { background: var(--navy); color: #fff; }
nav.filters button[aria-pressed="true"] .en { color: #c9d6e6; }
nav.filters .count {
  display: inline-block; min-width: 1.6em; margin-left: 4px; padding: 0 6px; border-radius: 9px;
  background: var(--warn-line); color: #000; font-size: 0.85em; text-align: center;
}

section.page {
  background: var(--paper); border: 1px solid var(--line); border-left: 6px solid var(--ok);
  border-radius: 6px; margin: 12px 0; padding: 10px 14px 12px;
}
section.page.st-needs_review { border-left-color: var(--warn-line); }
section.page.st-rejected { border-left-color: var(--bad-line); }
section.page.st-unclassified { border-left-color: var(--unc); }
.page-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 12px; }
.page-head h2 { font-size: 1.15rem; margin: 0; }
.page-head .form-id { font-size: 0.8rem; color: var(--muted); font-weight: normal; font-family: monospace; }
.page-head .src { color: var(--muted); font-size: 0.85rem; }
.page-head .file { font-family: monospace; overflow-wrap: anywhere; }
.badge {
  display: inline-block; padding: 1px 12px; border-radius: 4px; font-weight: bold; font-size: 0.95rem;
  border: 1px solid currentColor;
}
.badge.st-accepted, .badge.st-reviewed { color: var(--ok); background: var(--ok-bg); }
.badge.st-needs_review { color: var(--warn); background: var(--warn-bg); }
.badge.st-rejected { color: var(--bad); background: var(--bad-bg); }
.badge.st-unclassified { color: var(--unc); background: var(--unc-bg); }
.reason { margin: 6px 0 0; padding: 4px 10px; background: #f6f7f9; border-radius: 4px; font-size: 0.92rem; }
.st-needs_review .reason { background: var(--warn-bg); }
.st-rejected .reason, .st-unclassified .reason { background: var(--bad-bg); color: var(--bad); }

.page-body { display: flex; gap: 14px; align-items: flex-start; margin-top: 8px; }
a.thumb { flex: 0 0 200px; display: block; border: 1px solid var(--line); background: #fafafa; }
a.thumb img { display: block; width: 100%; height: auto; }
.nofields { color: var(--muted); margin: 4px 0; }

/* Fixed layout: the same columns line up on every page, with or without the 正誤 column. */
table.fields { flex: 1 1 auto; border-collapse: collapse; width: 100%; min-width: 0; table-layout: fixed; }
table.fields col.c-label { width: 15%; }
table.fields col.c-crop { width: 29%; }
table.fields col.c-conf { width: 96px; }
table.fields col.c-flags { width: 13%; }
table.fields col.c-truth { width: 12%; }
table.fields th, table.fields td {
  border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: middle;
}
table.fields thead th {
  background: #f1f4f8; font-size: 0.85rem; color: #34414f; font-weight: bold; white-space: nowrap;
  border-bottom: 2px solid var(--line);
}
table.fields tbody th { font-weight: normal; }
table.fields .label { font-weight: bold; }
table.fields .fname { font-size: 0.72rem; color: var(--muted); font-family: monospace; }
td.crop img {
  display: block; max-width: 100%; max-height: 64px; border: 1px solid #c8ced6; background: #fff;
  image-rendering: auto;
}
td.crop a.sprite {
  display: block; background-repeat: no-repeat; background-color: #fff; border: 1px solid #c8ced6;
}
td.value { font-size: 1.15rem; overflow-wrap: anywhere; }
td.value .raw { font-size: 0.75rem; color: var(--muted); }
td.value .raw span { font-family: monospace; }
.blank, .none { color: #98a2ae; font-size: 0.9rem; }
td.conf { font-variant-numeric: tabular-nums; }
td.conf .pct { font-size: 0.9rem; }
.bar { height: 6px; background: #e3e7ec; border-radius: 3px; overflow: hidden; }
.bar span { display: block; height: 100%; background: #3a78b5; }
.bar.low span { background: var(--warn-line); }
.flag {
  display: inline-block; margin: 1px 4px 1px 0; padding: 0 6px; border-radius: 3px; font-size: 0.8rem;
  background: var(--warn-line); color: #000; white-space: nowrap;
}
td.truth .mark { margin-right: 2px; }
td.truth .mark { font-size: 1.3rem; font-weight: bold; }
td.truth.ok .mark { color: var(--ok); }
td.truth.ng .mark { color: var(--bad); }
td.truth .silent {
  display: inline-block; padding: 0 5px; background: var(--bad); color: #fff; border-radius: 3px; font-size: 0.8rem;
}
td.truth .exp { font-size: 0.8rem; white-space: normal; overflow-wrap: anywhere; }
tr.row-review { background: var(--warn-bg); }
tr.row-review > th { box-shadow: inset 4px 0 0 var(--warn-line); }
tr.row-wrong { background: var(--bad-bg); }
tr.row-wrong > th { box-shadow: inset 4px 0 0 var(--bad-line); }

body.only-review [data-doubtful="0"] { display: none; }
.all-clear { display: none; color: var(--ok); font-weight: bold; }
body.only-review .all-clear { display: block; }
body.only-rejected section.page:not(.st-rejected):not(.st-unclassified) { display: none; }
.empty { color: var(--muted); }

footer.privacy {
  /* Lines up with main's content box (1320 px minus its 20 px padding each side). */
  max-width: 1280px; margin: 8px max(20px, calc((100% - 1280px) / 2)) 20px;
  padding: 10px 14px; border: 1px solid var(--bad-line);
  border-radius: 6px; background: #fff; font-size: 0.85rem;
}
footer.privacy strong { color: var(--bad); margin-right: 8px; }
footer.privacy .en { display: block; }

@media (max-width: 900px) {
  .page-body { flex-direction: column; }
  a.thumb { flex-basis: auto; width: 160px; }
}
@media print {
  body { background: #fff; }
  nav.filters { display: none; }
  section.page { break-inside: avoid; }
}
)CSS";

// Runs after the DOM is parsed (the tag sits at the end of <body>). data-broken-images and
// data-visible-rows on <body> let the browser test (and a curious reviewer) see what rendered.
const char* const kReportJs = R"JS(
(function () {
  'use strict';
  var body = document.body;
  window.addEventListener('load', function () {
    var imgs = document.images, broken = 0;
    for (var i = 0; i < imgs.length; i++) {
      if (!imgs[i].complete || imgs[i].naturalWidth === 0) broken++;
    }
    body.dataset.imagesTotal = String(imgs.length);
    body.dataset.brokenImages = String(broken);
  });
  var nav = document.querySelector('nav.filters');
  if (!nav) return;
  var buttons = nav.querySelectorAll('button');
  function apply(filter) {
    body.classList.toggle('only-review', filter === 'review');
    body.classList.toggle('only-rejected', filter === 'rejected');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute('aria-pressed', String(buttons[i].dataset.filter === filter));
    }
    var rows = document.querySelectorAll('table.fields tbody tr'), shown = 0;
    for (var j = 0; j < rows.length; j++) if (rows[j].offsetParent !== null) shown++;
    body.dataset.visibleRows = String(shown);
    var pages = document.querySelectorAll('section.page'), visible = 0;
    for (var k = 0; k < pages.length; k++) if (pages[k].offsetParent !== null) visible++;
    body.dataset.visiblePages = String(visible);
  }
  nav.addEventListener('click', function (e) {
    var b = e.target.closest('button');
    if (!b) return;
    apply(b.dataset.filter);
    try { history.replaceState(null, '', b.dataset.filter === 'all' ? '#' : '#' + b.dataset.filter); } catch (err) {}
  });
  nav.hidden = false;
  apply(location.hash === '#review' ? 'review' : location.hash === '#rejected' ? 'rejected' : 'all');
})();
)JS";

}  // namespace kamiflow
