<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ListRepository</name>
    <message>
        <source>A list needs a name.</source>
        <translation>名单需要一个名称。</translation>
    </message>
    <message>
        <source>A list name must be at most 200 characters, on one line.</source>
        <translation>名单名称最多 200 个字符，且只能占一行。</translation>
    </message>
    <message>
        <source>A list called "%1" already exists.</source>
        <translation>名为“%1”的名单已存在。</translation>
    </message>
    <message>
        <source>Could not create the list</source>
        <translation>无法创建名单</translation>
    </message>
    <message>
        <source>Could not read the lists</source>
        <translation>无法读取名单</translation>
    </message>
    <message>
        <source>Could not read the list</source>
        <translation>无法读取该名单</translation>
    </message>
    <message>
        <source>There is no list called "%1".</source>
        <translation>没有名为“%1”的名单。</translation>
    </message>
    <message>
        <source>Could not rename the list</source>
        <translation>无法重命名名单</translation>
    </message>
    <message>
        <source>The list no longer exists.</source>
        <translation>该名单已不存在。</translation>
    </message>
    <message>
        <source>Could not delete the list</source>
        <translation>无法删除名单</translation>
    </message>
</context>
<context>
    <name>Postroom::Storage</name>
    <message>
        <source>Cannot create the folder for %1</source>
        <translation>无法为 %1 创建文件夹</translation>
    </message>
    <message>
        <source>Cannot open the database %1</source>
        <translation>无法打开数据库 %1</translation>
    </message>
    <message>
        <source>The database was written by a newer Postroom (schema %1; this version knows up to %2). Upgrade Postroom to open it.</source>
        <translation>该数据库由更新版本的 Postroom 写入（结构版本 %1；本版本最高支持 %2）。请升级 Postroom 后再打开。</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ContactsPage</name>
    <message>
        <source>No list yet. Create one with New List…</source>
        <translation>还没有名单。请用“新建名单…”创建一个。</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ListsPanel</name>
    <message>
        <source>Lists</source>
        <translation>名单</translation>
    </message>
    <message>
        <source>New List…</source>
        <translation>新建名单…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>%1 (%L2)</source>
        <comment>list name and contact count</comment>
        <translation>%1（%L2）</translation>
    </message>
    <message>
        <source>New List</source>
        <translation>新建名单</translation>
    </message>
    <message>
        <source>Name of the new list:</source>
        <translation>新名单的名称：</translation>
    </message>
    <message>
        <source>Rename List</source>
        <translation>重命名名单</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <source>Delete List</source>
        <translation>删除名单</translation>
    </message>
    <message>
        <source>Delete the list "%1"? Its contacts stay in the database.</source>
        <translation>删除名单“%1”？其中的联系人仍保留在数据库中。</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::MainWindow</name>
    <message>
        <source>Postroom</source>
        <translation>Postroom</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>HTML templates with merge fields, a live preview for a chosen contact and checks for problems will be edited here.</source>
        <translation>将在此编辑带合并字段的 HTML 模板，按所选联系人实时预览并检查问题。</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>Compose a campaign from a list and a template, send it, and watch its progress live here.</source>
        <translation>在此用名单和模板编排营销活动、发送并实时查看进度。</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Your SMTP accounts, their sending limits and connection tests will be managed here.</source>
        <translation>将在此管理您的 SMTP 账户、发送限额和连接测试。</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Delivery, bounces, opens, clicks and unsubscribes per campaign, with charts and CSV/PDF export, will appear here.</source>
        <translation>每个营销活动的投递、退信、打开、点击和退订情况将显示在此，并提供图表及 CSV/PDF 导出。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New List…</source>
        <translation>新建名单(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Postroom</source>
        <translation>关于 Postroom(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>About Postroom</source>
        <translation>关于 Postroom</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Postroom %1&lt;/h3&gt;&lt;p&gt;A desktop e-mail campaign manager: contact lists, templates, and delivery through your own SMTP accounts.&lt;/p&gt;&lt;p&gt;Free and open-source software.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Postroom %1&lt;/h3&gt;&lt;p&gt;桌面电子邮件营销管理工具：联系人名单、模板，并通过您自己的 SMTP 账户投递。&lt;/p&gt;&lt;p&gt;自由开源软件。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::SettingsPage</name>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>A new language applies when Postroom starts again.</source>
        <translation>新语言将在 Postroom 重新启动后生效。</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>数据库：</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Postroom e-mail campaigns</source>
        <translation>Postroom 电子邮件营销</translation>
    </message>
    <message>
        <source>The database file to open.</source>
        <translation>要打开的数据库文件。</translation>
    </message>
    <message>
        <source>Postroom</source>
        <translation>Postroom</translation>
    </message>
</context>
</TS>