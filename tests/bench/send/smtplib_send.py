#!/usr/bin/python3
"""Reference: Python smtplib, THREADS connections, the same number of personalised
messages of BYTES bytes (string formatting per message), to the sink on PORT.
Usage: smtplib_send.py PORT COUNT_FILE THREADS [BYTES]"""
import smtplib, sys, threading

port, count_file, threads = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
size = int(sys.argv[4]) if len(sys.argv) > 4 else 20000
n = int(open(count_file).read())
para = "Dear %s, news from %s: lorem ipsum dolor sit amet, consectetur adipiscing elit.\r\n"

def worker(k):
    s = smtplib.SMTP("127.0.0.1", port)
    for i in range(k, n, threads):
        msg = (f"From: a@x\r\nTo: user{i}@example.com\r\nSubject: Hello Name{i}\r\n\r\n" +
               (para % (f"Name{i}", f"City{i % 97}")) * (size // 85))
        s.sendmail("a@x", [f"user{i}@example.com"], msg)
    s.quit()

ts = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
for t in ts: t.start()
for t in ts: t.join()
