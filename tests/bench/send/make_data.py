#!/usr/bin/python3
"""Writes contacts.csv (N recipients), a ~20 KB personalised newsletter template t.html, and
messages/ (the same ~20 KB per message, for the smtplib reference)."""
import os, sys

work, n = sys.argv[1], int(sys.argv[2])
with open(os.path.join(work, "contacts.csv"), "w") as f:
    f.write("email,first_name,city\n")
    for i in range(n):
        f.write(f"user{i}@example.com,Name{i},City{i % 97}\n")
# A newsletter as e-mail builders write them: nested tables, inline styles, images,
# buttons, a footer; personalised in the greeting and in every story.
TD = 'style="padding:0 24px 16px 24px;font-family:Helvetica,Arial,sans-serif;font-size:15px;line-height:22px;color:#333333;"'
story = """<tr><td style="padding:16px 24px 8px 24px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>
<td width="180" valign="top" style="padding-right:16px;"><a href="https://shop.example.com/stories/{n}?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=autumn"><img src="https://cdn.example.com/img/story-{n}.jpg" width="180" height="120" alt="Story {n}" style="display:block;border:0;border-radius:4px;"></a></td>
<td valign="top" style="font-family:Helvetica,Arial,sans-serif;font-size:15px;line-height:22px;color:#333333;"><h2 style="margin:0 0 8px 0;font-size:19px;line-height:24px;color:#1a1a1a;">Autumn pick #{n} for {{{{city|your town}}}}</h2>
<p style="margin:0 0 12px 0;">{{{{first_name|Friend}}}}, this week we picked something new for you: fresh arrivals, limited stock and free delivery over 50.</p>
<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td style="border-radius:4px;background:#e4572e;"><a href="https://shop.example.com/stories/{n}/buy?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=autumn" style="display:inline-block;padding:10px 18px;font-family:Helvetica,Arial,sans-serif;font-size:14px;font-weight:bold;color:#ffffff;text-decoration:none;">Shop now</a></td></tr></table>
</td></tr></table></td></tr>
<tr><td style="padding:0 24px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td style="border-top:1px solid #eeeeee;font-size:1px;line-height:1px;">&nbsp;</td></tr></table></td></tr>
"""
head = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Autumn news</title>
<style>@media only screen and (max-width:620px){.container{width:100%!important}.stack{display:block!important;width:100%!important}}</style></head>
<body style="margin:0;padding:0;background:#f4f4f4;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f4f4;"><tr><td align="center" style="padding:24px 8px;">
<table role="presentation" class="container" width="600" cellpadding="0" cellspacing="0" border="0" style="background:#ffffff;border-radius:6px;">
<tr><td style="padding:24px;"><img src="https://cdn.example.com/img/logo.png" width="140" height="40" alt="Example Shop" style="display:block;border:0;"></td></tr>
<tr><td TD>Hello {{first_name|there}},</td></tr>
<tr><td TD>Here is what is new in {{city|your town}} this week.</td></tr>
""".replace("TD", TD)
foot = """<tr><td style="padding:24px;background:#fafafa;font-family:Helvetica,Arial,sans-serif;font-size:12px;line-height:18px;color:#888888;">You receive this because you subscribed at shop.example.com.<br>Example Shop Ltd, 1 Market Street, Springfield<br>
<a href="{{unsubscribe_url}}" style="color:#888888;">Unsubscribe</a> &middot; <a href="https://shop.example.com/preferences" style="color:#888888;">Preferences</a></td></tr>
</table></td></tr></table></body></html>"""
stories, k = "", 1
while len(head) + len(stories) + len(foot) < 19500:
    stories += story.format(n=k)
    k += 1
with open(os.path.join(work, "t.html"), "w") as f:
    f.write(head + stories + foot)
with open(os.path.join(work, "messages"), "w") as f:
    f.write(str(n))
