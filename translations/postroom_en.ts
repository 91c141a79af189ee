<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Account</name>
    <message>
        <source>&quot;%1&quot; is not a URL; write smtp://host:port, smtps://host:port or outbox:///path/to/folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the user name in --user and the password in --password-env or --password-stdin, not in the URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account URL takes no query or fragment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An outbox URL names an absolute folder: outbox:///path/to/folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown account URL scheme &quot;%1&quot;; use smtp, smtps or outbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The URL %1 names no server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An SMTP URL takes no path: smtp://host:port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An smtps:// URL always uses implicit TLS; for STARTTLS or no TLS use smtp://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Implicit TLS needs an smtps:// URL (usually port 465).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--insecure-skip-verify makes no sense without TLS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rate must be N/s, N/min or N/h.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daily cap cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The number of connections must be between 1 and %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A warm-up plan covers at most %1 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each day of a warm-up plan needs a cap of at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account name must be at most 100 characters, on one line, without commas or surrounding spaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The user name must be one line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A password needs a user name (--user).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An AUTH mechanism needs a user name (--user).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The From address is not valid: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA file name must be one line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a TLS mode; use starttls, implicit or none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an AUTH mechanism; use auto, plain, login or xoauth2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a warm-up plan: write daily caps such as 50,100,200,400.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccountRepository</name>
    <message>
        <source>An account called &quot;%1&quot; already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not add the account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not change the account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no account &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete the account</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The account is used by %n campaign(s); remove it from them first.</source>
        <translation>
            <numerusform>The account is used by %n campaign; remove it from them first.</numerusform>
            <numerusform>The account is used by %n campaigns; remove it from them first.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AddressHeader</name>
    <message>
        <source>&apos;%1&apos; cannot be used as an address: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CampaignCheck</name>
    <message>
        <source>The campaign was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a new campaign to send again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody on list &quot;%1&quot; can receive it (no subscribed, unsuppressed contacts).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import contacts into the list, or pick another list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no account called &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add it with &apos;accounts add&apos;, or change the campaign&apos;s accounts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account &quot;%1&quot; was taken out of this campaign: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix the account (password, TLS) and test it; the other accounts carry on meanwhile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account &quot;%1&quot; is the sandbox: messages are written to %2, nothing is sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use an SMTP account to send for real.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The DKIM key cannot be used: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point the campaign at a readable, unencrypted private key (PEM).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tracking or unsubscribe URL is configured: unsubscribe links would point at a placeholder that does not work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run &apos;track configure --url URL&apos;, or give the campaign --unsubscribe-url.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the list to send to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody on this list can receive the campaign: every contact is unsubscribed, bounced or suppressed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no account called &quot;%1&quot;; add it on the Accounts page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account &quot;%1&quot; does not verify the server&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the template to send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The template has no subject.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CampaignRepository</name>
    <message>
        <source>A campaign needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A campaign name must be at most 200 characters, on one line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A campaign called &quot;%1&quot; already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the campaign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the campaign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such campaign.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no campaign called &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the campaigns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the campaign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The campaign no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete the campaign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; was already sent or cancelled; only a draft can be scheduled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CampaignSettings</name>
    <message>
        <source>&quot;%1&quot; is not a duration: write a whole number and a unit, like 30s, 5m, 24h or 2d.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is too long: at most 365 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The DKIM key is encrypted; store it without a passphrase (openssl pkey -in KEY -out PLAIN) and protect the file instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The DKIM key file holds a public key; give the private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The DKIM key is an EC key; DKIM signs with RSA or Ed25519.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The DKIM key file is not a private key in PEM form (-----BEGIN PRIVATE KEY-----).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The From address &quot;%1&quot; is not a valid e-mail address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The From name must be on one line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply-to address &quot;%1&quot; is not a valid e-mail address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The return path &quot;%1&quot; is not a valid e-mail address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A campaign needs at least one sending account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an account name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account &quot;%1&quot; is named twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tracking URL &quot;%1&quot; is not an http(s) URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The unsubscribe URL &quot;%1&quot; is not an http(s) URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DKIM needs a domain, a selector and a key file together.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The DKIM domain &quot;%1&quot; is not a domain name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The DKIM selector &quot;%1&quot; is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry durations must be positive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The retry base (%1) is longer than the retry expiry (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A weight is given for &quot;%1&quot;, which the campaign does not send through.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The weight of &quot;%1&quot; must be a whole number from 1 to %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CampaignStatus</name>
    <message>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting to retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ColumnMapping</name>
    <message>
        <source>Column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not FIELD=COLUMN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has no column &quot;%1&quot;. Its columns are: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No column holds the e-mail address. Columns: %1. Map one explicitly (email=COLUMN).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsubscribed marker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cleaned marker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom field</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionTest</name>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>temporary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DNS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not tested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS NOT verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AUTH %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The test of &quot;%1&quot; failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Greeting:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; works.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no TLS: the password and messages travel in plain text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>implicit TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate NOT verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>authenticated with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not authenticated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capabilities:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactExporter</name>
    <message>
        <source>The export was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write the export</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactImportWriter</name>
    <message>
        <source>Could not prepare the import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not rebuild the name index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not start a transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not look up the contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not add the contact to the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not add to the suppression list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not add the contacts to the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not commit the import batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the contacts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactImporter</name>
    <message>
        <source>No e-mail address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid e-mail address &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The column mapping does not match the file&apos;s columns; preview the file again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactRepository</name>
    <message>
        <source>Could not read the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not rebuild the name index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not prepare the import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bulk import needs the SQLite driver.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not add the contact to the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The contact no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no contact %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not count the contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another contact already has the address %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete the contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not change the contacts&apos; status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not add the contacts to the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not remove the contacts from the list</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CsvReader</name>
    <message>
        <source>The file is not open for reading.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown encoding &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A quoted field is not closed before the end of the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The row is too long (over a million characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The row has too many columns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The row contains a NUL byte.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The row contains bytes that are not valid in the file&apos;s encoding.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CurlSmtpRequest</name>
    <message>
        <source>the server offered no AUTH, so nothing was sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server does not offer STARTTLS, which this account requires (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server offered no AUTH mechanism after EHLO (capabilities: %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeliveryResult</name>
    <message>
        <source>accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>temporary failure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>authentication failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s certificate is not trusted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s name does not resolve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection was refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server did not answer in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local failure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (at %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DkimSigner</name>
    <message>
        <source>&apos;%1&apos; is not a valid DKIM signing domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid DKIM selector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The DKIM key is not an unencrypted PEM private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The DKIM RSA key has %1 bits; at least 1024 are needed (2048 recommended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The DKIM key must be an RSA or Ed25519 private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the DKIM key %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DKIM signing failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EmailAddress</name>
    <message>
        <source>The e-mail address is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The e-mail address is longer than 254 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The e-mail address has more than one @.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The e-mail address contains a space or control character.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The e-mail address has no @.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The e-mail address has nothing before the @.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The part before the @ is longer than 64 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The part before the @ starts or ends with a dot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The part before the @ has two dots in a row.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The part before the @ has non-ASCII characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The part before the @ contains a character that is not allowed (quotes, brackets, commas…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The e-mail address has no domain after the @.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Addresses with an IP literal as domain are not accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The domain is not a valid internationalised domain name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The domain is longer than 253 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The domain ends with a dot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The domain has an empty part (two dots in a row, or a dot at the start).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A part of the domain is longer than 63 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A part of the domain starts or ends with a hyphen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The domain contains a character that is not allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The domain has no dot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The domain ends in a number; it is not a mail domain.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileSecretStore</name>
    <message>
        <source>warning: secrets are stored UNENCRYPTED in %1 (POSTROOM_SECRET_STORE=file); protect that file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret file %1 can be read by other users; make it private with &apos;chmod 600 %1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the secret file %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret file %1 is damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write the secret file %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret file %1 is locked by another process.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret file %1 has no entry &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeychainSecretStore</name>
    <message>
        <source>No keychain service is available to keep the password (%1). Use --password-env VAR, or set POSTROOM_SECRET_STORE=file to keep secrets unencrypted in a 0600 file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain has no entry &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain refused access.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no D-Bus session bus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the D-Bus session bus %1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ListRepository</name>
    <message>
        <source>A list needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A list name must be at most 200 characters, on one line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A list called &quot;%1&quot; already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the lists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no list called &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not rename the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete the list</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageComposer</name>
    <message>
        <source>The inline image &apos;%1&apos; has no usable content id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid message reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The unsubscribe URL must be an absolute http or https URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The unsubscribe URL is longer than %1 characters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageRepository</name>
    <message>
        <source>No campaign with id %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The campaign was cancelled; it cannot be resumed or sent again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NameserverResolver</name>
    <message>
        <source>the nameserver %1 did not answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>POSTROOM_NAMESERVER is &quot;%1&quot;; it must be an IP address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no address at nameserver %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutboxTransport</name>
    <message>
        <source>Could not create the outbox folder %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The outbox folder %1 is not writable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>written to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outbox %1 (messages are written as .eml files, nothing is sent)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Send::SendEngine</name>
    <message>
        <source>The campaign is already being sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No account can send: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Storage</name>
    <message>
        <source>Cannot create the folder for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the database %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database was written by a newer Postroom (schema %1; this version knows up to %2). Upgrade Postroom to open it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Template</name>
    <message>
        <source>subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTML part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text part</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::AccountDialog</name>
    <message>
        <source>Passwords are kept in %1, a file only you can read (mode 0600) but NOT encrypted, because POSTROOM_SECRET_STORE=file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain service is running (%1), so a password cannot be stored. Read it from an environment variable instead, or start Postroom with POSTROOM_SECRET_STORE=file to keep passwords in an unencrypted 0600 file next to the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password is kept in the system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. newsletter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>smtp://host:port (STARTTLS), smtps://host:port (implicit TLS) or outbox:///folder (writes .eml files, sends nothing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outbox &amp;Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write messages as .eml files into a folder instead of sending them: a sandbox to try a campaign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STARTTLS, required (smtp://, port 587)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Implicit TLS (smtps://, port 465)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None: plain text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip certificate &amp;verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the system&apos;s trusted certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;TLS:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trusted C&amp;A file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: no AUTH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the password in the secret store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read it from an environment variable at each use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the secret store…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (what the server offers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>XOAUTH2 (the password is an access token)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>U&amp;ser:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Variable:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AU&amp;TH:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most this many messages in any 24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 50,100,200,400</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily caps for day 1, 2, … of a new sender, rising day by day; after the plan, the daily cap applies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default &amp;From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Daily cap:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parallel &amp;connections:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Warm-up plan:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;est Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unchanged (kept in the keychain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unchanged (kept in the secrets file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outbox Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trusted CA Certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without TLS, messages travel in plain text and anyone on the network path can read or change them. Use this only for a server on this machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without TLS, the password and every message travel in plain text: anyone on the network path can read them. Use this only for a server on this machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without certificate verification, anyone on the network path can pose as the server and read the password and the messages. Prefer adding the server&apos;s CA certificate as the trusted CA file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Testing %1…&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the password for %1, or clear the user name to send without AUTH.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::AccountsPage</name>
    <message>
        <source>Sending Accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect, greet, secure and sign in, sending nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No account yet. Add your SMTP server, or an outbox folder to try a campaign without sending anything.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Choose an account to see its connection test.&lt;/p&gt;&lt;p&gt;An &lt;b&gt;outbox&lt;/b&gt; account (&lt;code&gt;outbox:///folder&lt;/code&gt;) writes each message as an .eml file and sends nothing: a safe way to try a whole campaign.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&quot;%1&quot; has not been tested in this session. Test connects, greets the server, secures the connection, signs in and quits, sending nothing.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Testing %1…&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;small&gt;Tested at %1.&lt;/small&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account &quot;%1&quot; added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account &quot;%1&quot; saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the account &quot;%1&quot;?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its stored password is forgotten too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account &quot;%1&quot; deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account &quot;%1&quot; works.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account &quot;%1&quot; failed its test: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::AccountsTableModel</name>
    <message>
        <source>unlimited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 per minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 per hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Implicit TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (plain text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, NOT verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1, warm-up %n day(s)</source>
        <translation>
            <numerusform>%1, warm-up %n day</numerusform>
            <numerusform>%1, warm-up %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>warm-up %n day(s)</source>
        <translation>
            <numerusform>warm-up %n day</numerusform>
            <numerusform>warm-up %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last test</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::AssetsPanel</name>
    <message>
        <source>Add Inline Image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Attachment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert into HTML</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert an &lt;img&gt; tag showing this image at the cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inline images are shown by the HTML through &lt;img src=&quot;cid:…&quot;&gt;; attachments go with every message. Both are saved at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — inline image, cid:%2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — attachment (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Inline Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Attachments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.gif *.webp *.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::CampaignComposer</name>
    <message>
        <source>Cannot read the DKIM key %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Campaign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Campaign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. November newsletter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name &lt;sender@example.com&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: where replies go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: where bounces go (default: From)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;List:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Template:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reply-To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return-&amp;Path:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send through</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages are spread over the ticked accounts by weight, each within its own limits; when one fails or is exhausted, the others carry on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count &amp;opens (a tracking image)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count &amp;clicks (links go through the tracker)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default: the configured tracking URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default: the tracking URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracking &amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Unsubscribe URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DKIM signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. example.com (empty: no signature)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. mail2026</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>private key file (PEM, RSA or Ed25519)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bro&amp;wse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Domain:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;elector:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Key file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temporary failures are retried after the first delay, doubling each time, until the give-up time. Durations such as 30s, 5m, 24h, 2d.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First retry &amp;after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Give up after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (%Ln contact(s))</source>
        <translation>
            <numerusform>%1 (%Ln contact)</numerusform>
            <numerusform>%1 (%Ln contacts)</numerusform>
        </translation>
    </message>
    <message>
        <source>(no such account)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DKIM Private Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM keys (*.pem *.key);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First retry after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give up after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 recipients after suppressions (%2 on the list; %3 unsubscribed, bounced or suppressed are left out).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 recipients after suppressions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (line %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A campaign needs a name, a list and a template.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When I press &amp;Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;At:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Postroom must be running at that time: it starts the campaign itself. If it is closed then, the campaign starts as soon as you open Postroom again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account&apos;s share of the messages: an account of weight 3 sends three times as many as one of weight 1, as far as its limits allow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The start time has passed: choose a later one, or &quot;When I press Send&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::CampaignLiveView</name>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deferred</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bounced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In flight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latest errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No campaign chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time left: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping: messages on the wire are finishing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent yet. Send… checks the campaign, says how many recipients it reaches, and starts it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deferred recipients are retried when their time comes, while Postroom runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>less than a minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>about %n min</source>
        <translation>
            <numerusform>about %n min</numerusform>
            <numerusform>about %n min</numerusform>
        </translation>
    </message>
    <message>
        <source>about %1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out of this campaign: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Backing off for %n s (the server asked to slow down)</source>
        <translation>
            <numerusform>Backing off for %n s (the server asked to slow down)</numerusform>
            <numerusform>Backing off for %n s (the server asked to slow down)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starts by itself at %1 if Postroom is running then (or as soon as it is opened after that). Send… starts it now.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::CampaignsPage</name>
    <message>
        <source>Campaigns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ca&amp;ncel Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resumed sending &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; saved as a draft.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete Campaign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the campaign &quot;%1&quot;?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its queue and its delivery history go with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking &quot;%1&quot;…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send Campaign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; cannot be sent yet:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; was not sent: the check found errors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Send &quot;%1&quot; to %Ln recipient(s) through %2?</source>
        <translation>
            <numerusform>Send &quot;%1&quot; to %Ln recipient through %2?</numerusform>
            <numerusform>Send &quot;%1&quot; to %Ln recipients through %2?</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Send Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Postroom must keep running while it sends; closing it pauses sending until you open it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending &quot;%1&quot;…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel Sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel &quot;%1&quot; for good?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel &amp;Campaign</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln recipient(s) not sent yet will never get it. To stop for a while, use Pause.</source>
        <translation>
            <numerusform>%Ln recipient not sent yet will never get it. To stop for a while, use Pause.</numerusform>
            <numerusform>%Ln recipients not sent yet will never get it. To stop for a while, use Pause.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sending &quot;%1&quot; stopped: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is done: %2 sent, %3 failed, %4 bounced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Campaigns Are Sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Postroom is sending campaigns. Stop sending and quit?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop and &amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages on the wire are finished first. Sending carries on where it stopped when you open Postroom again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scheduled start was held back: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; did not start: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the scheduled campaign &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::CampaignsTableModel</name>
    <message>
        <source>no recipients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 (%3%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent %1, deferred %2, failed %3, bounced %4, skipped %5, queued %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduled for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Postroom starts it at that time if it is running then, or as soon as it is opened after that.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ContactEditDialog</name>
    <message>
        <source>Edit Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;First name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Last name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom fields:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ContactsPage</name>
    <message>
        <source>No list yet. Create one with New List…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suppressions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import contacts from a CSV file (or drop the file here)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search e-mail or name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s)</source>
        <translation>
            <numerusform>%Ln contact</numerusform>
            <numerusform>%Ln contacts</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Unsubscribe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove from List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Move to List…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy to List…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Unsubscribed %Ln contact(s).</source>
        <translation>
            <numerusform>Unsubscribed %Ln contact.</numerusform>
            <numerusform>Unsubscribed %Ln contacts.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %Ln contact(s) from the list.</source>
        <translation>
            <numerusform>Removed %Ln contact from the list.</numerusform>
            <numerusform>Removed %Ln contacts from the list.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln contact(s) from every list? Their history in past campaigns stays.</source>
        <translation>
            <numerusform>Delete %Ln contact from every list? Their history in past campaigns stays.</numerusform>
            <numerusform>Delete %Ln contacts from every list? Their history in past campaigns stays.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %Ln contact(s).</source>
        <translation>
            <numerusform>Deleted %Ln contact.</numerusform>
            <numerusform>Deleted %Ln contacts.</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy to List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no other list yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Copied %Ln contact(s).</source>
        <translation>
            <numerusform>Copied %Ln contact.</numerusform>
            <numerusform>Copied %Ln contacts.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Moved %Ln contact(s).</source>
        <translation>
            <numerusform>Moved %Ln contact.</numerusform>
            <numerusform>Moved %Ln contacts.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ContactsTableModel</name>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subscribed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsubscribed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bounced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complained</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the suppression list: never sent to, whatever its status.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, suppressed</source>
        <comment>contact status</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ImportCheckPage</name>
    <message>
        <source>Check Before Importing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A dry run over the whole file: nothing has been written yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the whole file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The check was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing into “%1” would do this:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ImportFilePage</name>
    <message>
        <source>Choose a File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A CSV file from Excel, Mailchimp, Google Contacts, Outlook or your CRM. You can also drop a file on the Contacts page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a list, or type a new name to create one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import into &amp;list:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt *.tsv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ImportMappingPage</name>
    <message>
        <source>Match the Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each column of the file feeds one field. Columns that match nothing become custom fields you can use in templates; rename or ignore them here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom field name</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ImportPreviewPage</name>
    <message>
        <source>Check the Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first rows as Postroom reads them. If names look garbled or all columns run together, pick another encoding or delimiter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Encoding:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delimiter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comma</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Semicolon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (detected)</source>
        <comment>encoding</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (detected)</source>
        <comment>delimiter</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Encoding: %1. Delimiter: %2. %Ln column(s).</source>
        <translation>
            <numerusform>Encoding: %1. Delimiter: %2. %Ln column.</numerusform>
            <numerusform>Encoding: %1. Delimiter: %2. %Ln columns.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ImportProgressPage</name>
    <message>
        <source>Importing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows are written in batches; stopping keeps the batches already written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%L1 rows read…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Contacts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ImportResultPage</name>
    <message>
        <source>Import Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save Rejected Rows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A CSV with each rejected row&apos;s line, the reason and its columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import was stopped. Rows read before that were imported into “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The contacts were imported into “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-rejected</source>
        <comment>file name suffix</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Rejected Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ImportSummaryView</name>
    <message>
        <source>Rows read:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New contacts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated contacts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicates in the file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid rows:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suppressed or unsubscribed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ImportWizard</name>
    <message>
        <source>Import Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no rejected rows to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot replace %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ListsPanel</name>
    <message>
        <source>Lists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New List…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%L2)</source>
        <comment>list name and contact count</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new list:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the list &quot;%1&quot;? Its contacts stay in the database.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::MainWindow</name>
    <message>
        <source>Postroom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Templates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery, bounces, opens, clicks and unsubscribes per campaign, with charts and CSV/PDF export, will appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New List…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Postroom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Postroom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Postroom %1&lt;/h3&gt;&lt;p&gt;A desktop e-mail campaign manager: contact lists, templates, and delivery through your own SMTP accounts.&lt;/p&gt;&lt;p&gt;Free and open-source software.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::PreviewPane</name>
    <message>
        <source>Preview for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show images</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Remote images blocked (%n)</source>
        <translation>
            <numerusform>Remote images blocked (%n)</numerusform>
            <numerusform>Remote images blocked (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>No list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%L2)</source>
        <comment>list name and contact count</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 &lt;%2&gt;</source>
        <comment>contact name and address</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message size: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gmail clips messages over 102 KB</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ProblemsPanel</name>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTML %1:%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject, column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text %1:%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::SendTestDialog</name>
    <message>
        <source>Send a Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name &lt;sender@example.com&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message is rendered for the contact chosen in the preview and sent as a campaign would send it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no account yet. Add one on the Accounts page or with postroom-cli accounts add.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The From address is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The To address is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The template has errors; fix them first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The test was not sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test sent to %1 through %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::SettingsPage</name>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language applies when Postroom starts again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::SuppressionsTableModel</name>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::SuppressionsView</name>
    <message>
        <source>Search addresses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suppress Address…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lift Suppression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Addresses here are never sent to, whatever list they are on. Imports do not subscribe them again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln suppressed address(es)</source>
        <translation>
            <numerusform>%Ln suppressed address</numerusform>
            <numerusform>%Ln suppressed addresses</numerusform>
        </translation>
    </message>
    <message>
        <source>Suppress Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>manual</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;E-mail address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is now suppressed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was already suppressed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Allow sending to %Ln address(es) again?</source>
        <translation>
            <numerusform>Allow sending to %Ln address again?</numerusform>
            <numerusform>Allow sending to %Ln addresses again?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::TemplateListPanel</name>
    <message>
        <source>Templates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new template:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>News for {{first_name|you}}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the copy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <comment>name of a duplicated template</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the template &quot;%1&quot; with its attachments and images?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::TemplatesPage</name>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Links are not followed in the preview: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject, e.g. News for {{first_name|you}}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert a merge field at the cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTML</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text Part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images &amp;&amp; Attachments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send Test…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send this message to an address through one of your accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Automatic: generated from the HTML</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Custom text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text part appears here as it is generated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mail programs that show no HTML show this part. The automatic text is made from each recipient&apos;s HTML when sending.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the template (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No template selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The template &quot;%1&quot; has unsaved changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do you want to save them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix the errors listed below to update the preview.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a list in the preview to see its own fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SecretRef</name>
    <message>
        <source>&quot;%1&quot; is not an environment variable name (letters, digits and _, not starting with a digit).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a secret reference (expected env:VAR, keychain:KEY or file:KEY).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SecretVault</name>
    <message>
        <source>POSTROOM_SECRET_STORE is &quot;%1&quot;; it must be &quot;keychain&quot; or &quot;file&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment variable %1 that holds the password is not set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment variable %1 that holds the password is empty.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SendRate</name>
    <message>
        <source>&quot;%1&quot; is not a rate: write N/s, N/min or N/h with N at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SendWorker</name>
    <message>
        <source>Campaign &quot;%1&quot; was cancelled; it cannot be sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; sends through account &quot;%2&quot;: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the password is not available: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The campaign has no sending account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every account reached its daily cap</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SuppressionRepository</name>
    <message>
        <source>An empty address cannot be suppressed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not add to the suppression list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the suppression list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not change the suppression list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not suppressed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TemplateAnalysis</name>
    <message>
        <source>An image has no alt text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image &quot;%1&quot; has no alt text: readers with images off or with a screen reader see nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message has no text besides images: spam filters distrust it, and with images blocked it looks empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the list&apos;s contacts for the field checks…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message is %1, over 102 KB: Gmail clips it and hides the rest, unsubscribe link included, behind a link.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jane</source>
        <comment>sample contact first name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Doe</source>
        <comment>sample contact last name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TemplateCheck</name>
    <message>
        <source>Unknown field &quot;%1&quot; in the %2 at line %3, column %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct the name, or import contacts that have a &quot;%1&quot; column.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 has no {{unsubscribe_url}} link.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a visible unsubscribe link: &lt;a href=&quot;{{unsubscribe_url}}&quot;&gt;Unsubscribe&lt;/a&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 contacts have no &quot;%3&quot; and would see a blank.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give it a fallback, {{%1|…}}, or wrap it in {{#if %1}}…{{/if}}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 contacts have no &quot;%3&quot; and get the fallback &quot;%4&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to do if the fallback reads well.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TemplateParser</name>
    <message>
        <source>Unclosed tag: this {{ has no }}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unclosed tag: a new {{ starts before this one&apos;s }}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unclosed {{#if %1}}: add {{/if}} where it should end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown block {{#%1}}: the only block is {{#if field}}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{{#if}} needs a field name: {{#if first_name}}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A condition has no fallback: remove the | part.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{{else}} outside of an {{#if}}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A second {{else}} in {{#if %1}}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown block end {{/%1}}: blocks end with {{/if}}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{{/if}} without an {{#if}} to close.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{{/if %1}} closes {{#if %2}} (line %3, column %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty field name: write {{first_name}} or the like.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The field name &quot;%1&quot; contains a brace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A field name cannot contain a line break or control character.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;else&quot; is not a field: {{else}} has no fallback.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TemplateRepository</name>
    <message>
        <source>A template needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A template name must be at most 200 characters, on one line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The subject must be on one line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An attachment needs a file name on one line, without folders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a MIME type like image/png.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An inline image needs a content id of printable ASCII characters (no spaces or angle brackets).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A template called &quot;%1&quot; already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not store the template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The template no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such template.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no template called &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the templates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete the template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The template is used by the campaign &quot;%1&quot;; it cannot be deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the template&apos;s files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The template already has an inline image with the content id &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not store the file &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not remove the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is no longer there.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenSealer</name>
    <message>
        <source>The link is invalid or was altered</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrackingSecret</name>
    <message>
        <source>The tracking secret (%1) is shorter than %2 characters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TransportFactory</name>
    <message>
        <source>The password of account &quot;%1&quot; is not available: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Postroom e-mail campaigns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database file to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Postroom</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
