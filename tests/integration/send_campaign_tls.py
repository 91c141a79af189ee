#!/usr/bin/python3
"""A whole campaign through a real server: aiosmtpd (accounts_smtp_server.py) with
STARTTLS from a test CA that the account trusts (POSTROOM_CA_FILE) and AUTH. Checks that
every recipient arrives exactly once, personalised, over TLS, with the VERP envelope and
X-Postroom-Ref of its own queue row; then that a second `send` sends nothing more.
Usage: send_campaign_tls.py PATH/TO/postroom-cli"""
import email, glob, json, os, sqlite3, subprocess, sys, tempfile

CLI = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
RECIPIENTS = 150


def run(*args, **kw):
    result = subprocess.run(list(args), capture_output=True, text=True, **kw)
    if result.returncode != 0:
        sys.exit(f"FAIL: {' '.join(args)}: {result.stderr}")
    return result


def main():
    work = tempfile.mkdtemp(prefix="send_tls-")
    db = os.path.join(work, "db.sqlite")
    with open(os.path.join(work, "server.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n")
    for cmd in ("req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key"
                " -out ca.pem -days 2 -subj /CN=Postroom-Send-Test-CA",
                "req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key"
                " -out server.csr -subj /CN=localhost",
                "x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem"
                " -days 2 -extfile server.ext"):
        run("openssl", *cmd.split(), cwd=work)
    out = os.path.join(work, "received")
    os.makedirs(out)
    server = subprocess.Popen(
        ["/usr/bin/python3", os.path.join(HERE, "accounts_smtp_server.py"), "--out-dir", out,
         "--cert", os.path.join(work, "server.pem"), "--key", os.path.join(work, "server.key"),
         "--user", "alice", "--password", "wonderland"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline())
        env = dict(os.environ, POSTROOM_SECRET_STORE="file", SMTP_PW="wonderland",
                   POSTROOM_CA_FILE=os.path.join(work, "ca.pem"))
        cli = lambda *a, **kw: run(CLI, "--db", db, *a, env=env, **kw)
        csv = os.path.join(work, "c.csv")
        with open(csv, "w") as f:
            f.write("email,first_name\n")
            for i in range(RECIPIENTS):
                f.write(f"r{i}@example.com,Name{i}\n")
        html = os.path.join(work, "t.html")
        with open(html, "w") as f:
            f.write("<p>Hello {{first_name}}! <a href='{{unsubscribe_url}}'>unsubscribe</a></p>")
        cli("lists", "create", "L")
        cli("import", csv, "--list", "L")
        cli("suppress", "add", "r7@example.com")
        cli("templates", "add", "T", "--subject", "For {{first_name}}", "--html", html)
        cli("accounts", "add", "tls", "--url", f"smtp://127.0.0.1:{port}", "--user", "alice",
            "--password-env", "SMTP_PW", "--connections", "3")
        cli("campaigns", "create", "C", "--list", "L", "--template", "T", "--from",
            "News <news@example.org>", "--return-path", "bounces@example.org", "--accounts", "tls")
        findings = json.loads(cli("campaigns", "check", "C", "--json").stdout)["findings"]
        if any(f["severity"] == "error" for f in findings):
            sys.exit(f"FAIL: check found errors: {findings}")
        bad = subprocess.run([CLI, "--db", db, "campaigns", "create", "X", "--list", "L",
                              "--template", "T", "--from", "a@example.org", "--accounts",
                              "ghost"], capture_output=True, text=True, env=env)
        checked = subprocess.run([CLI, "--db", db, "campaigns", "check", "X", "--json"],
                                 capture_output=True, text=True, env=env)
        codes = [f["code"] for f in json.loads(checked.stdout)["findings"]]
        if bad.returncode != 0 or checked.returncode != 1 or "account-missing" not in codes:
            sys.exit(f"FAIL: check of a campaign without its account: {checked.stdout}")
        status = json.loads(cli("campaigns", "send", "C", "--json", timeout=60).stdout)
        expected = RECIPIENTS - 1  # r7 is suppressed
        if status["sent"] != expected or status["state"] != "completed" or status["total"] != expected:
            sys.exit(f"FAIL: status {status}")
        rows = dict(sqlite3.connect(db).execute("SELECT email, ref FROM messages").fetchall())
        seen = {}
        for path in glob.glob(os.path.join(out, "*.json")):
            envelope = json.load(open(path))
            if not envelope["tls"]:
                sys.exit(f"FAIL: {path} arrived without TLS")
            (rcpt,) = envelope["rcpt_tos"]
            msg = email.message_from_binary_file(open(path[:-5] + ".eml", "rb"))
            ref = msg["X-Postroom-Ref"]
            if ref != rows.get(rcpt):
                sys.exit(f"FAIL: {rcpt} got ref {ref}, queue has {rows.get(rcpt)}")
            if envelope["mail_from"] != f"bounces+{ref}@example.org":
                sys.exit(f"FAIL: envelope sender {envelope['mail_from']}")
            number = rcpt[1:rcpt.index("@")]
            if msg["Subject"] != f"For Name{number}":
                sys.exit(f"FAIL: {rcpt} got subject {msg['Subject']}")
            seen[rcpt] = seen.get(rcpt, 0) + 1
        if len(seen) != expected or any(n != 1 for n in seen.values()) or "r7@example.com" in seen:
            sys.exit(f"FAIL: received {len(seen)} recipients, repeats "
                     f"{[r for r, n in seen.items() if n > 1][:5]}")
        again = json.loads(cli("campaigns", "send", "C", "--json").stdout)
        if len(glob.glob(os.path.join(out, "*.eml"))) != expected or again["sent"] != expected:
            sys.exit("FAIL: a second send sent again")
        print(f"PASS: {expected} messages over STARTTLS with AUTH, each once")
    finally:
        server.stdin.close()
        server.wait(timeout=10)


main()
