<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
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
    <name>Postroom::Ui::ContactsPage</name>
    <message>
        <source>No list yet. Create one with New List…</source>
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
        <source>HTML templates with merge fields, a live preview for a chosen contact and checks for problems will be edited here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compose a campaign from a list and a template, send it, and watch its progress live here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your SMTP accounts, their sending limits and connection tests will be managed here.</source>
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
