#!/usr/bin/python3
"""Writes contacts.csv (N recipients), a ~20 KB personalised template t.html, and
messages/ (the same ~20 KB per message, for the smtplib reference)."""
import os, sys

work, n = sys.argv[1], int(sys.argv[2])
with open(os.path.join(work, "contacts.csv"), "w") as f:
    f.write("email,first_name,city\n")
    for i in range(n):
        f.write(f"user{i}@example.com,Name{i},City{i % 97}\n")
para = ("<p>Dear {{first_name}}, news from {{city|your town}}: lorem ipsum dolor sit amet, "
        "consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.</p>\n")
body = para * (20000 // len(para))
with open(os.path.join(work, "t.html"), "w") as f:
    f.write("<html><body>" + body + "<a href='{{unsubscribe_url}}'>unsubscribe</a></body></html>")
with open(os.path.join(work, "messages"), "w") as f:
    f.write(str(n))
