#!/usr/bin/python3
"""A demo 受付 core system for kamiflow's web robot (docs/rpa.md). Python standard library only.

Screens in the style of a city hall's 受付 system: ログイン → メニュー → 受付検索 / 新規受付 (entry form
with validation messages) → 受付完了 (receipt number). Fictitious; it stores records in memory and,
with --data, in a JSON file (written atomically), so tests can ask which records it holds:
GET /api/records → {"records": [...]}.

  /usr/bin/python3 samples/core_system/server.py --port 0 [--user U --password P]
      [--postal-master FILE] [--data FILE] [--ready-file FILE]

--port 0 picks a free port; the first line on stdout is "READY http://127.0.0.1:PORT" (also
written to --ready-file). --postal-master: one postal code a line (123-4567); codes not in it are
refused with a message, as a core system checks its 住所マスタ. /export.csv is a download (the
robot's browser refuses downloads). /legacy redirects to the same
server under "localhost", a different origin: tests use it to check that the robot refuses it.
"""
import argparse
import html
import http.cookies
import http.server
import json
import os
import re
import secrets
import threading
import urllib.parse

KINDS = ["住民票の写し", "印鑑登録", "国民健康保険", "児童手当", "粗大ごみ", "その他"]
STATE = {"records": [], "sessions": set(), "lock": threading.Lock()}
ARGS = None

STYLE = """body{font-family:'IPAGothic',sans-serif;margin:0;background:#eef2f6}
header{background:#1f4e79;color:#fff;padding:8px 16px;font-size:18px}
main{margin:16px;background:#fff;padding:16px;border:1px solid #9bb}
label{display:inline-block;width:9em}.req{color:#c00;font-size:12px}
.row{margin:6px 0}.errors{color:#c00;border:1px solid #c00;padding:6px;margin:8px 0;background:#fee}
.error{margin:2px 0}
input[type=text],input[type=password]{width:22em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:3px 6px}
.receipt{font-size:24px;color:#1f4e79}"""


def page(title, body):
    return (f"<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'><title>{html.escape(title)} | "
            f"市民課 受付システム</title><style>{STYLE}</style></head><body><header>市民課 受付システム（デモ）</header>"
            f"<main><h1>{html.escape(title)}</h1>{body}</main></body></html>")


def field(label, name, value="", required=True, kind="text"):
    req = " <span class='req'>※必須</span>" if required else ""
    return (f"<div class='row'><label for='{name}'>{label}{req}</label>"
            f"<input type='{kind}' id='{name}' name='{name}' value='{html.escape(value, quote=True)}'></div>")


def save():
    if not ARGS.data:
        return
    tmp = ARGS.data + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"records": STATE["records"]}, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, ARGS.data)


def validate(form):
    errors = []
    for key, label in [("name", "氏名"), ("kana", "フリガナ"), ("postal_code", "郵便番号"), ("address", "住所")]:
        if not form.get(key, "").strip():
            errors.append(f"{label}を入力してください")
    kana = form.get("kana", "").strip()
    if kana and not re.fullmatch(r"[ァ-ヶー・\s　]+", kana):
        errors.append("フリガナは全角カタカナで入力してください")
    postal = form.get("postal_code", "").strip()
    if postal and not re.fullmatch(r"\d{3}-\d{4}", postal):
        errors.append("郵便番号は「123-4567」の形式で入力してください")
    elif postal and ARGS.master is not None and postal not in ARGS.master:
        errors.append(f"郵便番号 {postal} は住所マスタにありません")
    phone = form.get("phone", "").strip()
    if phone and not re.fullmatch(r"[0-9-]{10,13}", phone):
        errors.append("電話番号は半角数字とハイフンで入力してください")
    if form.get("kind") not in KINDS:
        errors.append("申請種別を選択してください")
    return errors


def entry_form(form, errors):
    err = "".join(f"<p class='error'>{html.escape(e)}</p>" for e in errors)
    err = f"<div class='errors' role='alert'>{err}</div>" if errors else ""
    options = "".join(f"<option{' selected' if form.get('kind') == k else ''}>{k}</option>" for k in KINDS)
    return page("新規受付", err + "<form method='post' action='/entry'>"
                + field("整理番号", "ref", form.get("ref", ""), required=False)
                + f"<div class='row'><label for='kind'>申請種別 <span class='req'>※必須</span></label>"
                  f"<select id='kind' name='kind'><option value=''>選択してください</option>{options}</select></div>"
                + field("氏名", "name", form.get("name", "")) + field("フリガナ", "kana", form.get("kana", ""))
                + field("郵便番号", "postal_code", form.get("postal_code", ""))
                + field("住所", "address", form.get("address", ""))
                + field("電話番号", "phone", form.get("phone", ""), required=False)
                + "<div class='row'><button type='submit'>登録</button> <a href='/menu'>メニューへ戻る</a></div></form>")


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet: the records are personal data, even fictitious ones
        pass

    def send(self, status, body, ctype="text/html; charset=utf-8", headers=()):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, where, headers=()):
        self.send(303, "", headers=[("Location", where), *headers])

    def logged_in(self):
        c = http.cookies.SimpleCookie(self.headers.get("Cookie", ""))
        return "sid" in c and c["sid"].value in STATE["sessions"]

    def form(self):
        n = int(self.headers.get("Content-Length", "0") or 0)
        q = urllib.parse.parse_qs(self.rfile.read(n).decode("utf-8"), keep_blank_values=True)
        return {k: v[0] for k, v in q.items()}

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        if url.path == "/api/records":
            with STATE["lock"]:
                return self.send(200, json.dumps({"records": STATE["records"]}, ensure_ascii=False),
                                 "application/json; charset=utf-8")
        if url.path in ("/", "/login"):
            return self.send(200, page("ログイン", "<form method='post' action='/login'>"
                                       + field("ユーザーID", "user") + field("パスワード", "password", kind="password")
                                       + "<div class='row'><button type='submit'>ログイン</button></div></form>"))
        if url.path == "/export.csv":  # a download: the robot's browser must refuse it
            rows = "".join(f"{r['receipt']},{r['ref']}\n" for r in STATE["records"])
            return self.send(200, "receipt,ref\n" + rows, "text/csv; charset=utf-8",
                             [("Content-Disposition", "attachment; filename=records.csv")])
        if url.path == "/legacy":  # another origin (same server, other host name)
            return self.redirect(f"http://localhost:{self.server.server_port}/menu")
        if not self.logged_in():
            return self.redirect("/login")
        if url.path == "/menu":
            return self.send(200, page("メニュー", "<ul><li><a href='/search'>受付検索</a></li>"
                                       "<li><a href='/entry'>新規受付</a></li><li><a href='/legacy'>旧システム</a></li>"
                                       "<li><a href='/export.csv'>CSV出力</a></li></ul>"))
        if url.path == "/search":
            term = q.get("q", "").strip()
            with STATE["lock"]:
                hits = [r for r in STATE["records"] if term and (term in r["name"] or term in r["kana"] or term == r["ref"])]
            rows = "".join(f"<tr><td class='receipt-no'>{html.escape(r['receipt'])}</td><td>{html.escape(r['ref'])}</td>"
                           f"<td>{html.escape(r['name'])}</td><td>{html.escape(r['kind'])}</td></tr>" for r in hits)
            result = (f"<p id='hits'>{len(hits)} 件</p><table><tr><th>受付番号</th><th>整理番号</th><th>氏名</th>"
                      f"<th>申請種別</th></tr>{rows}</table>") if term else ""
            return self.send(200, page("受付検索", "<form method='get' action='/search'>"
                                       + field("検索語", "q", term, required=False)
                                       + "<button type='submit'>検索</button></form>" + result
                                       + "<p><a href='/entry'>新規受付</a></p>"))
        if url.path == "/entry":
            return self.send(200, entry_form({}, []))
        if url.path == "/receipt":
            no = q.get("no", "")
            return self.send(200, page("受付完了", f"<p>受付しました。</p><p>受付番号 <span id='receipt-no' class='receipt'>"
                                       f"{html.escape(no)}</span></p><p><a href='/entry'>続けて受付</a> "
                                       "<a href='/menu'>メニューへ</a></p>"))
        return self.send(404, page("ページがありません", "<p><a href='/menu'>メニューへ</a></p>"))

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        form = self.form()
        if url.path == "/login":
            if form.get("user") == ARGS.user and form.get("password") == ARGS.password:
                sid = secrets.token_hex(16)
                STATE["sessions"].add(sid)
                return self.redirect("/menu", [("Set-Cookie", f"sid={sid}; HttpOnly; Path=/")])
            return self.send(200, page("ログイン", "<div class='error' role='alert'>ユーザーIDまたはパスワードが違います</div>"
                                       "<form method='post' action='/login'>" + field("ユーザーID", "user")
                                       + field("パスワード", "password", kind="password")
                                       + "<div class='row'><button type='submit'>ログイン</button></div></form>"))
        if not self.logged_in():
            return self.redirect("/login")
        if url.path == "/entry":
            errors = validate(form)
            if errors:
                return self.send(200, entry_form(form, errors))
            with STATE["lock"]:
                receipt = "UK-%06d" % (len(STATE["records"]) + 1)
                rec = {k: form.get(k, "").strip() for k in ("ref", "kind", "name", "kana", "postal_code", "address", "phone")}
                rec["receipt"] = receipt
                STATE["records"].append(rec)
                save()
            return self.redirect("/receipt?no=" + receipt)
        return self.send(404, page("ページがありません", ""))


def main():
    global ARGS
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--user", default="kamiflow")
    p.add_argument("--password", default="demo-pass")
    p.add_argument("--postal-master")
    p.add_argument("--data")
    p.add_argument("--ready-file")
    ARGS = p.parse_args()
    ARGS.master = None
    if ARGS.postal_master:
        with open(ARGS.postal_master, encoding="utf-8") as f:
            ARGS.master = {line.strip() for line in f if line.strip()}
    if ARGS.data and os.path.exists(ARGS.data):
        with open(ARGS.data, encoding="utf-8") as f:
            STATE["records"] = json.load(f)["records"]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    line = f"READY http://127.0.0.1:{server.server_port}"
    if ARGS.ready_file:
        with open(ARGS.ready_file + ".tmp", "w") as f:
            f.write(line + "\n")
        os.replace(ARGS.ready_file + ".tmp", ARGS.ready_file)
    print(line, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
