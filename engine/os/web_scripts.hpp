// The JavaScript the web capability runs in the page (WebDriver "execute/sync"): locating an
// element by css/id/name/label/text in one round trip, describing the page for error messages,
// choosing a <select> option. Internal to engine/os/web.cpp.
#pragma once

namespace kamiflow::web_detail {

// Finds one element; returns null or its description with the element reference in `el`.
inline constexpr const char* kLocateJs = R"js(
const kind = arguments[0], v = arguments[1];
const norm = s => (s || '').replace(/\s+/g, ' ').trim();
const strip = s => norm(s).replace(/[\s:：*＊※]*(必須)?[\s:：*＊※]*$/, '');
const vis = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
let els = [];
if (kind === 'css') els = Array.from(document.querySelectorAll(v));
else if (kind === 'id') { const e = document.getElementById(v); if (e) els = [e]; }
else if (kind === 'name') els = Array.from(document.getElementsByName(v));
else if (kind === 'label') {
  for (const l of document.querySelectorAll('label')) if (strip(l.textContent) === v && l.control) els.push(l.control);
  for (const e of document.querySelectorAll('[aria-label]')) if (strip(e.getAttribute('aria-label')) === v) els.push(e);
} else if (kind === 'text') {
  for (const e of document.querySelectorAll('button, a, input[type=submit], input[type=button], [role=button]'))
    if (norm(e.tagName === 'INPUT' ? e.value : e.textContent) === v) els.push(e);
}
const shown = els.filter(vis);
const e = shown.length ? shown[0] : els[0];
if (!e) return null;
return {el: e, count: els.length, visible: vis(e), tag: e.tagName.toLowerCase(), id: e.id || '',
        name: e.getAttribute('name') || '', type: e.getAttribute('type') || '',
        text: norm(e.innerText || e.textContent).slice(0, 4000), value: ('value' in e) ? String(e.value) : ''};
)js";

// What the page shows, for error messages: alerts and error boxes first (that is what a clerk
// would read), else the start of the page's text.
inline constexpr const char* kPageJs = R"js(
const norm = s => (s || '').replace(/\s+/g, ' ').trim();
const alerts = Array.from(document.querySelectorAll('[role=alert], .error, .errors, .alert'))
  .map(e => norm(e.innerText)).filter(Boolean);
return {title: document.title, url: location.href,
        excerpt: (alerts.length ? alerts.join(' / ') : norm(document.body ? document.body.innerText : '')).slice(0, 160)};
)js";

inline constexpr const char* kSelectJs = R"js(
const s = arguments[0], v = arguments[1];
const norm = t => (t || '').replace(/\s+/g, ' ').trim();
if (!s.options) return {ok: false, options: [], notselect: true};
for (const o of s.options) if (norm(o.text) === v || o.value === v) {
  s.value = o.value;
  s.dispatchEvent(new Event('input', {bubbles: true}));
  s.dispatchEvent(new Event('change', {bubbles: true}));
  return {ok: true};
}
return {ok: false, options: Array.from(s.options).map(o => norm(o.text))};
)js";

}  // namespace kamiflow::web_detail
