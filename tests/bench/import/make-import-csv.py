#!/usr/bin/python3
"""Writes the CSV the import benchmark reads: email, first name, last name, city.

usage: make-import-csv.py OUT.csv [ROWS]   (ROWS defaults to 1,000,000)

Deterministic (fixed seed), so every run times the same bytes. Names mix
Chinese, accented Latin, Cyrillic, Greek and plain ASCII; about 1% of the rows
repeat an earlier address, half of them in different case or with stray
spaces, the way real exports do. Cells with commas are quoted (RFC 4180), as
are a few names holding a doubled quote.
"""

import random
import sys

FIRST = ["James", "Mary", "Wei", "Fang", "Li", "Jürgen", "Zoë", "François", "Søren", "Ana",
         "José", "Łukasz", "Dmitry", "Дмитрий", "Ελένη", "Nguyễn", "Aiko", "美玲", "志强",
         "秀英", "Björn", "Chloé", "Iñaki", "Oğuz", "Mohammed", "Priya", "Olivia", "Noah",
         "Emma", "Liam", "Sofía", "Mateus", "Anaïs", "Ngozi", "Kwame", "Hana", "Jae-won"]
LAST = ["Smith", "Wang", "Li", "Zhang", "Müller", "García", "Østergaard", "Dupont", "Nowak",
        "Иванов", "Παπαδόπουλος", "Trần", "佐藤", "王", "李", "张", "刘", "陈", "Öztürk",
        "O'Brien", "Martínez", "Kowalski", "Rossi", "Schmidt", "Nakamura", "Kim", "Okafor",
        "da Silva", "van der Berg", "Haddad, Jr.", "Dubois", "Fernández", "Johansson"]
CITY = ["北京", "上海", "广州", "深圳", "杭州", "München", "Köln", "São Paulo", "Zürich",
        "Kraków", "Москва", "Αθήνα", "Hà Nội", "東京", "New York", "London", "Paris",
        "Reykjavík", "Malmö", "Washington, D.C.", "Montréal", "İstanbul", "Lagos", "Seoul"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.cn", "example.de",
           "example.co.uk", "example.jp", "example.fr", "example.com.br", "example.ru"]


def cell(value):
    if any(c in value for c in ',"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out_path = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    rng = random.Random(20261126)
    emails = []
    with open(out_path, "w", encoding="utf-8", newline="") as out:
        out.write("email,first_name,last_name,city\r\n")
        buffer = []
        for i in range(rows):
            if emails and rng.random() < 0.01:
                email = rng.choice(emails)
                if rng.random() < 0.5:
                    email = " " + email.upper() + " "
            else:
                email = "user%07d.%s@%s" % (i, rng.choice("abcdefghij"), rng.choice(DOMAINS))
                if len(emails) < 200_000:
                    emails.append(email)
            first = rng.choice(FIRST)
            if rng.random() < 0.001:
                first = first + ' "Nick"'
            buffer.append("%s,%s,%s,%s\r\n" % (cell(email), cell(first), cell(rng.choice(LAST)),
                                               cell(rng.choice(CITY))))
            if len(buffer) >= 10_000:
                out.write("".join(buffer))
                buffer.clear()
        out.write("".join(buffer))


if __name__ == "__main__":
    main()
