#!/usr/bin/python3
"""Kill test for `campaigns send`: kill -9 the CLI several times mid-campaign, resume,
and check that every recipient arrived and that repeats stay within the in-flight bound
(connections + the results not yet committed, per kill). Also checks `campaigns pause` from another
process. Usage: send_kill.py PATH/TO/postroom-cli"""
import collections, os, random, signal, subprocess, sys, tempfile, threading, time, json

from aiosmtpd.controller import Controller

CLI = sys.argv[1]
RECIPIENTS = 3000
CONNECTIONS = 4
UNCOMMITTED = 2 * 128  # results not yet committed, at most: 2 x SendOptions::resultBatch
KILLS = 4


class Capture:
    def __init__(self):
        self.counts = collections.Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.counts[rcpt.lower()] += 1
        return "250 2.0.0 queued"


def cli(db, *args, check=True, **kw):
    result = subprocess.run([CLI, "--db", db, *args], capture_output=True, text=True, **kw)
    if check and result.returncode != 0:
        sys.exit(f"FAIL: {' '.join(args)}: {result.stderr}")
    return result


def main():
    work = tempfile.mkdtemp(prefix="send_kill-")
    db = os.path.join(work, "db.sqlite")
    os.environ["POSTROOM_SECRET_STORE"] = "file"
    capture = Capture()
    import socket
    with socket.socket() as probe:  # a free port: aiosmtpd cannot be asked for port 0
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(capture, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        csv = os.path.join(work, "c.csv")
        with open(csv, "w") as f:
            f.write("email,first_name\n")
            for i in range(RECIPIENTS):
                f.write(f"r{i}@example.com,R{i}\n")
        html = os.path.join(work, "t.html")
        with open(html, "w") as f:
            f.write("<p>Hello {{first_name}} " + "x" * 2000 + " {{unsubscribe_url}}</p>")
        cli(db, "lists", "create", "L")
        cli(db, "import", csv, "--list", "L")
        cli(db, "templates", "add", "T", "--subject", "Hi {{first_name}}", "--html", html)
        cli(db, "accounts", "add", "a", "--url", f"smtp://127.0.0.1:{port}", "--tls", "none",
            "--connections", str(CONNECTIONS), "--rate", "600/s")
        cli(db, "campaigns", "create", "C", "--list", "L", "--template", "T",
            "--from", "Me <me@example.org>", "--accounts", "a", "--retry-base", "1s")

        # Kill the sender mid-campaign several times.
        for kill in range(KILLS):
            proc = subprocess.Popen([CLI, "--db", db, "campaigns", "send", "C", "--lease", "2"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(random.uniform(0.6, 1.2))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            got = sum(1 for n in capture.counts.values() if n)
            print(f"kill {kill + 1}: {got} recipients so far")

        # Pause from another process while a sender runs.
        proc = subprocess.Popen([CLI, "--db", db, "campaigns", "send", "C", "--lease", "2",
                                 "--wait"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True)
        time.sleep(3.0)  # past the dead senders' leases
        cli(db, "campaigns", "pause", "C")
        t0 = time.time()
        err = proc.communicate(timeout=20)[1]
        status = json.loads(cli(db, "campaigns", "status", "C", "--json").stdout)
        print(f"paused after {time.time() - t0:.2f}s: {status['state']}, sent {status['sent']}")
        if status["state"] != "paused" and status["state"] != "completed":
            sys.exit(f"FAIL: pause from another process: {status} {err}")
        if status["sending"] != 0:
            sys.exit(f"FAIL: leases not given back on pause: {status}")

        # Resume to the end.
        cli(db, "campaigns", "resume", "C")
        final = json.loads(cli(db, "campaigns", "send", "C", "--wait", "--lease", "2",
                               "--json", timeout=60).stdout)
        if final["sent"] != RECIPIENTS or final["state"] != "completed":
            sys.exit(f"FAIL: final status {final}")
        missing = [f"r{i}@example.com" for i in range(RECIPIENTS)
                   if capture.counts[f"r{i}@example.com"] == 0]
        repeats = sum(n - 1 for n in capture.counts.values() if n > 1)
        bound = KILLS * (CONNECTIONS + UNCOMMITTED)
        print(f"missing {len(missing)}, repeats {repeats} (bound {bound})")
        if missing:
            sys.exit(f"FAIL: missing recipients: {missing[:5]}")
        if repeats > bound:
            sys.exit(f"FAIL: {repeats} repeats exceed the in-flight bound {bound}")
        print("PASS")
    finally:
        controller.stop()


main()
