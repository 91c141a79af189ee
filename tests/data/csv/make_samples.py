#!/usr/bin/python3
"""Writes the sample export files next to this script.

Each file imitates what a real tool writes when a user exports contacts: the
header row, the quoting habits, the encoding and the line ends. The bytes are
committed too; this script says how they were made and re-makes them
identically (run it from anywhere: /usr/bin/python3 make_samples.py).

tests/cli/tst_cli_contacts.cpp asserts exact counts on these files, so a change
here needs the matching change there. Physical line numbers are noted where a
test relies on them.
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, text, encoding="utf-8", bom=b""):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(bom + text.encode(encoding))


def excel_cell(value, delimiter):
    """Excel quotes a cell only when it holds the delimiter, a quote or a line break."""
    if any(c in value for c in (delimiter, '"', "\n", "\r")):
        return '"' + value.replace('"', '""') + '"'
    return value


def quote_all(value):
    return '"' + value.replace('"', '""') + '"'


def excel_rows(rows, delimiter, eol="\r\n"):
    return "".join(delimiter.join(excel_cell(c, delimiter) for c in row) + eol for row in rows)


# --- Excel on Chinese Windows: "CSV (逗号分隔)" writes the ANSI code page (GBK/GB18030),
# CRLF, no BOM. 刘䶮 uses a CJK Extension A character that only GB18030 (4-byte) encodes.
# rows 8; line 6 invalid (no @); line 9 duplicates line 2 (domain case); imported 6.
excel_gb18030 = [
    ["姓名", "邮箱", "手机", "城市", "公司", "备注"],
    ["张伟", "zhang.wei@example.cn", "13800138000", "北京", "北京星辰科技有限公司", "VIP客户"],
    ["王芳", "wang.fang@example.com.cn", "13912345678", "上海", "上海云帆贸易", ""],
    ["李娜", "LiNa@Example.CN", "13700001111", "广州", "广州市,天河区分公司", "展会名单"],
    ["刘䶮", "liu.yan@example.cn ", "18600002222", "深圳", "", ""],
    ["陈静", "邮箱未填", "13500003333", "杭州", "", "地址无效"],
    ["杨磊", "YANG.LEI@EXAMPLE.CN", "", "成都", "", ""],
    ["赵敏", "zhao.min@例子.中国", "", "武汉", "", "国际化域名"],
    ["张伟", "zhang.wei@EXAMPLE.CN", "", "北京", "", "同一人"],
]
write("excel-gb18030-export.csv", excel_rows(excel_gb18030, ","), "gb18030")

# --- European Excel, "CSV UTF-8 (durch Trennzeichen getrennt)": the list separator of a
# German locale is ';', the file starts with a UTF-8 BOM, decimal commas stay unquoted.
# German headers: Vorname/Nachname are only mapped to first/last name with --map.
# rows 6; line 7 invalid (two @); imported 5.
excel_semicolon = [
    ["E-Mail", "Vorname", "Nachname", "Firma", "Umsatz", "Stadt"],
    ["anna.schmidt@example.de", "Anna", "Schmidt", "Schmidt & Söhne GmbH", "1.234,56", "München"],
    ["juergen.weiss@example.de", "Jürgen", "Weiß", "Müller; Partner KG", "99,90", "Köln"],
    ["francois.dupont@example.fr", "François", "Dupont", 'Dupont "&" Fils', "0,00", "Paris"],
    ["sofia.rossi@example.it", "Sofía", "Rossi", "", "12,5", "Milano"],
    ["lars.oestergaard@example.dk", "Lars", "Østergaard", "Nordlys A/S", "7,25", "Aarhus"],
    ["piet@@example.nl", "Piet", "de Vries", "", "", "Utrecht"],
]
write("excel-semicolon-export.csv", excel_rows(excel_semicolon, ";"), bom=b"\xef\xbb\xbf")

# --- The same European Excel with plain "CSV (Trennzeichen-getrennt)": Windows-1252 bytes,
# which auto-detection cannot tell from GB18030; the user names it with --encoding.
# rows 3; imported 3.
excel_cp1252 = [
    ["E-Mail", "Vorname", "Nachname", "Stadt"],
    ["gruesse@example.de", "Björn", "Größer", "Düsseldorf"],
    ["chloe@example.fr", "Chloé", "Lefèvre", "Besançon"],
    ["inaki@example.es", "Iñaki", "Muñoz", "A Coruña"],
]
write("excel-cp1252-export.csv", excel_rows(excel_cp1252, ";"), "cp1252")

# --- Excel "Unicode Text (*.txt)": UTF-16 LE with BOM, tab-separated, CRLF; renamed .csv by
# the user. Quotes only around cells holding a tab, quote or line break.
# rows 7; line 6 invalid (two @); imported 6.
excel_unicode = [
    ["Email", "First Name", "Last Name", "Country", "Segment"],
    ["eleni.papadopoulou@example.gr", "Ελένη", "Παπαδοπούλου", "Ελλάδα", "🎉 VIP"],
    ["dmitry.ivanov@example.ru", "Дмитрий", "Иванов", "Россия", "B2B"],
    ["ahmed.mansour@example.eg", "أحمد", "منصور", "مصر", ""],
    ["hanako.sato@example.jp", "花子", "佐藤", "日本", 'said "hi"\tat booth'],
    ["bad@@example.com", "Broken", "Row", "", ""],
    ["an.nguyen@example.vn", "An", "Nguyễn Văn", "Việt Nam", ""],
    ["sean.obrien@example.ie", "Seán", "O'Brien", "Éire", ""],
]
write("excel-unicode-text-export.csv", excel_rows(excel_unicode, "\t"), "utf-16-le",
      bom=b"\xff\xfe")

# --- Mailchimp audience export (Audience > Export audience): a zip with one CSV per
# status. UTF-8 without BOM, LF line ends, merge-field headers quoted, system columns not.
MC_MERGE = ["Email Address", "First Name", "Last Name", "Address", "Phone Number", "Birthday",
            "Company"]
MC_SYSTEM = ["MEMBER_RATING", "OPTIN_TIME", "OPTIN_IP", "CONFIRM_TIME", "CONFIRM_IP", "LATITUDE",
             "LONGITUDE", "GMTOFF", "DSTOFF", "TIMEZONE", "CC", "REGION", "LAST_CHANGED", "LEID",
             "EUID", "NOTES"]
MC_TAGS = ["TAGS"]
MC_UNSUB = ["UNSUB_TIME", "UNSUB_CAMPAIGN_TITLE", "UNSUB_CAMPAIGN_ID", "UNSUB_REASON",
            "UNSUB_REASON_OTHER"]
MC_CLEAN = ["CLEAN_TIME", "CLEAN_CAMPAIGN_TITLE", "CLEAN_CAMPAIGN_ID"]


def mailchimp(extra_headers, members):
    header = ",".join([quote_all(h) for h in MC_MERGE] + MC_SYSTEM + extra_headers + MC_TAGS)
    lines = [header]
    for m in members:
        merge = [quote_all(v) for v in m["merge"]]
        system = [m.get("rating", "2"), quote_all(m["optin"]), "", quote_all(m["optin"]),
                  "198.51.100.7", "", "", "", "", "", "", "", quote_all(m["changed"]), m["leid"],
                  m["euid"], ""]
        extra = [quote_all(v) if v else "" for v in m.get("extra", [])]
        tags = [quote_all(m.get("tags", ""))] if m.get("tags") else [""]
        lines.append(",".join(merge + system + extra + tags))
    return "\n".join(lines) + "\n"


def member(email, first, last, leid, tags="", extra=None, address="", company=""):
    return {"merge": [email, first, last, address, "", "", company],
            "optin": "2024-02-11 08:15:02", "changed": "2025-09-30 17:44:10",
            "leid": leid, "euid": "%010x" % (int(leid) * 7919), "tags": tags,
            "extra": extra or []}


# rows 5; imported 5. olivia@example.org is also in the Google export (cross-file duplicate).
write("mailchimp-subscribed-export.csv", mailchimp([], [
    member("olivia.bennett@example.org", "Olivia", "Bennett", "101",
           '"Customers","Spring Sale 2025"',
           address="12 High Street  Bath  BA1 1AA GB", company="Bennett Bakes"),
    member("noah.fischer@example.com", "Noah", "Fischer", "102", '"Customers"'),
    member("emma.johansson@example.se", "Emma", "Johansson", "103"),
    member("liam.oconnor@example.ie", "Liam", "O'Connor", "104", '"VIP"'),
    member("mei.lin@example.com", "美玲", "林", "105", '"中文客户"'),
]))

# rows 3; all three go to the suppression list. sam.unsub@example.net is also in the CRM file.
write("mailchimp-unsubscribed-export.csv", mailchimp(MC_UNSUB, [
    member("sam.unsub@example.net", "Sam", "Taylor", "201",
           extra=["2025-03-02 10:11:12", "March Newsletter", "4f1c2a9e77", "NORMAL", ""]),
    member("ava.martin@example.com", "Ava", "Martin", "202",
           extra=["2025-04-19 21:00:45", "Spring Sale 2025", "8b22d0c1aa", "NORMAL",
                  "Too many emails"]),
    member("noah.fischer@example.com", "Noah", "Fischer", "102",
           extra=["2025-06-01 06:30:00", "June Update", "c0ffee1234", "SPAM", ""]),
]))

# rows 2; both go to the suppression list.
write("mailchimp-cleaned-export.csv", mailchimp(MC_CLEAN, [
    member("gone.away@example.com", "", "", "301",
           extra=["2025-05-05 05:05:05", "May Newsletter", "a1b2c3d4e5"]),
    member("typo@gmial.com", "Chris", "Lee", "302",
           extra=["2025-07-14 12:00:00", "July Update", "f6e5d4c3b2"]),
]))

# --- Google Contacts "Google CSV": UTF-8 with BOM, CRLF between records, notes and
# formatted addresses spread over several lines inside quotes.
# rows 4; line 9 invalid (no e-mail); imported 3, or 2 and 1 updated after the Mailchimp
# subscribed export (Olivia Bennett, different case).
GOOGLE = ["Name", "Given Name", "Additional Name", "Family Name", "Yomi Name", "Given Name Yomi",
          "Additional Name Yomi", "Family Name Yomi", "Name Prefix", "Name Suffix", "Initials",
          "Nickname", "Short Name", "Maiden Name", "Birthday", "Gender", "Location",
          "Billing Information", "Directory Server", "Mileage", "Occupation", "Hobby",
          "Sensitivity", "Priority", "Subject", "Notes", "Language", "Photo", "Group Membership",
          "E-mail 1 - Type", "E-mail 1 - Value", "E-mail 2 - Type", "E-mail 2 - Value",
          "Phone 1 - Type", "Phone 1 - Value", "Address 1 - Type", "Address 1 - Formatted",
          "Address 1 - Street", "Address 1 - City", "Address 1 - PO Box", "Address 1 - Region",
          "Address 1 - Postal Code", "Address 1 - Country", "Address 1 - Extended Address",
          "Organization 1 - Type", "Organization 1 - Name", "Organization 1 - Yomi Name",
          "Organization 1 - Title", "Organization 1 - Department", "Organization 1 - Symbol",
          "Organization 1 - Location", "Organization 1 - Job Description", "Website 1 - Type",
          "Website 1 - Value"]


def google(**fields):
    row = [""] * len(GOOGLE)
    for key, value in fields.items():
        row[GOOGLE.index(key.replace("__", " - ").replace("_", " "))] = value
    return row


google_rows = [GOOGLE,
               # lines 2..7: notes over four physical lines, the address over three
               google(Name="María García", Given_Name="María", Family_Name="García",
                      Notes="Met at Web Summit Lisbon.\nPrefers Spanish.\n\nFollow up in Q3",
                      Group_Membership="* myContacts ::: Partners",
                      **{"E-mail 1 - Type": "* Work", "E-mail 1 - Value": "maria.garcia@example.es",
                         "Phone 1 - Type": "Mobile", "Phone 1 - Value": "+34 600 123 456",
                         "Address 1 - Type": "Work",
                         "Address 1 - Formatted": "Calle Mayor 1\nMadrid 28013\nES",
                         "Address 1 - City": "Madrid", "Organization 1 - Name": "Ibérica SL"}),
               # line 8
               google(Name="Olivia Bennett", Given_Name="Olivia", Family_Name="Bennett",
                      Group_Membership="* myContacts",
                      **{"E-mail 1 - Type": "* Home",
                         "E-mail 1 - Value": "Olivia.Bennett@EXAMPLE.org"}),
               # lines 9..10: a phone-only contact, no e-mail: invalid at physical line 9
               google(Name="Plumber Joe", Given_Name="Joe", Notes="Emergency callouts\nonly",
                      Group_Membership="* myContacts",
                      **{"Phone 1 - Type": "Mobile", "Phone 1 - Value": "+44 7700 900123"}),
               # line 11
               google(Name="山田 太郎", Given_Name="太郎", Family_Name="山田",
                      Group_Membership="* myContacts ::: Friends",
                      **{"E-mail 1 - Type": "* Other", "E-mail 1 - Value": "taro.yamada@example.jp",
                         "E-mail 2 - Type": "Work", "E-mail 2 - Value": "t.yamada@example.co.jp",
                         "Website 1 - Type": "Profile",
                         "Website 1 - Value": "https://example.jp/~taro"}),
               ]
# Google writes every record with CRLF but keeps LF inside quoted cells.
google_text = "".join(",".join(excel_cell(c, ",") for c in row) + "\r\n" for row in google_rows)
write("google-contacts-export.csv", google_text, bom=b"\xef\xbb\xbf")

# --- Outlook (File > Open & Export > Import/Export > Export to a file > CSV): 92 columns,
# every cell quoted, CRLF, no BOM. An Exchange-only contact carries an X.500 address
# with E-mail Type "EX" instead of SMTP.
# rows 4; line 4 invalid (X.500 address); Zoë spans lines 5-6; imported 3.
OUTLOOK = ["Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department",
           "Job Title", "Business Street", "Business Street 2", "Business Street 3",
           "Business City", "Business State", "Business Postal Code", "Business Country/Region",
           "Home Street", "Home Street 2", "Home Street 3", "Home City", "Home State",
           "Home Postal Code", "Home Country/Region", "Other Street", "Other Street 2",
           "Other Street 3", "Other City", "Other State", "Other Postal Code",
           "Other Country/Region", "Assistant's Phone", "Business Fax", "Business Phone",
           "Business Phone 2", "Callback", "Car Phone", "Company Main Phone", "Home Fax",
           "Home Phone", "Home Phone 2", "ISDN", "Mobile Phone", "Other Fax", "Other Phone",
           "Pager", "Primary Phone", "Radio Phone", "TTY/TDD Phone", "Telex", "Account",
           "Anniversary", "Assistant's Name", "Billing Information", "Birthday",
           "Business Address PO Box", "Categories", "Children", "Directory Server",
           "E-mail Address", "E-mail Type", "E-mail Display Name", "E-mail 2 Address",
           "E-mail 2 Type", "E-mail 2 Display Name", "E-mail 3 Address", "E-mail 3 Type",
           "E-mail 3 Display Name", "Gender", "Government ID Number", "Hobby",
           "Home Address PO Box", "Initials", "Internet Free Busy", "Keywords", "Language",
           "Location", "Manager's Name", "Mileage", "Notes", "Office Location",
           "Organizational ID Number", "Other Address PO Box", "Priority", "Private",
           "Profession", "Referred By", "Sensitivity", "Spouse", "User 1", "User 2", "User 3",
           "User 4", "Web Page"]
assert len(OUTLOOK) == 92


def outlook(first, last, email, email_type="SMTP", **fields):
    row = [""] * len(OUTLOOK)
    defaults = {"First Name": first, "Last Name": last, "E-mail Address": email,
                "E-mail Type": email_type,
                "E-mail Display Name": "%s %s (%s)" % (first, last, email) if email else "",
                "Anniversary": "0/0/00", "Birthday": "0/0/00", "Gender": "Unspecified",
                "Initials": (first[:1] + "." + last[:1] + ".") if first and last else "",
                "Priority": "Normal", "Private": "False", "Sensitivity": "Normal"}
    defaults.update({k.replace("_", " "): v for k, v in fields.items()})
    for key, value in defaults.items():
        row[OUTLOOK.index(key)] = value
    return row


outlook_rows = [
    OUTLOOK,
    outlook("James", "Wilson", "james.wilson@example.com", Company="Contoso Ltd.",
            Job_Title="Purchasing Manager", Business_City="Seattle", Business_State="WA",
            Categories="Customers;Key Accounts"),
    outlook("Priya", "Sharma", "Priya.Sharma@Example.IN", Company="Fabrikam, Inc.",
            Business_City="Bengaluru", Mobile_Phone="+91 98450 12345"),
    # line 4: Exchange X.500 address, invalid
    outlook("Jordan", "Smith",
            "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients"
            "/cn=5f1a2b3c4d-jsmith", email_type="EX", Company="Contoso Ltd."),
    outlook("Zoë", "Van der Berg", "zoe.vdberg@example.nl", Notes="Prefers calls after 2pm.\r\n"
            "Speaks Dutch and English.", Home_City="Rotterdam"),
]
write("outlook-export.csv",
      "".join(",".join(quote_all(c) for c in row) + "\r\n" for row in outlook_rows))

# --- A home-grown CRM's export: snake_case headers, custom columns, LF, no BOM, and data
# typed by people: stray spaces, mixed case, spreadsheet formulas and signs at the start.
# rows 10; C-1005 spans lines 6-7; line 8 duplicates line 3 (whitespace and case), line 9
# too (case); line 10 invalid (no domain), line 11 invalid (empty e-mail); line 12 is
# suppressed when the Mailchimp unsubscribed export was imported first, else imported.
crm_rows = [
    ["customer_id", "email", "first_name", "last_name", "company", "plan", "mrr_usd",
     "signup_date", "tags", "notes"],
    ["C-1001", "alice.wong@example.com", "Alice", "Wong", "=HYPERLINK(\"http://evil.example/\",\"Invoice\")",
     "pro", "49.00", "2024-01-15", "beta;early-adopter", "Pays annually"],
    ["C-1002", "bob.martinez@example.com", "Bob", "Martinez", "Martinez Plumbing", "basic",
     "9.00", "2024-02-01", "", "+1 415 555 0100"],
    ["C-1003", "carol@example.co.uk", "Carol", "Evans", "@Evans Design", "pro", "49.00",
     "2024-03-09", "design", "-10% loyalty discount"],
    ["C-1004", "dave@example.com", "Dave", "Kim", "Kim & Co", "team", "199.00", "2024-04-22",
     "", "\tindented note"],
    ["C-1005", "erin@example.com", "Erin", "Novak", "", "basic", "9.00", "2024-05-30", "",
     "Call before renewal\nprefers e-mail"],
    ["C-1006", "  Bob.Martinez@Example.COM  ", "Robert", "Martinez", "Martinez Plumbing",
     "basic", "9.00", "2024-06-11", "plumbing, local", ""],
    ["C-1007", "BOB.MARTINEZ@example.com", "Bob", "Martinez", "", "", "", "2024-06-12", "", ""],
    ["C-1008", "frank@", "Frank", "Ortiz", "", "basic", "9.00", "2024-07-04", "", ""],
    ["C-1009", "", "Grace", "Hopper", "", "pro", "49.00", "2024-08-01", "", "no e-mail yet"],
    ["C-1010", "sam.unsub@example.net", "Sam", "Taylor", "", "basic", "9.00", "2024-09-09", "",
     ""],
]
write("crm-export.csv", excel_rows(crm_rows, ",", eol="\n"))

# --- A data-warehouse unload (Amazon Redshift UNLOAD ... HEADER writes '|' by default).
# rows 4; imported 4.
warehouse_rows = [
    ["email", "first_name", "last_name", "country", "lifetime_value"],
    ["ines.silva@example.pt", "Inês", "Silva", "PT", "1234.50"],
    ["kwame.mensah@example.gh", "Kwame", "Mensah", "GH", "88.00"],
    ["lena.berg@example.no", "Lena", "Berg", "NO", "0.00"],
    ["omar.haddad@example.jo", "Omar", "Haddad, Jr.", "JO", "310.75"],
]
write("warehouse-pipe-export.csv", excel_rows(warehouse_rows, "|", eol="\n"))
