// review.css, served as /assets/review.css: sized for a 1366×768 office laptop, the page image on
// the left, the fields on the right; the focused field is unmistakable (keyboard-first).
#include "engine/review/http_internal.hpp"

namespace kamiflow::review::http {

const char* const kReviewCss = R"CSS(
:root { --ink:#1c2733; --muted:#5f6b7a; --line:#d5dbe3; --bg:#eef1f5; --navy:#1d3a5c;
  --ok:#1b7a35; --ok-bg:#e4f4e8; --warn:#8a5800; --warn-bg:#fff6dc; --warn-line:#f0b400;
  --bad:#a51d1d; --bad-bg:#fdeaea; --focus:#1565c0; }
* { box-sizing: border-box; }
html { font-size: 14px; }
body { margin: 0; background: var(--bg); color: var(--ink); line-height: 1.45;
  font-family: "IPAGothic", "IPAexGothic", "Noto Sans CJK JP", sans-serif; }
header.top { background: var(--navy); color: #fff; padding: 8px 20px; display: flex; gap: 16px; align-items: baseline; }
header.top h1 { font-size: 1.2rem; margin: 0; flex: 1; }
header.top a { color: #c9d6e6; }
.who { font-size: 0.9rem; color: #c9d6e6; }
main { padding: 12px 20px; }
main.narrow { max-width: 640px; margin: 40px auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
.error { color: var(--bad); font-weight: bold; }
.counts { display: flex; gap: 8px; flex-wrap: wrap; }
.card { background: #fff; border: 1px solid var(--line); border-top: 4px solid var(--navy); border-radius: 6px; padding: 4px 12px; min-width: 110px; }
.card .num { font-size: 1.5rem; font-weight: bold; }
#count-needs-review { border-top-color: var(--warn-line); }
form.filters { margin: 12px 0; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
select, input, button { font: inherit; }
table { border-collapse: collapse; background: #fff; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
table.queue a.open:focus { outline: 3px solid var(--focus); }
.file { font-family: monospace; overflow-wrap: anywhere; }
main.record { display: flex; gap: 16px; align-items: flex-start; }
aside.pageview { flex: 0 0 340px; position: sticky; top: 8px; }
aside.pageview img.thumb { width: 100%; border: 1px solid var(--line); background: #fff; }
.src { color: var(--muted); font-size: 0.85rem; font-family: monospace; overflow-wrap: anywhere; }
.status { margin: 6px 0; }
.rec-reasons { background: var(--warn-bg); border: 1px solid var(--warn-line); border-radius: 4px; padding: 6px 6px 6px 24px; margin: 6px 0; }
dl.keys { display: grid; grid-template-columns: auto 1fr; gap: 0 8px; font-size: 0.85rem; color: var(--muted); }
dl.keys dt { font-weight: bold; font-family: monospace; }
dl.keys dd { margin: 0; }
section.fields { flex: 1; min-width: 0; }
table.fields th .fname { font-size: 0.75rem; color: var(--muted); font-family: monospace; font-weight: normal; }
table.fields td.crop img { max-width: 300px; max-height: 90px; border: 1px solid var(--line); display: block; }
table.fields td.value input { width: 100%; font-size: 1.15rem; padding: 3px 6px; border: 2px solid var(--line); border-radius: 4px; }
tr.field.doubtful { background: var(--warn-bg); }
tr.field.st-confirmed, tr.field.st-corrected { background: var(--ok-bg); }
tr.field:focus-within { outline: 3px solid var(--focus); outline-offset: -3px; }
tr.field:focus-within td.value input { border-color: var(--focus); }
tr.field.refused td.value input { border-color: var(--bad); background: var(--bad-bg); }
.raw { font-size: 0.8rem; color: var(--muted); }
.hint { font-size: 0.8rem; color: var(--muted); }
ul.reasons { margin: 2px 0 0; padding-left: 18px; font-size: 0.85rem; color: var(--warn); }
.note { color: var(--navy); font-size: 0.85rem; }
.double { background: #e8f0fb; border: 1px solid var(--navy); border-radius: 4px; padding: 4px 8px; }
tr.field[data-pending="1"] { background: #eef2f7; }
.err { color: var(--bad); font-weight: bold; font-size: 0.9rem; }
td.state .badge { display: inline-block; padding: 0 8px; border: 1px solid currentColor; border-radius: 4px; white-space: nowrap; }
tr.st-ocr td.state .badge { color: var(--warn); }
tr.st-confirmed td.state .badge, tr.st-corrected td.state .badge { color: var(--ok); }
.overlay { position: fixed; inset: 0; background: rgba(20, 30, 40, 0.75); z-index: 10; display: flex; flex-direction: column; align-items: center; justify-content: center; }
.overlay[hidden] { display: none; }
.overlay .hint { color: #fff; }
.zoom-frame { position: relative; width: 92vw; height: 85vh; overflow: auto; background: #fff; }
.zoom-frame img { display: block; }
.zoom-box { position: absolute; border: 3px solid #e53935; pointer-events: none; }
.dialog { background: #fff; padding: 16px 24px; border-radius: 6px; min-width: 480px; }
.dialog input { width: 100%; }
.banner { position: fixed; left: 50%; bottom: 24px; transform: translateX(-50%); background: var(--ok); color: #fff; padding: 10px 24px; border-radius: 6px; font-weight: bold; }
.banner[hidden] { display: none; }
.banner:focus { outline: 3px solid var(--focus); }
footer.privacy { margin: 12px 20px; font-size: 0.8rem; color: var(--muted); }
)CSS";

}  // namespace kamiflow::review::http
