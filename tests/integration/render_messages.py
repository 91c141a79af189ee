#!/usr/bin/python3
"""Issue 4 verification: messages rendered by the real postroom-cli for ASCII, Chinese,
hostile and empty contacts must parse with Python's email package (policy default)
without defects, decode to the exact subject and names, keep to CRLF and 998-octet
lines, carry the campaign headers, and verify with dkimpy (rsa-sha256 and
ed25519-sha256) against the public key as DNS would serve it.

Usage: render_messages.py PATH/TO/postroom-cli
"""
import base64
import csv
import email
import email.policy
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

import dkim

CLI = sys.argv[1]
FAILURES = []


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print("FAIL:", what, file=sys.stderr)


def run(db, *args, stdin=None):
    result = subprocess.run([CLI, "--db", db, *args], input=stdin, capture_output=True,
                            timeout=60)
    if result.returncode != 0:
        raise SystemExit(f"postroom-cli {' '.join(args)} failed ({result.returncode}): "
                         f"{result.stderr.decode(errors='replace')}")
    return result


def single_line(text):
    """What the message builder does to header text: controls out, tab to space, trimmed."""
    out = []
    for ch in text:
        if ch == "\t":
            out.append(" ")
        elif unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029":
            continue
        else:
            out.append(ch)
    return "".join(out).strip()


def is_cjk(text):
    return any(0x3040 <= ord(c) <= 0x30FF or 0x3400 <= ord(c) <= 0x9FFF or
               0xAC00 <= ord(c) <= 0xD7AF or 0xF900 <= ord(c) <= 0xFAFF for c in text)


def display_name(first, last):
    if is_cjk(first) or is_cjk(last):
        return (last.strip() + first.strip()).strip()
    return (first.strip() + " " + last.strip()).strip()


def fill(template, values):
    """The subject template's merge tags ({{field}} and {{field|fallback}}), for expectations."""
    def one(match):
        name, _, fallback = match.group(1).partition("|")
        value = values.get(name.strip().lower(), "")
        return value if value.strip() else fallback.strip()
    return re.sub(r"\{\{([^}]*)\}\}", one, template)


def public_key_record(pem_path, kind):
    der = subprocess.run(["openssl", "pkey", "-in", pem_path, "-pubout", "-outform", "DER"],
                         capture_output=True, check=True).stdout
    if kind == "ed25519":
        der = der[-32:]  # RFC 8463 §4: the raw key, not the SubjectPublicKeyInfo
    return b"v=DKIM1; k=" + kind.encode() + b"; p=" + base64.b64encode(der)


def check_wire(data, label):
    check(b"\x00" not in data, f"{label}: NUL byte in message")
    check(all(b < 0x80 for b in data), f"{label}: 8-bit byte in message")
    check(re.search(rb"(?<!\r)\n", data) is None, f"{label}: bare LF")
    check(re.search(rb"\r(?!\n)", data) is None, f"{label}: bare CR")
    longest = max(len(line) for line in data.split(b"\r\n"))
    check(longest <= 998, f"{label}: line of {longest} octets")


def check_defects(message, label):
    for part in message.walk():
        check(not part.defects, f"{label}: defects {part.defects} in {part.get_content_type()}")
        for name, value in part.items():
            defects = getattr(value, "defects", ())
            check(not defects, f"{label}: defects {defects} in header {name}")


SUBJECT = "{{first_name|Friend}}, 您好 — news for {{company|you}} =?utf-8?q?not_a_word?="
HTML = """<!DOCTYPE html><html><head><style>p{color:red}</style><script>x()</script></head>
<body><h1>Hello {{first_name|friend}} {{last_name}}</h1>
<p>Company: {{company|none}}. 中文段落，包含一些汉字。</p>
<ul><li>One</li><li>Two</li></ul>
<p><a href="https://shop.example/offer?a=1&amp;b=2">The offer</a></p>
<p><a href="{{unsubscribe_url}}">Unsubscribe</a> · {{campaign_name}} · {{message_id}}</p>
</body></html>
"""
TEXT = "Hello {{first_name|friend}},\n\nUnsubscribe: {{unsubscribe_url}}\n"

CONTACTS = [
    # label, email, first, last, company
    ("ascii", "ada@example.com", "Ada", "Lovelace", "Analytical Engines Ltd"),
    ("chinese", "zhang.wei@例子.测试", "伟", "张", "北京示例科技有限公司"),
    ("hostile", "eve@example.org", "Eve\r\nBcc: victim@example.net\r\nX-Evil: 1",
     "=?utf-8?b?SGFja2Vk?= \"<script>alert(1)</script>\" \\", "ACME\nSubject: pwned"),
    ("empty", "nobody@example.net", "", "", ""),
]


def main():
    tmp = tempfile.TemporaryDirectory(prefix="postroom-render-")
    d = tmp.name
    db = os.path.join(d, "test.sqlite")
    run(db, "lists", "create", "L")
    csv_path = os.path.join(d, "contacts.csv")
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(["email", "first_name", "last_name", "company"])
        for _, mail, first, last, company in CONTACTS:
            writer.writerow([mail, first, last, company])
    run(db, "import", csv_path, "--list", "L")

    # What the database holds (the importer may normalise): the expectations start there.
    stored = json.loads(run(db, "contacts", "export", "--list", "L", "--format", "json").stdout)
    by_email = {c["email"]: c for c in stored}
    check(len(stored) == len(CONTACTS), f"imported {len(stored)} of {len(CONTACTS)} contacts")

    html_path = os.path.join(d, "t.html")
    text_path = os.path.join(d, "t.txt")
    with open(html_path, "w", encoding="utf-8") as f:
        f.write(HTML)
    with open(text_path, "w", encoding="utf-8") as f:
        f.write(TEXT)
    run(db, "templates", "add", "Generated", "--subject", SUBJECT, "--html", html_path)
    run(db, "templates", "add", "WithText", "--subject", SUBJECT, "--html", html_path,
        "--text", text_path)
    # Inline image (multipart/related) and an attachment with a Chinese name (mixed).
    logo_path = os.path.join(d, "logo.png")
    with open(logo_path, "wb") as f:
        f.write(bytes.fromhex("89504e470d0a1a0a") + os.urandom(3000))
    attachment_path = os.path.join(d, "价目表 2026.pdf")
    with open(attachment_path, "wb") as f:
        f.write(b"%PDF-1.4\n" + os.urandom(5000))
    assets_html = os.path.join(d, "assets.html")
    with open(assets_html, "w", encoding="utf-8") as f:
        f.write(HTML.replace("<h1>", '<img src="cid:logo@shop" alt="Logo"><h1>'))
    run(db, "templates", "add", "WithAssets", "--subject", SUBJECT, "--html", assets_html,
        "--inline", f"logo@shop={logo_path}", "--attach", attachment_path)

    keys = {}
    for kind, args in (("rsa", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]),
                       ("ed25519", ["-algorithm", "ED25519"])):
        path = os.path.join(d, f"{kind}.pem")
        subprocess.run(["openssl", "genpkey", *args, "-out", path], check=True,
                       capture_output=True)
        keys[kind] = (path, public_key_record(path, kind))

    campaigns = []
    for kind, (path, _) in keys.items():
        for template in ("Generated", "WithText", "WithAssets"):
            name = f"C-{kind}-{template}"
            run(db, "campaigns", "create", name, "--list", "L", "--template", template,
                "--from", "商店 Shop <news@shop.example>", "--accounts", "outbox",
                "--reply-to", "help@shop.example", "--return-path", "bounces@shop.example",
                "--unsubscribe-url", "https://t.shop.example",
                "--dkim-domain", "shop.example", "--dkim-selector", f"sel-{kind}",
                "--dkim-key", path)
            campaigns.append((name, template, kind))

    def dns(name, timeout=5):
        for kind, (_, record) in keys.items():
            if name.rstrip(b".") == f"sel-{kind}._domainkey.shop.example".encode():
                return record
        return None

    checked = 0
    for label, mail, *_ in CONTACTS:
        contact = next((c for e, c in by_email.items() if e.lower() == mail.lower()), None)
        check(contact is not None, f"{label}: contact {mail} not imported")
        if contact is None:
            continue
        values = {k.lower(): v for k, v in contact.items() if isinstance(v, str)}
        expected_subject = single_line(fill(SUBJECT, values))
        expected_name = single_line(display_name(contact["first_name"], contact["last_name"]))
        runs = [(None, "Generated", None)] + campaigns
        for campaign, template, kind in runs:
            where = f"{label}/{campaign or 'preview'}"
            args = ["templates", "render", template, "--email", mail]
            if campaign:
                args += ["--campaign", campaign, "--show-envelope"]
            result = run(db, *args)
            data = result.stdout
            checked += 1
            check_wire(data, where)
            msg = email.message_from_bytes(data, policy=email.policy.default)
            check_defects(msg, where)
            check(str(msg["subject"]) == expected_subject,
                  f"{where}: subject {str(msg['subject'])!r} != {expected_subject!r}")
            to = msg["to"].addresses
            check(len(to) == 1, f"{where}: To has {len(to)} addresses")
            check(to[0].display_name == expected_name,
                  f"{where}: To name {to[0].display_name!r} != {expected_name!r}")
            check(to[0].addr_spec.isascii() and "@" in to[0].addr_spec,
                  f"{where}: To address {to[0].addr_spec!r} not in A-label form")
            for header in ("Bcc", "X-Evil"):
                check(header not in msg, f"{where}: contact data added a {header} header")
            for header in ("Message-ID", "Date", "From", "To", "Subject", "MIME-Version",
                           "List-Unsubscribe", "List-Unsubscribe-Post", "X-Postroom-Ref"):
                check(len(msg.get_all(header) or []) == 1, f"{where}: {header} missing or repeated")
            check(msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click",
                  f"{where}: List-Unsubscribe-Post wrong")
            alternative = msg
            if template == "WithAssets":
                check(msg.get_content_type() == "multipart/mixed",
                      f"{where}: top type {msg.get_content_type()}")
                top = list(msg.iter_parts())
                check(len(top) == 2, f"{where}: {len(top)} parts in multipart/mixed")
                alternative = top[0]
                attachment = top[-1]
                check(attachment.get_filename() == "价目表 2026.pdf",
                      f"{where}: attachment name {attachment.get_filename()!r}")
                with open(attachment_path, "rb") as f:
                    check(attachment.get_content() == f.read(), f"{where}: attachment bytes")
            check(alternative.get_content_type() == "multipart/alternative",
                  f"{where}: alternative type {alternative.get_content_type()}")
            parts = list(alternative.iter_parts())
            if template == "WithAssets":
                check(parts[1].get_content_type() == "multipart/related",
                      f"{where}: HTML not in multipart/related")
                related = list(parts[1].iter_parts())
                check(related[1]["Content-ID"] == "<logo@shop>", f"{where}: Content-ID")
                with open(logo_path, "rb") as f:
                    check(related[1].get_content() == f.read(), f"{where}: inline image bytes")
                parts = [parts[0], related[0]]
            check([p.get_content_type() for p in parts] == ["text/plain", "text/html"],
                  f"{where}: parts {[p.get_content_type() for p in parts]}")
            html = parts[1].get_content()
            text = parts[0].get_content()
            check("<script>alert(1)</script>" not in html, f"{where}: contact markup not escaped")
            check("x()" not in text and "color:red" not in text,
                  f"{where}: script or style in the text part")
            check("The offer (https://shop.example/offer?a=1&b=2)" in text or template == "WithText",
                  f"{where}: link not kept as text (url): {text!r}")
            ref = str(msg["X-Postroom-Ref"])
            check(re.fullmatch(r"[a-z2-7]{16}", ref) is not None, f"{where}: ref {ref!r}")
            check(str(msg["Message-ID"]) == f"<{ref}@shop.example>" or not campaign,
                  f"{where}: Message-ID {msg['Message-ID']}")
            if not campaign:
                check(msg["From"].addresses[0].addr_spec == "preview@postroom.invalid",
                      f"{where}: preview From")
                check("DKIM-Signature" not in msg, f"{where}: preview signed")
                continue
            check(msg["From"].addresses[0].display_name == "商店 Shop",
                  f"{where}: From name {msg['From'].addresses[0].display_name!r}")
            unsub = re.search(r"<(https://t\.shop\.example/u/[A-Za-z0-9_-]+)>",
                              str(msg["List-Unsubscribe"]))
            check(unsub is not None, f"{where}: List-Unsubscribe {msg['List-Unsubscribe']}")
            if unsub:
                check(unsub.group(1) in text, f"{where}: body link differs from the header")
            envelope = result.stderr.decode()
            check(f"MAIL FROM:<bounces+{ref}@shop.example>" in envelope,
                  f"{where}: VERP envelope {envelope!r}")
            signature = str(msg["DKIM-Signature"])
            algorithm = "rsa-sha256" if kind == "rsa" else "ed25519-sha256"
            check(f"a={algorithm}" in signature.replace(" ", ""), f"{where}: a= in {signature}")
            check(dkim.verify(data, dnsfunc=dns), f"{where}: dkimpy rejects the {algorithm} signature")
            # The check can fail: a changed subject must not verify.
            tampered = data.replace(b"\r\nSubject: ", b"\r\nSubject: X", 1)
            check(tampered != data and not dkim.verify(tampered, dnsfunc=dns),
                  f"{where}: a tampered message still verifies")
    check(checked == len(CONTACTS) * (1 + len(campaigns)), f"only {checked} messages checked")
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)", file=sys.stderr)
        return 1
    print(f"ok: {checked} messages checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
