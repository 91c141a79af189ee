<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Account</name>
    <message>
        <source>&quot;%1&quot; is not a URL; write smtp://host:port, smtps://host:port or outbox:///path/to/folder.</source>
        <translation>“%1”不是 URL；请写成 smtp://host:port、smtps://host:port 或 outbox:///path/to/folder。</translation>
    </message>
    <message>
        <source>Put the user name in --user and the password in --password-env or --password-stdin, not in the URL.</source>
        <translation>请将用户名放在 --user 中，密码通过 --password-env 或 --password-stdin 提供，不要写在 URL 里。</translation>
    </message>
    <message>
        <source>An account URL takes no query or fragment.</source>
        <translation>账户 URL 不能带查询参数或片段。</translation>
    </message>
    <message>
        <source>An outbox URL names an absolute folder: outbox:///path/to/folder.</source>
        <translation>outbox URL 需指定一个绝对路径的文件夹：outbox:///path/to/folder。</translation>
    </message>
    <message>
        <source>Unknown account URL scheme &quot;%1&quot;; use smtp, smtps or outbox.</source>
        <translation>未知的账户 URL 协议“%1”；请使用 smtp、smtps 或 outbox。</translation>
    </message>
    <message>
        <source>The URL %1 names no server.</source>
        <translation>URL %1 未指定服务器。</translation>
    </message>
    <message>
        <source>An SMTP URL takes no path: smtp://host:port.</source>
        <translation>SMTP URL 不能带路径：smtp://host:port。</translation>
    </message>
    <message>
        <source>An smtps:// URL always uses implicit TLS; for STARTTLS or no TLS use smtp://.</source>
        <translation>smtps:// URL 总是使用隐式 TLS；如需 STARTTLS 或不使用 TLS，请用 smtp://。</translation>
    </message>
    <message>
        <source>Implicit TLS needs an smtps:// URL (usually port 465).</source>
        <translation>隐式 TLS 需要 smtps:// URL（通常为 465 端口）。</translation>
    </message>
    <message>
        <source>--insecure-skip-verify makes no sense without TLS.</source>
        <translation>不使用 TLS 时，--insecure-skip-verify 没有意义。</translation>
    </message>
    <message>
        <source>The rate must be N/s, N/min or N/h.</source>
        <translation>速率必须是 N/s、N/min 或 N/h。</translation>
    </message>
    <message>
        <source>The daily cap cannot be negative.</source>
        <translation>每日上限不能为负数。</translation>
    </message>
    <message>
        <source>The number of connections must be between 1 and %1.</source>
        <translation>连接数必须在 1 到 %1 之间。</translation>
    </message>
    <message>
        <source>A warm-up plan covers at most %1 days.</source>
        <translation>预热计划最多覆盖 %1 天。</translation>
    </message>
    <message>
        <source>Each day of a warm-up plan needs a cap of at least 1.</source>
        <translation>预热计划中每天的上限至少为 1。</translation>
    </message>
    <message>
        <source>An account needs a name.</source>
        <translation>账户需要一个名称。</translation>
    </message>
    <message>
        <source>An account name must be at most 100 characters, on one line, without commas or surrounding spaces.</source>
        <translation>账户名称最多 100 个字符，必须在一行内，不能包含逗号或首尾空格。</translation>
    </message>
    <message>
        <source>The user name must be one line.</source>
        <translation>用户名必须在一行内。</translation>
    </message>
    <message>
        <source>A password needs a user name (--user).</source>
        <translation>设置密码需要同时提供用户名（--user）。</translation>
    </message>
    <message>
        <source>An AUTH mechanism needs a user name (--user).</source>
        <translation>指定 AUTH 认证机制需要提供用户名（--user）。</translation>
    </message>
    <message>
        <source>The From address is not valid: %1</source>
        <translation>发件人地址无效：%1</translation>
    </message>
    <message>
        <source>The CA file name must be one line.</source>
        <translation>CA 文件名必须在一行内。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a TLS mode; use starttls, implicit or none.</source>
        <translation>“%1”不是 TLS 模式；请使用 starttls、implicit 或 none。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an AUTH mechanism; use auto, plain, login or xoauth2.</source>
        <translation>“%1”不是 AUTH 认证机制；请使用 auto、plain、login 或 xoauth2。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a warm-up plan: write daily caps such as 50,100,200,400.</source>
        <translation>“%1”不是有效的预热计划：请写出每日上限，例如 50,100,200,400。</translation>
    </message>
</context>
<context>
    <name>AccountRepository</name>
    <message>
        <source>An account called &quot;%1&quot; already exists.</source>
        <translation>名为“%1”的账户已存在。</translation>
    </message>
    <message>
        <source>Could not add the account</source>
        <translation>无法添加账户</translation>
    </message>
    <message>
        <source>Could not change the account</source>
        <translation>无法修改账户</translation>
    </message>
    <message>
        <source>The account no longer exists.</source>
        <translation>该账户已不存在。</translation>
    </message>
    <message>
        <source>Could not read the accounts</source>
        <translation>无法读取账户列表</translation>
    </message>
    <message>
        <source>Could not read the account</source>
        <translation>无法读取账户</translation>
    </message>
    <message>
        <source>There is no account &quot;%1&quot;.</source>
        <translation>没有名为“%1”的账户。</translation>
    </message>
    <message>
        <source>Could not delete the account</source>
        <translation>无法删除账户</translation>
    </message>
    <message numerus="yes">
        <source>The account is used by %n campaign(s); remove it from them first.</source>
        <translation>
            <numerusform>该账户正被 %n 个营销活动使用；请先将其从这些活动中移除。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AddressHeader</name>
    <message>
        <source>&apos;%1&apos; cannot be used as an address: %2</source>
        <translation>“%1”不能用作邮件地址：%2</translation>
    </message>
</context>
<context>
    <name>CampaignCheck</name>
    <message>
        <source>The campaign was cancelled.</source>
        <translation>该营销活动已取消。</translation>
    </message>
    <message>
        <source>Create a new campaign to send again.</source>
        <translation>请新建一个营销活动再发送。</translation>
    </message>
    <message>
        <source>Nobody on list &quot;%1&quot; can receive it (no subscribed, unsuppressed contacts).</source>
        <translation>列表“%1”中没有人可以接收（没有已订阅且未被屏蔽的联系人）。</translation>
    </message>
    <message>
        <source>Import contacts into the list, or pick another list.</source>
        <translation>请向该列表导入联系人，或选择其他列表。</translation>
    </message>
    <message>
        <source>There is no account called &quot;%1&quot;.</source>
        <translation>没有名为“%1”的账户。</translation>
    </message>
    <message>
        <source>Add it with &apos;accounts add&apos;, or change the campaign&apos;s accounts.</source>
        <translation>请用“accounts add”添加它，或更改该营销活动的账户。</translation>
    </message>
    <message>
        <source>Account &quot;%1&quot; was taken out of this campaign: %2</source>
        <translation>账户“%1”已从该营销活动中移除：%2</translation>
    </message>
    <message>
        <source>Fix the account (password, TLS) and test it; the other accounts carry on meanwhile.</source>
        <translation>请修复该账户（密码、TLS）并测试；其他账户会继续发送。</translation>
    </message>
    <message>
        <source>Account &quot;%1&quot; is the sandbox: messages are written to %2, nothing is sent.</source>
        <translation>账户“%1”是沙盒：邮件写入 %2，不会真正发送。</translation>
    </message>
    <message>
        <source>Use an SMTP account to send for real.</source>
        <translation>要真正发送，请使用 SMTP 账户。</translation>
    </message>
    <message>
        <source>The DKIM key cannot be used: %1</source>
        <translation>无法使用该 DKIM 密钥：%1</translation>
    </message>
    <message>
        <source>Point the campaign at a readable, unencrypted private key (PEM).</source>
        <translation>请为该营销活动指定一个可读的、未加密的私钥（PEM）。</translation>
    </message>
    <message>
        <source>No tracking or unsubscribe URL is configured: unsubscribe links would point at a placeholder that does not work.</source>
        <translation>未配置跟踪或退订 URL：退订链接将指向一个无效的占位地址。</translation>
    </message>
    <message>
        <source>Run &apos;track configure --url URL&apos;, or give the campaign --unsubscribe-url.</source>
        <translation>请运行“track configure --url URL”，或为该营销活动指定 --unsubscribe-url。</translation>
    </message>
    <message>
        <source>Choose the list to send to.</source>
        <translation>请选择要发送的列表。</translation>
    </message>
    <message>
        <source>Nobody on this list can receive the campaign: every contact is unsubscribed, bounced or suppressed.</source>
        <translation>此列表中没有人能收到该营销活动：所有联系人都已退订、退信或被屏蔽。</translation>
    </message>
    <message>
        <source>There is no account called &quot;%1&quot;; add it on the Accounts page.</source>
        <translation>没有名为“%1”的账户；请在“账户”页面添加。</translation>
    </message>
    <message>
        <source>The account &quot;%1&quot; does not verify the server&apos;s certificate.</source>
        <translation>账户“%1”不验证服务器证书。</translation>
    </message>
    <message>
        <source>Choose the template to send.</source>
        <translation>请选择要发送的模板。</translation>
    </message>
    <message>
        <source>The template has no subject.</source>
        <translation>模板没有主题。</translation>
    </message>
</context>
<context>
    <name>CampaignRepository</name>
    <message>
        <source>A campaign needs a name.</source>
        <translation>活动需要一个名称。</translation>
    </message>
    <message>
        <source>A campaign name must be at most 200 characters, on one line.</source>
        <translation>活动名称最多 200 个字符，且只能占一行。</translation>
    </message>
    <message>
        <source>A campaign called &quot;%1&quot; already exists.</source>
        <translation>名为“%1”的活动已存在。</translation>
    </message>
    <message>
        <source>Could not create the campaign</source>
        <translation>无法创建活动</translation>
    </message>
    <message>
        <source>Could not read the campaign</source>
        <translation>无法读取活动</translation>
    </message>
    <message>
        <source>There is no such campaign.</source>
        <translation>没有这个活动。</translation>
    </message>
    <message>
        <source>There is no campaign called &quot;%1&quot;.</source>
        <translation>没有名为“%1”的活动。</translation>
    </message>
    <message>
        <source>Could not read the campaigns</source>
        <translation>无法读取活动列表</translation>
    </message>
    <message>
        <source>Could not save the campaign</source>
        <translation>无法保存活动</translation>
    </message>
    <message>
        <source>The campaign no longer exists.</source>
        <translation>该活动已不存在。</translation>
    </message>
    <message>
        <source>Could not delete the campaign</source>
        <translation>无法删除活动</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; was already sent or cancelled; only a draft can be scheduled.</source>
        <translation>活动“%1”已经发送或已取消；只有草稿可以计划发送时间。</translation>
    </message>
</context>
<context>
    <name>CampaignSettings</name>
    <message>
        <source>&quot;%1&quot; is not a duration: write a whole number and a unit, like 30s, 5m, 24h or 2d.</source>
        <translation>“%1”不是有效的时长：请写一个整数加单位，例如 30s、5m、24h 或 2d。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is too long: at most 365 days.</source>
        <translation>“%1”太长：最多 365 天。</translation>
    </message>
    <message>
        <source>The DKIM key is encrypted; store it without a passphrase (openssl pkey -in KEY -out PLAIN) and protect the file instead.</source>
        <translation>DKIM 密钥已加密；请去掉密码保存（openssl pkey -in KEY -out PLAIN），改为保护好该文件。</translation>
    </message>
    <message>
        <source>The DKIM key file holds a public key; give the private key.</source>
        <translation>DKIM 密钥文件中是公钥；请提供私钥。</translation>
    </message>
    <message>
        <source>The DKIM key is an EC key; DKIM signs with RSA or Ed25519.</source>
        <translation>DKIM 密钥是 EC 密钥；DKIM 只能用 RSA 或 Ed25519 签名。</translation>
    </message>
    <message>
        <source>The DKIM key file is not a private key in PEM form (-----BEGIN PRIVATE KEY-----).</source>
        <translation>DKIM 密钥文件不是 PEM 格式的私钥（-----BEGIN PRIVATE KEY-----）。</translation>
    </message>
    <message>
        <source>The From address &quot;%1&quot; is not a valid e-mail address.</source>
        <translation>发件人地址“%1”不是有效的电子邮件地址。</translation>
    </message>
    <message>
        <source>The From name must be on one line.</source>
        <translation>发件人名称只能占一行。</translation>
    </message>
    <message>
        <source>The reply-to address &quot;%1&quot; is not a valid e-mail address.</source>
        <translation>回复地址“%1”不是有效的电子邮件地址。</translation>
    </message>
    <message>
        <source>The return path &quot;%1&quot; is not a valid e-mail address.</source>
        <translation>退信地址“%1”不是有效的电子邮件地址。</translation>
    </message>
    <message>
        <source>A campaign needs at least one sending account.</source>
        <translation>活动至少需要一个发送账户。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an account name.</source>
        <translation>“%1”不是有效的账户名称。</translation>
    </message>
    <message>
        <source>The account &quot;%1&quot; is named twice.</source>
        <translation>账户“%1”被指定了两次。</translation>
    </message>
    <message>
        <source>The tracking URL &quot;%1&quot; is not an http(s) URL.</source>
        <translation>跟踪 URL“%1”不是 http(s) 地址。</translation>
    </message>
    <message>
        <source>The unsubscribe URL &quot;%1&quot; is not an http(s) URL.</source>
        <translation>退订 URL“%1”不是 http(s) 地址。</translation>
    </message>
    <message>
        <source>DKIM needs a domain, a selector and a key file together.</source>
        <translation>DKIM 需要同时提供域名、选择器和密钥文件。</translation>
    </message>
    <message>
        <source>The DKIM domain &quot;%1&quot; is not a domain name.</source>
        <translation>DKIM 域名“%1”不是有效的域名。</translation>
    </message>
    <message>
        <source>The DKIM selector &quot;%1&quot; is not valid.</source>
        <translation>DKIM 选择器“%1”无效。</translation>
    </message>
    <message>
        <source>Retry durations must be positive.</source>
        <translation>重试时长必须大于零。</translation>
    </message>
    <message>
        <source>The retry base (%1) is longer than the retry expiry (%2).</source>
        <translation>重试基准间隔（%1）比重试截止时长（%2）还长。</translation>
    </message>
    <message>
        <source>A weight is given for &quot;%1&quot;, which the campaign does not send through.</source>
        <translation>为“%1”设置了权重，但该活动并不通过这个账户发送。</translation>
    </message>
    <message>
        <source>The weight of &quot;%1&quot; must be a whole number from 1 to %2.</source>
        <translation>“%1”的权重必须是 1 到 %2 之间的整数。</translation>
    </message>
</context>
<context>
    <name>CampaignStatus</name>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Waiting to retry</source>
        <translation>等待重试</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>已计划</translation>
    </message>
</context>
<context>
    <name>ColumnMapping</name>
    <message>
        <source>Column %1</source>
        <translation>第 %1 列</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not FIELD=COLUMN.</source>
        <translation>“%1”不是 字段=列 的格式。</translation>
    </message>
    <message>
        <source>The file has no column &quot;%1&quot;. Its columns are: %2</source>
        <translation>文件中没有“%1”列。现有的列：%2</translation>
    </message>
    <message>
        <source>No column holds the e-mail address. Columns: %1. Map one explicitly (email=COLUMN).</source>
        <translation>没有包含电子邮件地址的列。现有的列：%1。请明确指定一列（email=列名）。</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>名</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>姓</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Unsubscribed marker</source>
        <translation>退订标记</translation>
    </message>
    <message>
        <source>Cleaned marker</source>
        <translation>清理标记</translation>
    </message>
    <message>
        <source>Custom field</source>
        <translation>自定义字段</translation>
    </message>
</context>
<context>
    <name>ConnectionTest</name>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>temporary</source>
        <translation>临时故障</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>sign-in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>DNS</source>
        <translation>DNS</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>连接被拒</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>local</source>
        <translation>本地错误</translation>
    </message>
    <message>
        <source>Not tested</source>
        <translation>未测试</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>TLS verified</source>
        <translation>TLS 已验证</translation>
    </message>
    <message>
        <source>TLS NOT verified</source>
        <translation>TLS 未验证</translation>
    </message>
    <message>
        <source>AUTH %1</source>
        <translation>AUTH %1</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>OK (%1)</source>
        <translation>正常（%1）</translation>
    </message>
    <message>
        <source>The test of &quot;%1&quot; failed.</source>
        <translation>“%1”的测试失败。</translation>
    </message>
    <message>
        <source>The server answered:</source>
        <translation>服务器回复：</translation>
    </message>
    <message>
        <source>Greeting:</source>
        <translation>问候语：</translation>
    </message>
    <message>
        <source>&quot;%1&quot; works.</source>
        <translation>“%1”可用。</translation>
    </message>
    <message>
        <source>no TLS: the password and messages travel in plain text</source>
        <translation>无 TLS：密码和邮件以明文传输</translation>
    </message>
    <message>
        <source>implicit TLS</source>
        <translation>隐式 TLS</translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <source>certificate verified</source>
        <translation>证书已验证</translation>
    </message>
    <message>
        <source>certificate NOT verified</source>
        <translation>证书未验证</translation>
    </message>
    <message>
        <source>authenticated with %1</source>
        <translation>已通过 %1 认证</translation>
    </message>
    <message>
        <source>not authenticated</source>
        <translation>未认证</translation>
    </message>
    <message>
        <source>Capabilities:</source>
        <translation>服务器能力：</translation>
    </message>
</context>
<context>
    <name>ContactExporter</name>
    <message>
        <source>The export was cancelled.</source>
        <translation>导出已取消。</translation>
    </message>
    <message>
        <source>Could not write the export</source>
        <translation>无法写入导出文件</translation>
    </message>
</context>
<context>
    <name>ContactImportWriter</name>
    <message>
        <source>Could not prepare the import</source>
        <translation>无法准备导入</translation>
    </message>
    <message>
        <source>Could not rebuild the name index</source>
        <translation>无法重建姓名索引</translation>
    </message>
    <message>
        <source>Could not start a transaction</source>
        <translation>无法开始事务</translation>
    </message>
    <message>
        <source>Could not read the contacts</source>
        <translation>无法读取联系人</translation>
    </message>
    <message>
        <source>Could not save the contact</source>
        <translation>无法保存联系人</translation>
    </message>
    <message>
        <source>Could not look up the contact</source>
        <translation>无法查找联系人</translation>
    </message>
    <message>
        <source>Could not add the contact to the list</source>
        <translation>无法将联系人添加到列表</translation>
    </message>
    <message>
        <source>Could not add to the suppression list</source>
        <translation>无法添加到屏蔽列表</translation>
    </message>
    <message>
        <source>Could not add the contacts to the list</source>
        <translation>无法将联系人添加到列表</translation>
    </message>
    <message>
        <source>Could not commit the import batch</source>
        <translation>无法提交本批导入</translation>
    </message>
    <message>
        <source>The list no longer exists.</source>
        <translation>该名单已不存在。</translation>
    </message>
    <message>
        <source>Could not read the list</source>
        <translation>无法读取该名单</translation>
    </message>
    <message>
        <source>Could not save the contacts</source>
        <translation>无法保存这些联系人</translation>
    </message>
</context>
<context>
    <name>ContactImporter</name>
    <message>
        <source>No e-mail address.</source>
        <translation>没有电子邮件地址。</translation>
    </message>
    <message>
        <source>Invalid e-mail address &quot;%1&quot;: %2</source>
        <translation>无效的电子邮件地址“%1”：%2</translation>
    </message>
    <message>
        <source>The column mapping does not match the file&apos;s columns; preview the file again.</source>
        <translation>列映射与文件的列不一致，请重新预览文件。</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>文件为空。</translation>
    </message>
</context>
<context>
    <name>ContactRepository</name>
    <message>
        <source>Could not read the list</source>
        <translation>无法读取该名单</translation>
    </message>
    <message>
        <source>The list no longer exists.</source>
        <translation>该名单已不存在。</translation>
    </message>
    <message>
        <source>Could not read the contacts</source>
        <translation>无法读取联系人</translation>
    </message>
    <message>
        <source>Could not rebuild the name index</source>
        <translation>无法重建姓名索引</translation>
    </message>
    <message>
        <source>Could not prepare the import</source>
        <translation>无法准备导入</translation>
    </message>
    <message>
        <source>Bulk import needs the SQLite driver.</source>
        <translation>批量导入需要 SQLite 驱动。</translation>
    </message>
    <message>
        <source>Could not save the contact</source>
        <translation>无法保存联系人</translation>
    </message>
    <message>
        <source>Could not add the contact to the list</source>
        <translation>无法将联系人添加到列表</translation>
    </message>
    <message>
        <source>Could not read the contact</source>
        <translation>无法读取联系人</translation>
    </message>
    <message>
        <source>The contact no longer exists.</source>
        <translation>该联系人已不存在。</translation>
    </message>
    <message>
        <source>There is no contact %1.</source>
        <translation>没有联系人 %1。</translation>
    </message>
    <message>
        <source>Could not count the contacts</source>
        <translation>无法统计联系人数量</translation>
    </message>
    <message>
        <source>Another contact already has the address %1.</source>
        <translation>已有另一位联系人使用地址 %1。</translation>
    </message>
    <message>
        <source>Could not delete the contacts</source>
        <translation>无法删除联系人</translation>
    </message>
    <message>
        <source>Could not change the contacts&apos; status</source>
        <translation>无法更改联系人的状态</translation>
    </message>
    <message>
        <source>Could not add the contacts to the list</source>
        <translation>无法将联系人添加到列表</translation>
    </message>
    <message>
        <source>Could not remove the contacts from the list</source>
        <translation>无法从列表中移除联系人</translation>
    </message>
</context>
<context>
    <name>CsvReader</name>
    <message>
        <source>The file is not open for reading.</source>
        <translation>文件未以读取方式打开。</translation>
    </message>
    <message>
        <source>Unknown encoding &quot;%1&quot;.</source>
        <translation>未知的编码“%1”。</translation>
    </message>
    <message>
        <source>A quoted field is not closed before the end of the file.</source>
        <translation>带引号的字段直到文件结尾都没有闭合。</translation>
    </message>
    <message>
        <source>The row is too long (over a million characters).</source>
        <translation>该行过长（超过一百万个字符）。</translation>
    </message>
    <message>
        <source>The row has too many columns.</source>
        <translation>该行的列数过多。</translation>
    </message>
    <message>
        <source>The row contains a NUL byte.</source>
        <translation>该行包含 NUL 字节。</translation>
    </message>
    <message>
        <source>The row contains bytes that are not valid in the file&apos;s encoding.</source>
        <translation>该行包含不符合文件编码的字节。</translation>
    </message>
</context>
<context>
    <name>CurlSmtpRequest</name>
    <message>
        <source>the server offered no AUTH, so nothing was sent</source>
        <translation>服务器未提供 AUTH 认证，因此未发送任何内容</translation>
    </message>
    <message>
        <source>the server does not offer STARTTLS, which this account requires (%1)</source>
        <translation>服务器不支持 STARTTLS，而此账户要求使用它（%1）</translation>
    </message>
    <message>
        <source>the server offered no AUTH mechanism after EHLO (capabilities: %1)</source>
        <translation>服务器在 EHLO 之后未提供任何 AUTH 认证机制（功能列表：%1）</translation>
    </message>
</context>
<context>
    <name>DeliveryResult</name>
    <message>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>temporary failure</source>
        <translation>临时失败</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>authentication failed</source>
        <translation>认证失败</translation>
    </message>
    <message>
        <source>TLS failed</source>
        <translation>TLS 失败</translation>
    </message>
    <message>
        <source>the server&apos;s certificate is not trusted</source>
        <translation>服务器证书不受信任</translation>
    </message>
    <message>
        <source>the server&apos;s name does not resolve</source>
        <translation>无法解析服务器名称</translation>
    </message>
    <message>
        <source>the connection was refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <source>the server did not answer in time</source>
        <translation>服务器未能及时响应</translation>
    </message>
    <message>
        <source>local failure</source>
        <translation>本地故障</translation>
    </message>
    <message>
        <source>%1 (at %2)</source>
        <translation>%1（在 %2 阶段）</translation>
    </message>
</context>
<context>
    <name>DkimSigner</name>
    <message>
        <source>&apos;%1&apos; is not a valid DKIM signing domain</source>
        <translation>“%1”不是有效的 DKIM 签名域名</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid DKIM selector</source>
        <translation>“%1”不是有效的 DKIM 选择器</translation>
    </message>
    <message>
        <source>The DKIM key is not an unencrypted PEM private key</source>
        <translation>DKIM 密钥不是未加密的 PEM 私钥</translation>
    </message>
    <message>
        <source>The DKIM RSA key has %1 bits; at least 1024 are needed (2048 recommended)</source>
        <translation>DKIM RSA 密钥只有 %1 位；至少需要 1024 位（建议 2048 位）</translation>
    </message>
    <message>
        <source>The DKIM key must be an RSA or Ed25519 private key</source>
        <translation>DKIM 密钥必须是 RSA 或 Ed25519 私钥</translation>
    </message>
    <message>
        <source>Could not read the DKIM key %1</source>
        <translation>无法读取 DKIM 密钥 %1</translation>
    </message>
    <message>
        <source>DKIM signing failed</source>
        <translation>DKIM 签名失败</translation>
    </message>
</context>
<context>
    <name>EmailAddress</name>
    <message>
        <source>The e-mail address is empty.</source>
        <translation>电子邮件地址为空。</translation>
    </message>
    <message>
        <source>The e-mail address is longer than 254 characters.</source>
        <translation>电子邮件地址超过 254 个字符。</translation>
    </message>
    <message>
        <source>The e-mail address has more than one @.</source>
        <translation>电子邮件地址中有多个 @。</translation>
    </message>
    <message>
        <source>The e-mail address contains a space or control character.</source>
        <translation>电子邮件地址包含空格或控制字符。</translation>
    </message>
    <message>
        <source>The e-mail address has no @.</source>
        <translation>电子邮件地址中没有 @。</translation>
    </message>
    <message>
        <source>The e-mail address has nothing before the @.</source>
        <translation>电子邮件地址的 @ 前面没有内容。</translation>
    </message>
    <message>
        <source>The part before the @ is longer than 64 characters.</source>
        <translation>@ 前面的部分超过 64 个字符。</translation>
    </message>
    <message>
        <source>The part before the @ starts or ends with a dot.</source>
        <translation>@ 前面的部分以点开头或结尾。</translation>
    </message>
    <message>
        <source>The part before the @ has two dots in a row.</source>
        <translation>@ 前面的部分有两个连续的点。</translation>
    </message>
    <message>
        <source>The part before the @ has non-ASCII characters.</source>
        <translation>@ 前面的部分含有非 ASCII 字符。</translation>
    </message>
    <message>
        <source>The part before the @ contains a character that is not allowed (quotes, brackets, commas…).</source>
        <translation>@ 前面的部分含有不允许的字符（引号、括号、逗号等）。</translation>
    </message>
    <message>
        <source>The e-mail address has no domain after the @.</source>
        <translation>电子邮件地址的 @ 后面没有域名。</translation>
    </message>
    <message>
        <source>Addresses with an IP literal as domain are not accepted.</source>
        <translation>不接受以 IP 地址作为域名的地址。</translation>
    </message>
    <message>
        <source>The domain is not a valid internationalised domain name.</source>
        <translation>该域名不是有效的国际化域名。</translation>
    </message>
    <message>
        <source>The domain is longer than 253 characters.</source>
        <translation>域名超过 253 个字符。</translation>
    </message>
    <message>
        <source>The domain ends with a dot.</source>
        <translation>域名以点结尾。</translation>
    </message>
    <message>
        <source>The domain has an empty part (two dots in a row, or a dot at the start).</source>
        <translation>域名中有空的部分（连续两个点，或以点开头）。</translation>
    </message>
    <message>
        <source>A part of the domain is longer than 63 characters.</source>
        <translation>域名的某一部分超过 63 个字符。</translation>
    </message>
    <message>
        <source>A part of the domain starts or ends with a hyphen.</source>
        <translation>域名的某一部分以连字符开头或结尾。</translation>
    </message>
    <message>
        <source>The domain contains a character that is not allowed.</source>
        <translation>域名含有不允许的字符。</translation>
    </message>
    <message>
        <source>The domain has no dot.</source>
        <translation>域名中没有点。</translation>
    </message>
    <message>
        <source>The domain ends in a number; it is not a mail domain.</source>
        <translation>域名以数字结尾，不是邮件域名。</translation>
    </message>
</context>
<context>
    <name>FileSecretStore</name>
    <message>
        <source>warning: secrets are stored UNENCRYPTED in %1 (POSTROOM_SECRET_STORE=file); protect that file.</source>
        <translation>警告：密钥以未加密形式保存在 %1 中（POSTROOM_SECRET_STORE=file）；请保护好该文件。</translation>
    </message>
    <message>
        <source>The secret file %1 can be read by other users; make it private with &apos;chmod 600 %1&apos;.</source>
        <translation>密钥文件 %1 可被其他用户读取；请用“chmod 600 %1”将其设为私有。</translation>
    </message>
    <message>
        <source>Could not read the secret file %1</source>
        <translation>无法读取密钥文件 %1</translation>
    </message>
    <message>
        <source>The secret file %1 is damaged</source>
        <translation>密钥文件 %1 已损坏</translation>
    </message>
    <message>
        <source>Could not write the secret file %1</source>
        <translation>无法写入密钥文件 %1</translation>
    </message>
    <message>
        <source>The secret file %1 is locked by another process.</source>
        <translation>密钥文件 %1 已被另一个进程锁定。</translation>
    </message>
    <message>
        <source>The secret file %1 has no entry &quot;%2&quot;.</source>
        <translation>密钥文件 %1 中没有条目“%2”。</translation>
    </message>
</context>
<context>
    <name>KeychainSecretStore</name>
    <message>
        <source>No keychain service is available to keep the password (%1). Use --password-env VAR, or set POSTROOM_SECRET_STORE=file to keep secrets unencrypted in a 0600 file.</source>
        <translation>没有可用于保存密码的钥匙串服务（%1）。请使用 --password-env VAR，或设置 POSTROOM_SECRET_STORE=file 将密钥以未加密形式保存在权限为 0600 的文件中。</translation>
    </message>
    <message>
        <source>The keychain did not answer in time.</source>
        <translation>钥匙串未能及时响应。</translation>
    </message>
    <message>
        <source>The keychain has no entry &quot;%1&quot;.</source>
        <translation>钥匙串中没有条目“%1”。</translation>
    </message>
    <message>
        <source>The keychain refused access.</source>
        <translation>钥匙串拒绝访问。</translation>
    </message>
    <message>
        <source>The keychain failed.</source>
        <translation>钥匙串操作失败。</translation>
    </message>
    <message>
        <source>no D-Bus session bus</source>
        <translation>没有 D-Bus 会话总线</translation>
    </message>
    <message>
        <source>the D-Bus session bus %1 does not exist</source>
        <translation>D-Bus 会话总线 %1 不存在</translation>
    </message>
</context>
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
        <source>A list called &quot;%1&quot; already exists.</source>
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
        <source>There is no list called &quot;%1&quot;.</source>
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
    <name>MessageComposer</name>
    <message>
        <source>The inline image &apos;%1&apos; has no usable content id</source>
        <translation>内嵌图片“%1”没有可用的 Content-ID</translation>
    </message>
    <message>
        <source>Invalid message reference</source>
        <translation>无效的邮件引用编号</translation>
    </message>
    <message>
        <source>The unsubscribe URL must be an absolute http or https URL</source>
        <translation>退订链接必须是完整的 http 或 https 网址</translation>
    </message>
    <message>
        <source>The unsubscribe URL is longer than %1 characters</source>
        <translation>退订链接超过 %1 个字符</translation>
    </message>
</context>
<context>
    <name>MessageRepository</name>
    <message>
        <source>No campaign with id %1.</source>
        <translation>没有 ID 为 %1 的营销活动。</translation>
    </message>
    <message>
        <source>The campaign was cancelled; it cannot be resumed or sent again.</source>
        <translation>该活动已取消，不能继续或再次发送。</translation>
    </message>
</context>
<context>
    <name>NameserverResolver</name>
    <message>
        <source>the nameserver %1 did not answer</source>
        <translation>域名服务器 %1 没有响应</translation>
    </message>
    <message>
        <source>POSTROOM_NAMESERVER is &quot;%1&quot;; it must be an IP address.</source>
        <translation>POSTROOM_NAMESERVER 的值为“%1”；它必须是一个 IP 地址。</translation>
    </message>
    <message>
        <source>%1 has no address at nameserver %2</source>
        <translation>在域名服务器 %2 上查不到 %1 的地址</translation>
    </message>
</context>
<context>
    <name>OutboxTransport</name>
    <message>
        <source>Could not create the outbox folder %1</source>
        <translation>无法创建发件箱文件夹 %1</translation>
    </message>
    <message>
        <source>The outbox folder %1 is not writable</source>
        <translation>发件箱文件夹 %1 不可写</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>written to %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>outbox %1 (messages are written as .eml files, nothing is sent)</source>
        <translation>发件箱 %1（邮件以 .eml 文件形式写入，不会实际发送）</translation>
    </message>
</context>
<context>
    <name>Postroom::Send::SendEngine</name>
    <message>
        <source>The campaign is already being sent.</source>
        <translation>该营销活动正在发送中。</translation>
    </message>
    <message>
        <source>No account can send: %1</source>
        <translation>没有可用于发送的账户：%1</translation>
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
    <name>Postroom::Template</name>
    <message>
        <source>subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>HTML part</source>
        <translation>HTML 部分</translation>
    </message>
    <message>
        <source>text part</source>
        <translation>纯文本部分</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::AccountDialog</name>
    <message>
        <source>Passwords are kept in %1, a file only you can read (mode 0600) but NOT encrypted, because POSTROOM_SECRET_STORE=file.</source>
        <translation>密码保存在 %1 中：这个文件只有你能读取（权限 0600），但没有加密，因为设置了 POSTROOM_SECRET_STORE=file。</translation>
    </message>
    <message>
        <source>No keychain service is running (%1), so a password cannot be stored. Read it from an environment variable instead, or start Postroom with POSTROOM_SECRET_STORE=file to keep passwords in an unencrypted 0600 file next to the database.</source>
        <translation>没有正在运行的钥匙串服务（%1），因此无法保存密码。请改为从环境变量读取，或者以 POSTROOM_SECRET_STORE=file 启动 Postroom，把密码保存在数据库旁一个未加密的 0600 文件中。</translation>
    </message>
    <message>
        <source>The password is kept in the system keychain.</source>
        <translation>密码保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>Edit Account</source>
        <translation>编辑账户</translation>
    </message>
    <message>
        <source>Add Account</source>
        <translation>添加账户</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>e.g. newsletter</source>
        <translation>例如 newsletter</translation>
    </message>
    <message>
        <source>smtp://host:port (STARTTLS), smtps://host:port (implicit TLS) or outbox:///folder (writes .eml files, sends nothing)</source>
        <translation>smtp://主机:端口（STARTTLS）、smtps://主机:端口（隐式 TLS）或 outbox:///文件夹（写入 .eml 文件，不发送任何邮件）</translation>
    </message>
    <message>
        <source>Outbox &amp;Folder…</source>
        <translation>发件箱文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Write messages as .eml files into a folder instead of sending them: a sandbox to try a campaign</source>
        <translation>把邮件写成 .eml 文件放进文件夹而不发送：用来试运行营销活动的沙盒</translation>
    </message>
    <message>
        <source>STARTTLS, required (smtp://, port 587)</source>
        <translation>STARTTLS，必需（smtp://，端口 587）</translation>
    </message>
    <message>
        <source>Implicit TLS (smtps://, port 465)</source>
        <translation>隐式 TLS（smtps://，端口 465）</translation>
    </message>
    <message>
        <source>None: plain text</source>
        <translation>无：明文</translation>
    </message>
    <message>
        <source>Skip certificate &amp;verification</source>
        <translation>跳过证书验证(&amp;V)</translation>
    </message>
    <message>
        <source>the system&apos;s trusted certificates</source>
        <translation>系统信任的证书</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>URL(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;TLS:</source>
        <translation>TLS(&amp;T)：</translation>
    </message>
    <message>
        <source>Trusted C&amp;A file:</source>
        <translation>受信任的 CA 文件(&amp;A)：</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>empty: no AUTH</source>
        <translation>留空：不进行 AUTH 认证</translation>
    </message>
    <message>
        <source>Keep the password in the secret store</source>
        <translation>把密码保存在机密存储中</translation>
    </message>
    <message>
        <source>Read it from an environment variable at each use</source>
        <translation>每次使用时从环境变量读取</translation>
    </message>
    <message>
        <source>Checking the secret store…</source>
        <translation>正在检查机密存储…</translation>
    </message>
    <message>
        <source>Automatic (what the server offers)</source>
        <translation>自动（按服务器提供的方式）</translation>
    </message>
    <message>
        <source>XOAUTH2 (the password is an access token)</source>
        <translation>XOAUTH2（密码为访问令牌）</translation>
    </message>
    <message>
        <source>U&amp;ser:</source>
        <translation>用户(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Variable:</source>
        <translation>变量(&amp;V)：</translation>
    </message>
    <message>
        <source>AU&amp;TH:</source>
        <translation>认证方式(&amp;T)：</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>per second</source>
        <translation>每秒</translation>
    </message>
    <message>
        <source>per minute</source>
        <translation>每分钟</translation>
    </message>
    <message>
        <source>per hour</source>
        <translation>每小时</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>无上限</translation>
    </message>
    <message>
        <source>At most this many messages in any 24 hours</source>
        <translation>任意 24 小时内最多发送这么多封邮件</translation>
    </message>
    <message>
        <source>e.g. 50,100,200,400</source>
        <translation>例如 50,100,200,400</translation>
    </message>
    <message>
        <source>Daily caps for day 1, 2, … of a new sender, rising day by day; after the plan, the daily cap applies</source>
        <translation>新发件人第 1、2…天的每日上限，逐日提高；计划结束后按每日上限执行</translation>
    </message>
    <message>
        <source>Default &amp;From:</source>
        <translation>默认发件人(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Rate:</source>
        <translation>速率(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Daily cap:</source>
        <translation>每日上限(&amp;D)：</translation>
    </message>
    <message>
        <source>Parallel &amp;connections:</source>
        <translation>并行连接数(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Warm-up plan:</source>
        <translation>预热计划(&amp;W)：</translation>
    </message>
    <message>
        <source>T&amp;est Connection</source>
        <translation>测试连接(&amp;E)</translation>
    </message>
    <message>
        <source>unchanged (kept in the keychain)</source>
        <translation>不变（保存在钥匙串中）</translation>
    </message>
    <message>
        <source>unchanged (kept in the secrets file)</source>
        <translation>不变（保存在机密文件中）</translation>
    </message>
    <message>
        <source>Outbox Folder</source>
        <translation>发件箱文件夹</translation>
    </message>
    <message>
        <source>Trusted CA Certificates</source>
        <translation>受信任的 CA 证书</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt);;All files (*)</source>
        <translation>PEM 证书 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Without TLS, messages travel in plain text and anyone on the network path can read or change them. Use this only for a server on this machine.</source>
        <translation>不使用 TLS 时，邮件以明文传输，网络路径上的任何人都能读取或篡改。仅对本机上的服务器使用此选项。</translation>
    </message>
    <message>
        <source>Without TLS, the password and every message travel in plain text: anyone on the network path can read them. Use this only for a server on this machine.</source>
        <translation>不使用 TLS 时，密码和每封邮件都以明文传输：网络路径上的任何人都能读取。仅对本机上的服务器使用此选项。</translation>
    </message>
    <message>
        <source>Without certificate verification, anyone on the network path can pose as the server and read the password and the messages. Prefer adding the server&apos;s CA certificate as the trusted CA file.</source>
        <translation>不验证证书时，网络路径上的任何人都能冒充服务器，读取密码和邮件。最好把服务器的 CA 证书添加为受信任的 CA 文件。</translation>
    </message>
    <message>
        <source>&lt;p&gt;Testing %1…&lt;/p&gt;</source>
        <translation>&lt;p&gt;正在测试 %1…&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Enter the password for %1, or clear the user name to send without AUTH.</source>
        <translation>请输入 %1 的密码，或清空用户名以不认证发送。</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::AccountsPage</name>
    <message>
        <source>Sending Accounts</source>
        <translation>发信账户</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>测试(&amp;T)</translation>
    </message>
    <message>
        <source>Connect, greet, secure and sign in, sending nothing</source>
        <translation>连接、问候、加密并登录，不发送任何邮件</translation>
    </message>
    <message>
        <source>No account yet. Add your SMTP server, or an outbox folder to try a campaign without sending anything.</source>
        <translation>还没有账户。添加你的 SMTP 服务器，或添加一个发件箱文件夹来试运行营销活动而不发送任何邮件。</translation>
    </message>
    <message>
        <source>&lt;p&gt;Choose an account to see its connection test.&lt;/p&gt;&lt;p&gt;An &lt;b&gt;outbox&lt;/b&gt; account (&lt;code&gt;outbox:///folder&lt;/code&gt;) writes each message as an .eml file and sends nothing: a safe way to try a whole campaign.&lt;/p&gt;</source>
        <translation>&lt;p&gt;选择一个账户以查看其连接测试。&lt;/p&gt;&lt;p&gt;&lt;b&gt;发件箱&lt;/b&gt;账户（&lt;code&gt;outbox:///文件夹&lt;/code&gt;）把每封邮件写成 .eml 文件，不发送任何邮件：这是试运行整个营销活动的安全方式。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&quot;%1&quot; has not been tested in this session. Test connects, greets the server, secures the connection, signs in and quits, sending nothing.&lt;/p&gt;</source>
        <translation>&lt;p&gt;本次会话中尚未测试“%1”。测试会连接并问候服务器、加密连接、登录后退出，不发送任何邮件。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Testing %1…&lt;/p&gt;</source>
        <translation>&lt;p&gt;正在测试 %1…&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;small&gt;Tested at %1.&lt;/small&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;small&gt;测试时间：%1。&lt;/small&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Account &quot;%1&quot; added.</source>
        <translation>已添加账户“%1”。</translation>
    </message>
    <message>
        <source>Account &quot;%1&quot; saved.</source>
        <translation>已保存账户“%1”。</translation>
    </message>
    <message>
        <source>Delete Account</source>
        <translation>删除账户</translation>
    </message>
    <message>
        <source>Delete the account &quot;%1&quot;?</source>
        <translation>删除账户“%1”？</translation>
    </message>
    <message>
        <source>Its stored password is forgotten too.</source>
        <translation>其保存的密码也会被删除。</translation>
    </message>
    <message>
        <source>Account &quot;%1&quot; deleted.</source>
        <translation>已删除账户“%1”。</translation>
    </message>
    <message>
        <source>Account &quot;%1&quot; works.</source>
        <translation>账户“%1”可用。</translation>
    </message>
    <message>
        <source>Account &quot;%1&quot; failed its test: %2</source>
        <translation>账户“%1”测试失败：%2</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::AccountsTableModel</name>
    <message>
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>%1 per second</source>
        <translation>每秒 %1 封</translation>
    </message>
    <message>
        <source>%1 per minute</source>
        <translation>每分钟 %1 封</translation>
    </message>
    <message>
        <source>%1 per hour</source>
        <translation>每小时 %1 封</translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <source>Implicit TLS</source>
        <translation>隐式 TLS</translation>
    </message>
    <message>
        <source>None (plain text)</source>
        <translation>无（明文）</translation>
    </message>
    <message>
        <source>%1, NOT verified</source>
        <translation>%1，未验证</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>无上限</translation>
    </message>
    <message numerus="yes">
        <source>%1, warm-up %n day(s)</source>
        <translation>
            <numerusform>%1，预热 %n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>warm-up %n day(s)</source>
        <translation>
            <numerusform>预热 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>速率</translation>
    </message>
    <message>
        <source>Daily cap</source>
        <translation>每日上限</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接数</translation>
    </message>
    <message>
        <source>Last test</source>
        <translation>上次测试</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::AssetsPanel</name>
    <message>
        <source>Add Inline Image…</source>
        <translation>添加内嵌图片…</translation>
    </message>
    <message>
        <source>Add Attachment…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <source>Insert into HTML</source>
        <translation>插入到 HTML</translation>
    </message>
    <message>
        <source>Insert an &lt;img&gt; tag showing this image at the cursor</source>
        <translation>在光标处插入显示此图片的 &lt;img&gt; 标签</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Inline images are shown by the HTML through &lt;img src=&quot;cid:…&quot;&gt;; attachments go with every message. Both are saved at once.</source>
        <translation>内嵌图片由 HTML 通过 &lt;img src=&quot;cid:…&quot;&gt; 显示；附件随每封邮件一起发送。两者都会立即保存。</translation>
    </message>
    <message>
        <source>%1 — inline image, cid:%2 (%3)</source>
        <translation>%1 — 内嵌图片，cid:%2（%3）</translation>
    </message>
    <message>
        <source>%1 — attachment (%2)</source>
        <translation>%1 — 附件（%2）</translation>
    </message>
    <message>
        <source>Add Inline Images</source>
        <translation>添加内嵌图片</translation>
    </message>
    <message>
        <source>Add Attachments</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.gif *.webp *.svg)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.gif *.webp *.svg)</translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation>%1 大于 %2。</translation>
    </message>
    <message>
        <source>Cannot read %1</source>
        <translation>无法读取 %1</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::CampaignComposer</name>
    <message>
        <source>Cannot read the DKIM key %1.</source>
        <translation>无法读取 DKIM 密钥 %1。</translation>
    </message>
    <message>
        <source>Edit Campaign</source>
        <translation>编辑营销活动</translation>
    </message>
    <message>
        <source>New Campaign</source>
        <translation>新建营销活动</translation>
    </message>
    <message>
        <source>&amp;Save Draft</source>
        <translation>保存草稿(&amp;S)</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>邮件</translation>
    </message>
    <message>
        <source>e.g. November newsletter</source>
        <translation>例如 十一月简讯</translation>
    </message>
    <message>
        <source>Name &lt;sender@example.com&gt;</source>
        <translation>名称 &lt;sender@example.com&gt;</translation>
    </message>
    <message>
        <source>optional: where replies go</source>
        <translation>可选：回复发往的地址</translation>
    </message>
    <message>
        <source>optional: where bounces go (default: From)</source>
        <translation>可选：退信发往的地址（默认：发件人）</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;List:</source>
        <translation>列表(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Template:</source>
        <translation>模板(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>发件人(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Reply-To:</source>
        <translation>回复地址(&amp;R)：</translation>
    </message>
    <message>
        <source>Return-&amp;Path:</source>
        <translation>退信地址(&amp;P)：</translation>
    </message>
    <message>
        <source>Send through</source>
        <translation>发送账户</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Messages are spread over the ticked accounts by weight, each within its own limits; when one fails or is exhausted, the others carry on.</source>
        <translation>邮件按权重分配到勾选的账户，每个账户都遵守自己的限制；某个账户失败或用尽时，其他账户继续发送。</translation>
    </message>
    <message>
        <source>Tracking</source>
        <translation>跟踪</translation>
    </message>
    <message>
        <source>Count &amp;opens (a tracking image)</source>
        <translation>统计打开(&amp;O)（跟踪图片）</translation>
    </message>
    <message>
        <source>Count &amp;clicks (links go through the tracker)</source>
        <translation>统计点击(&amp;C)（链接经过跟踪服务）</translation>
    </message>
    <message>
        <source>default: the configured tracking URL</source>
        <translation>默认：已配置的跟踪 URL</translation>
    </message>
    <message>
        <source>default: the tracking URL</source>
        <translation>默认：跟踪 URL</translation>
    </message>
    <message>
        <source>Tracking &amp;URL:</source>
        <translation>跟踪 URL(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Unsubscribe URL:</source>
        <translation>退订 URL(&amp;U)：</translation>
    </message>
    <message>
        <source>DKIM signature</source>
        <translation>DKIM 签名</translation>
    </message>
    <message>
        <source>e.g. example.com (empty: no signature)</source>
        <translation>例如 example.com（留空：不签名）</translation>
    </message>
    <message>
        <source>e.g. mail2026</source>
        <translation>例如 mail2026</translation>
    </message>
    <message>
        <source>private key file (PEM, RSA or Ed25519)</source>
        <translation>私钥文件（PEM，RSA 或 Ed25519）</translation>
    </message>
    <message>
        <source>Bro&amp;wse…</source>
        <translation>浏览(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Domain:</source>
        <translation>域名(&amp;D)：</translation>
    </message>
    <message>
        <source>S&amp;elector:</source>
        <translation>选择器(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Key file:</source>
        <translation>密钥文件(&amp;K)：</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Temporary failures are retried after the first delay, doubling each time, until the give-up time. Durations such as 30s, 5m, 24h, 2d.</source>
        <translation>临时失败会在首次延迟后重试，每次延迟加倍，直到放弃时间为止。时长如 30s、5m、24h、2d。</translation>
    </message>
    <message>
        <source>First retry &amp;after:</source>
        <translation>首次重试间隔(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Give up after:</source>
        <translation>放弃时间(&amp;G)：</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%Ln contact(s))</source>
        <translation>
            <numerusform>%1（%Ln 个联系人）</numerusform>
        </translation>
    </message>
    <message>
        <source>(no such account)</source>
        <translation>（没有此账户）</translation>
    </message>
    <message>
        <source>DKIM Private Key</source>
        <translation>DKIM 私钥</translation>
    </message>
    <message>
        <source>PEM keys (*.pem *.key);;All files (*)</source>
        <translation>PEM 密钥 (*.pem *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>From: %1</source>
        <translation>发件人：%1</translation>
    </message>
    <message>
        <source>First retry after</source>
        <translation>首次重试间隔</translation>
    </message>
    <message>
        <source>Give up after</source>
        <translation>放弃时间</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Choose a list.</source>
        <translation>请选择一个列表。</translation>
    </message>
    <message>
        <source>%1 recipients after suppressions (%2 on the list; %3 unsubscribed, bounced or suppressed are left out).</source>
        <translation>排除屏蔽后有 %1 位收件人（列表中共 %2 位；已排除 %3 位已退订、退信或被屏蔽的联系人）。</translation>
    </message>
    <message>
        <source>%1 recipients after suppressions.</source>
        <translation>排除屏蔽后有 %1 位收件人。</translation>
    </message>
    <message>
        <source>%1 (line %2)</source>
        <translation>%1（第 %2 行）</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>未发现问题。</translation>
    </message>
    <message>
        <source>A campaign needs a name, a list and a template.</source>
        <translation>营销活动需要名称、列表和模板。</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>When I press &amp;Send</source>
        <translation>在我点击“发送”时(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;At:</source>
        <translation>定时(&amp;A)：</translation>
    </message>
    <message>
        <source>Postroom must be running at that time: it starts the campaign itself. If it is closed then, the campaign starts as soon as you open Postroom again.</source>
        <translation>届时 Postroom 必须在运行：活动由它自己启动。如果那时 Postroom 已关闭，活动会在你再次打开 Postroom 时立即开始。</translation>
    </message>
    <message>
        <source>The account&apos;s share of the messages: an account of weight 3 sends three times as many as one of weight 1, as far as its limits allow.</source>
        <translation>该账户分担的邮件份额：在各自限额允许的范围内，权重为 3 的账户发送的邮件是权重为 1 的账户的三倍。</translation>
    </message>
    <message>
        <source>The start time has passed: choose a later one, or &quot;When I press Send&quot;.</source>
        <translation>开始时间已过：请选择更晚的时间，或选择“在我点击发送时”。</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::CampaignLiveView</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1/min</source>
        <translation>%1/分钟</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Deferred</source>
        <translation>已推迟</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Bounced</source>
        <translation>退信</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>速率</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Latest errors</source>
        <translation>最近的错误</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Server reply</source>
        <translation>服务器回复</translation>
    </message>
    <message>
        <source>No campaign chosen</source>
        <translation>未选择营销活动</translation>
    </message>
    <message>
        <source>Rate: %1</source>
        <translation>速率：%1</translation>
    </message>
    <message>
        <source>Time left: %1</source>
        <translation>剩余时间：%1</translation>
    </message>
    <message>
        <source>Stopping: messages on the wire are finishing…</source>
        <translation>正在停止：正在传输的邮件即将完成…</translation>
    </message>
    <message>
        <source>Not sent yet. Send… checks the campaign, says how many recipients it reaches, and starts it.</source>
        <translation>尚未发送。“发送…”会检查营销活动、说明能送达多少收件人，然后开始发送。</translation>
    </message>
    <message>
        <source>Sending stopped: %1</source>
        <translation>发送已停止：%1</translation>
    </message>
    <message>
        <source>Deferred recipients are retried when their time comes, while Postroom runs.</source>
        <translation>Postroom 运行期间，已推迟的收件人会在到期时重试。</translation>
    </message>
    <message>
        <source>less than a minute</source>
        <translation>不到一分钟</translation>
    </message>
    <message numerus="yes">
        <source>about %n min</source>
        <translation>
            <numerusform>约 %n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>about %1 h %2 min</source>
        <translation>约 %1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>%1 of %2 done</source>
        <translation>已完成 %1 / %2</translation>
    </message>
    <message>
        <source>Out of this campaign: %1</source>
        <translation>已退出此营销活动：%1</translation>
    </message>
    <message numerus="yes">
        <source>Backing off for %n s (the server asked to slow down)</source>
        <translation>
            <numerusform>暂停 %n 秒（服务器要求降速）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Starts by itself at %1 if Postroom is running then (or as soon as it is opened after that). Send… starts it now.</source>
        <translation>如果届时 Postroom 正在运行，活动将于 %1 自动开始（否则在之后打开 Postroom 时立即开始）。点击“发送…”可立即开始。</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::CampaignsPage</name>
    <message>
        <source>Campaigns</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>新建(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Send…</source>
        <translation>发送(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Ca&amp;ncel Sending…</source>
        <translation>取消发送(&amp;N)…</translation>
    </message>
    <message>
        <source>Resumed sending &quot;%1&quot;.</source>
        <translation>已继续发送“%1”。</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; saved as a draft.</source>
        <translation>营销活动“%1”已保存为草稿。</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; saved.</source>
        <translation>已保存营销活动“%1”。</translation>
    </message>
    <message>
        <source>Delete Campaign</source>
        <translation>删除营销活动</translation>
    </message>
    <message>
        <source>Delete the campaign &quot;%1&quot;?</source>
        <translation>删除营销活动“%1”？</translation>
    </message>
    <message>
        <source>Its queue and its delivery history go with it.</source>
        <translation>其发送队列和投递记录也会一并删除。</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; deleted.</source>
        <translation>已删除营销活动“%1”。</translation>
    </message>
    <message>
        <source>Checking &quot;%1&quot;…</source>
        <translation>正在检查“%1”…</translation>
    </message>
    <message>
        <source>Send Campaign</source>
        <translation>发送营销活动</translation>
    </message>
    <message>
        <source>&quot;%1&quot; cannot be sent yet:</source>
        <translation>“%1”暂时无法发送：</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was not sent: the check found errors.</source>
        <translation>“%1”未发送：检查发现错误。</translation>
    </message>
    <message numerus="yes">
        <source>Send &quot;%1&quot; to %Ln recipient(s) through %2?</source>
        <translation>
            <numerusform>通过 %2 把“%1”发送给 %Ln 位收件人？</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Send Now</source>
        <translation>立即发送(&amp;S)</translation>
    </message>
    <message>
        <source>Postroom must keep running while it sends; closing it pauses sending until you open it again.</source>
        <translation>发送期间 Postroom 必须保持运行；关闭后发送会暂停，直到你再次打开它。</translation>
    </message>
    <message>
        <source>Warnings:</source>
        <translation>警告：</translation>
    </message>
    <message>
        <source>Sending &quot;%1&quot;…</source>
        <translation>正在发送“%1”…</translation>
    </message>
    <message>
        <source>Cancel Sending</source>
        <translation>取消发送</translation>
    </message>
    <message>
        <source>Cancel &quot;%1&quot; for good?</source>
        <translation>永久取消“%1”？</translation>
    </message>
    <message>
        <source>Cancel &amp;Campaign</source>
        <translation>取消营销活动(&amp;C)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln recipient(s) not sent yet will never get it. To stop for a while, use Pause.</source>
        <translation>
            <numerusform>尚未发送的 %Ln 位收件人将永远收不到。如只想暂停一段时间，请使用“暂停”。</numerusform>
        </translation>
    </message>
    <message>
        <source>Sending &quot;%1&quot; stopped: %2</source>
        <translation>“%1”的发送已停止：%2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is done: %2 sent, %3 failed, %4 bounced.</source>
        <translation>“%1”已完成：发送 %2 封，失败 %3 封，退信 %4 封。</translation>
    </message>
    <message>
        <source>Campaigns Are Sending</source>
        <translation>营销活动正在发送</translation>
    </message>
    <message>
        <source>Postroom is sending campaigns. Stop sending and quit?</source>
        <translation>Postroom 正在发送营销活动。停止发送并退出？</translation>
    </message>
    <message>
        <source>Stop and &amp;Quit</source>
        <translation>停止并退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Messages on the wire are finished first. Sending carries on where it stopped when you open Postroom again.</source>
        <translation>会先完成正在传输的邮件。再次打开 Postroom 时，发送会从停止处继续。</translation>
    </message>
    <message>
        <source>The scheduled start was held back: %1</source>
        <translation>计划的发送未能开始：%1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; did not start: %2</source>
        <translation>“%1”未开始：%2</translation>
    </message>
    <message>
        <source>Starting the scheduled campaign &quot;%1&quot;.</source>
        <translation>正在开始计划发送的活动“%1”。</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::CampaignsTableModel</name>
    <message>
        <source>no recipients</source>
        <translation>没有收件人</translation>
    </message>
    <message>
        <source>%1 of %2 (%3%)</source>
        <translation>%1 / %2（%3%）</translation>
    </message>
    <message>
        <source>Sent %1, deferred %2, failed %3, bounced %4, skipped %5, queued %6</source>
        <translation>已发送 %1，已推迟 %2，失败 %3，退信 %4，已跳过 %5，排队中 %6</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>List</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Scheduled for %1</source>
        <translation>计划于 %1</translation>
    </message>
    <message>
        <source>Postroom starts it at that time if it is running then, or as soon as it is opened after that.</source>
        <translation>如果届时 Postroom 正在运行，会在该时间开始发送；否则在之后打开 Postroom 时立即开始。</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ContactEditDialog</name>
    <message>
        <source>Edit Contact</source>
        <translation>编辑联系人</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Add Field</source>
        <translation>添加字段</translation>
    </message>
    <message>
        <source>Remove Field</source>
        <translation>移除字段</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>电子邮箱(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;First name:</source>
        <translation>名(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Last name:</source>
        <translation>姓(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>状态(&amp;S)：</translation>
    </message>
    <message>
        <source>Custom fields:</source>
        <translation>自定义字段：</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ContactsPage</name>
    <message>
        <source>No list yet. Create one with New List…</source>
        <translation>还没有名单。请用“新建名单…”创建一个。</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Suppressions</source>
        <translation>屏蔽名单</translation>
    </message>
    <message>
        <source>&amp;Import CSV…</source>
        <translation>导入 CSV(&amp;I)…</translation>
    </message>
    <message>
        <source>Import contacts from a CSV file (or drop the file here)</source>
        <translation>从 CSV 文件导入联系人（也可以把文件拖放到这里）</translation>
    </message>
    <message>
        <source>Search e-mail or name</source>
        <translation>搜索邮箱或姓名</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s)</source>
        <translation>
            <numerusform>%Ln 位联系人</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Unsubscribe</source>
        <translation>退订(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Remove from List</source>
        <translation>从名单中移除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Move to List…</source>
        <translation>移动到名单(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Copy to List…</source>
        <translation>复制到名单(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <source>Edit Contact</source>
        <translation>编辑联系人</translation>
    </message>
    <message>
        <source>Contact saved.</source>
        <translation>联系人已保存。</translation>
    </message>
    <message numerus="yes">
        <source>Unsubscribed %Ln contact(s).</source>
        <translation>
            <numerusform>已退订 %Ln 位联系人。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %Ln contact(s) from the list.</source>
        <translation>
            <numerusform>已从名单中移除 %Ln 位联系人。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete Contacts</source>
        <translation>删除联系人</translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln contact(s) from every list? Their history in past campaigns stays.</source>
        <translation>
            <numerusform>要从所有名单中删除 %Ln 位联系人吗？他们在以往活动中的记录会保留。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %Ln contact(s).</source>
        <translation>
            <numerusform>已删除 %Ln 位联系人。</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy to List</source>
        <translation>复制到名单</translation>
    </message>
    <message>
        <source>Move to List</source>
        <translation>移动到名单</translation>
    </message>
    <message>
        <source>There is no other list yet.</source>
        <translation>还没有其他名单。</translation>
    </message>
    <message>
        <source>List:</source>
        <translation>名单：</translation>
    </message>
    <message numerus="yes">
        <source>Copied %Ln contact(s).</source>
        <translation>
            <numerusform>已复制 %Ln 位联系人。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Moved %Ln contact(s).</source>
        <translation>
            <numerusform>已移动 %Ln 位联系人。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ContactsTableModel</name>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <source>Subscribed</source>
        <translation>已订阅</translation>
    </message>
    <message>
        <source>Unsubscribed</source>
        <translation>已退订</translation>
    </message>
    <message>
        <source>Bounced</source>
        <translation>退信</translation>
    </message>
    <message>
        <source>Complained</source>
        <translation>已投诉</translation>
    </message>
    <message>
        <source>On the suppression list: never sent to, whatever its status.</source>
        <translation>在屏蔽名单中：无论状态如何都不会向其发送。</translation>
    </message>
    <message>
        <source>%1, suppressed</source>
        <comment>contact status</comment>
        <translation>%1，已屏蔽</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ImportCheckPage</name>
    <message>
        <source>Check Before Importing</source>
        <translation>导入前检查</translation>
    </message>
    <message>
        <source>A dry run over the whole file: nothing has been written yet.</source>
        <translation>对整个文件进行试运行：尚未写入任何数据。</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Reading the whole file…</source>
        <translation>正在读取整个文件…</translation>
    </message>
    <message>
        <source>The check was stopped.</source>
        <translation>检查已停止。</translation>
    </message>
    <message>
        <source>Importing into “%1” would do this:</source>
        <translation>导入到“%1”将会：</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ImportFilePage</name>
    <message>
        <source>Choose a File</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>A CSV file from Excel, Mailchimp, Google Contacts, Outlook or your CRM. You can also drop a file on the Contacts page.</source>
        <translation>来自 Excel、Mailchimp、Google 通讯录、Outlook 或您的 CRM 的 CSV 文件。也可以把文件拖放到“联系人”页面。</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Pick a list, or type a new name to create one</source>
        <translation>选择一个名单，或输入新名称来创建名单</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>Import into &amp;list:</source>
        <translation>导入到名单(&amp;L)：</translation>
    </message>
    <message>
        <source>Import Contacts</source>
        <translation>导入联系人</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt *.tsv);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.txt *.tsv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>无法读取 %1。</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ImportMappingPage</name>
    <message>
        <source>Match the Columns</source>
        <translation>匹配列</translation>
    </message>
    <message>
        <source>Each column of the file feeds one field. Columns that match nothing become custom fields you can use in templates; rename or ignore them here.</source>
        <translation>文件的每一列对应一个字段。未匹配的列会成为可在模板中使用的自定义字段；您可以在此重命名或忽略它们。</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>First value</source>
        <translation>首个值</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Custom field name</source>
        <translation>自定义字段名</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ImportPreviewPage</name>
    <message>
        <source>Check the Text</source>
        <translation>检查文本</translation>
    </message>
    <message>
        <source>The first rows as Postroom reads them. If names look garbled or all columns run together, pick another encoding or delimiter.</source>
        <translation>Postroom 读取到的前几行。如果姓名显示为乱码或所有列挤在一起，请选择其他编码或分隔符。</translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>&amp;Encoding:</source>
        <translation>编码(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Delimiter:</source>
        <translation>分隔符(&amp;D)：</translation>
    </message>
    <message>
        <source>Comma</source>
        <translation>逗号</translation>
    </message>
    <message>
        <source>Semicolon</source>
        <translation>分号</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>Pipe</source>
        <translation>竖线</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>“%1”</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>%1 (detected)</source>
        <comment>encoding</comment>
        <translation>%1（自动检测）</translation>
    </message>
    <message>
        <source>%1 (detected)</source>
        <comment>delimiter</comment>
        <translation>%1（自动检测）</translation>
    </message>
    <message numerus="yes">
        <source>Encoding: %1. Delimiter: %2. %Ln column(s).</source>
        <translation>
            <numerusform>编码：%1。分隔符：%2。共 %Ln 列。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ImportProgressPage</name>
    <message>
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <source>Rows are written in batches; stopping keeps the batches already written.</source>
        <translation>数据按批写入；停止时会保留已写入的批次。</translation>
    </message>
    <message>
        <source>&amp;Stop Import</source>
        <translation>停止导入(&amp;S)</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>%L1 rows read…</source>
        <translation>已读取 %L1 行…</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Import Contacts</source>
        <translation>导入联系人</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ImportResultPage</name>
    <message>
        <source>Import Finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>&amp;Save Rejected Rows…</source>
        <translation>保存被拒绝的行(&amp;S)…</translation>
    </message>
    <message>
        <source>A CSV with each rejected row&apos;s line, the reason and its columns</source>
        <translation>一个 CSV 文件，包含每个被拒绝行的行号、原因及其各列</translation>
    </message>
    <message>
        <source>The import was stopped. Rows read before that were imported into “%1”.</source>
        <translation>导入已停止。此前读取的行已导入到“%1”。</translation>
    </message>
    <message>
        <source>The contacts were imported into “%1”.</source>
        <translation>联系人已导入到“%1”。</translation>
    </message>
    <message>
        <source>-rejected</source>
        <comment>file name suffix</comment>
        <translation>-被拒绝</translation>
    </message>
    <message>
        <source>Save Rejected Rows</source>
        <translation>保存被拒绝的行</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ImportSummaryView</name>
    <message>
        <source>Rows read:</source>
        <translation>读取行数：</translation>
    </message>
    <message>
        <source>New contacts:</source>
        <translation>新联系人：</translation>
    </message>
    <message>
        <source>Updated contacts:</source>
        <translation>更新的联系人：</translation>
    </message>
    <message>
        <source>Duplicates in the file:</source>
        <translation>文件内重复：</translation>
    </message>
    <message>
        <source>Invalid rows:</source>
        <translation>无效行：</translation>
    </message>
    <message>
        <source>Suppressed or unsubscribed:</source>
        <translation>已屏蔽或已退订：</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ImportWizard</name>
    <message>
        <source>Import Contacts</source>
        <translation>导入联系人</translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <source>There are no rejected rows to save.</source>
        <translation>没有需要保存的被拒绝行。</translation>
    </message>
    <message>
        <source>Cannot replace %1</source>
        <translation>无法替换 %1</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
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
        <source>Delete the list &quot;%1&quot;? Its contacts stay in the database.</source>
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
        <source>Campaigns</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账户</translation>
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
    <name>Postroom::Ui::PreviewPane</name>
    <message>
        <source>Preview for</source>
        <translation>预览对象</translation>
    </message>
    <message>
        <source>Show images</source>
        <translation>显示图片</translation>
    </message>
    <message numerus="yes">
        <source>Remote images blocked (%n)</source>
        <translation>
            <numerusform>已阻止远程图片（%n 张）</numerusform>
        </translation>
    </message>
    <message>
        <source>No list</source>
        <translation>不选名单</translation>
    </message>
    <message>
        <source>%1 (%L2)</source>
        <comment>list name and contact count</comment>
        <translation>%1（%L2）</translation>
    </message>
    <message>
        <source>Sample contact</source>
        <translation>示例联系人</translation>
    </message>
    <message>
        <source>%1 &lt;%2&gt;</source>
        <comment>contact name and address</comment>
        <translation>%1 &lt;%2&gt;</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>（无主题）</translation>
    </message>
    <message>
        <source>Message size: %1</source>
        <translation>邮件大小：%1</translation>
    </message>
    <message>
        <source>Gmail clips messages over 102 KB</source>
        <translation>Gmail 会截断超过 102 KB 的邮件</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::ProblemsPanel</name>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>HTML %1:%2</source>
        <translation>HTML %1:%2</translation>
    </message>
    <message>
        <source>Subject, column %1</source>
        <translation>主题，第 %1 列</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Text %1:%2</source>
        <translation>纯文本 %1:%2</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>邮件</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::SendTestDialog</name>
    <message>
        <source>Send a Test</source>
        <translation>发送测试邮件</translation>
    </message>
    <message>
        <source>Name &lt;sender@example.com&gt;</source>
        <translation>名称 &lt;sender@example.com&gt;</translation>
    </message>
    <message>
        <source>you@example.com</source>
        <translation>you@example.com</translation>
    </message>
    <message>
        <source>The message is rendered for the contact chosen in the preview and sent as a campaign would send it.</source>
        <translation>邮件按预览中所选联系人渲染，并按群发活动的方式发送。</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation>账户(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>发件人(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>收件人(&amp;T)：</translation>
    </message>
    <message>
        <source>There is no account yet. Add one on the Accounts page or with postroom-cli accounts add.</source>
        <translation>还没有账户。请在“账户”页面添加，或使用 postroom-cli accounts add。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>The From address is not valid.</source>
        <translation>发件人地址无效。</translation>
    </message>
    <message>
        <source>The To address is not valid.</source>
        <translation>收件人地址无效。</translation>
    </message>
    <message>
        <source>The template has errors; fix them first.</source>
        <translation>模板有错误，请先修正。</translation>
    </message>
    <message>
        <source>The test was not sent.</source>
        <translation>测试邮件未发送。</translation>
    </message>
    <message>
        <source>Test sent to %1 through %2.</source>
        <translation>测试邮件已通过 %2 发送至 %1。</translation>
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
    <name>Postroom::Ui::SuppressionsTableModel</name>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>起始时间</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::SuppressionsView</name>
    <message>
        <source>Search addresses</source>
        <translation>搜索地址</translation>
    </message>
    <message>
        <source>Suppress Address…</source>
        <translation>屏蔽地址…</translation>
    </message>
    <message>
        <source>Lift Suppression</source>
        <translation>解除屏蔽</translation>
    </message>
    <message>
        <source>Addresses here are never sent to, whatever list they are on. Imports do not subscribe them again.</source>
        <translation>这里的地址无论在哪个名单中都不会收到邮件。导入不会让它们重新订阅。</translation>
    </message>
    <message numerus="yes">
        <source>%Ln suppressed address(es)</source>
        <translation>
            <numerusform>%Ln 个已屏蔽地址</numerusform>
        </translation>
    </message>
    <message>
        <source>Suppress Address</source>
        <translation>屏蔽地址</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>&amp;E-mail address:</source>
        <translation>电子邮箱地址(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <source>%1 is now suppressed.</source>
        <translation>%1 现已被屏蔽。</translation>
    </message>
    <message>
        <source>%1 was already suppressed.</source>
        <translation>%1 早已被屏蔽。</translation>
    </message>
    <message numerus="yes">
        <source>Allow sending to %Ln address(es) again?</source>
        <translation>
            <numerusform>要重新允许向 %Ln 个地址发送邮件吗？</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::TemplateListPanel</name>
    <message>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <source>Duplicate…</source>
        <translation>复制…</translation>
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
        <source>New Template</source>
        <translation>新建模板</translation>
    </message>
    <message>
        <source>Name of the new template:</source>
        <translation>新模板的名称：</translation>
    </message>
    <message>
        <source>News for {{first_name|you}}</source>
        <translation>{{first_name|您}}的最新消息</translation>
    </message>
    <message>
        <source>Duplicate Template</source>
        <translation>复制模板</translation>
    </message>
    <message>
        <source>Name of the copy:</source>
        <translation>副本的名称：</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <comment>name of a duplicated template</comment>
        <translation>%1（副本）</translation>
    </message>
    <message>
        <source>Rename Template</source>
        <translation>重命名模板</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <source>Delete Template</source>
        <translation>删除模板</translation>
    </message>
    <message>
        <source>Delete the template &quot;%1&quot; with its attachments and images?</source>
        <translation>删除模板“%1”及其附件和图片？</translation>
    </message>
</context>
<context>
    <name>Postroom::Ui::TemplatesPage</name>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Links are not followed in the preview: %1</source>
        <translation>预览中不会打开链接：%1</translation>
    </message>
    <message>
        <source>Subject, e.g. News for {{first_name|you}}</source>
        <translation>主题，例如：{{first_name|您}}的最新消息</translation>
    </message>
    <message>
        <source>Insert Field</source>
        <translation>插入字段</translation>
    </message>
    <message>
        <source>Insert a merge field at the cursor</source>
        <translation>在光标处插入合并字段</translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation>主题(&amp;S)：</translation>
    </message>
    <message>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <source>Text Part</source>
        <translation>纯文本部分</translation>
    </message>
    <message>
        <source>Images &amp;&amp; Attachments</source>
        <translation>图片和附件</translation>
    </message>
    <message>
        <source>Send Test…</source>
        <translation>发送测试…</translation>
    </message>
    <message>
        <source>Send this message to an address through one of your accounts</source>
        <translation>通过您的某个账户将此邮件发送到一个地址</translation>
    </message>
    <message>
        <source>&amp;Automatic: generated from the HTML</source>
        <translation>自动(&amp;A)：由 HTML 生成</translation>
    </message>
    <message>
        <source>&amp;Custom text</source>
        <translation>自定义文本(&amp;C)</translation>
    </message>
    <message>
        <source>The text part appears here as it is generated.</source>
        <translation>生成的纯文本部分会显示在这里。</translation>
    </message>
    <message>
        <source>Mail programs that show no HTML show this part. The automatic text is made from each recipient&apos;s HTML when sending.</source>
        <translation>不显示 HTML 的邮件程序会显示这一部分。自动文本在发送时由每位收件人的 HTML 生成。</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the template (%1)</source>
        <translation>保存模板（%1）</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>No template selected</source>
        <translation>未选择模板</translation>
    </message>
    <message>
        <source>%1 — unsaved changes</source>
        <translation>%1 — 有未保存的更改</translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>The template &quot;%1&quot; has unsaved changes.</source>
        <translation>模板“%1”有未保存的更改。</translation>
    </message>
    <message>
        <source>Do you want to save them?</source>
        <translation>要保存这些更改吗？</translation>
    </message>
    <message>
        <source>Save Template</source>
        <translation>保存模板</translation>
    </message>
    <message>
        <source>Saved &quot;%1&quot;.</source>
        <translation>已保存“%1”。</translation>
    </message>
    <message>
        <source>Fix the errors listed below to update the preview.</source>
        <translation>请修正下方列出的错误以更新预览。</translation>
    </message>
    <message>
        <source>Problems (%1)</source>
        <translation>问题（%1）</translation>
    </message>
    <message>
        <source>Contact fields</source>
        <translation>联系人字段</translation>
    </message>
    <message>
        <source>Choose a list in the preview to see its own fields</source>
        <translation>在预览中选择一个名单以查看其自有字段</translation>
    </message>
    <message>
        <source>Built-in</source>
        <translation>内置</translation>
    </message>
</context>
<context>
    <name>SecretRef</name>
    <message>
        <source>&quot;%1&quot; is not an environment variable name (letters, digits and _, not starting with a digit).</source>
        <translation>“%1”不是环境变量名（只能包含字母、数字和 _，且不能以数字开头）。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a secret reference (expected env:VAR, keychain:KEY or file:KEY).</source>
        <translation>“%1”不是密钥引用（应为 env:VAR、keychain:KEY 或 file:KEY）。</translation>
    </message>
</context>
<context>
    <name>SecretVault</name>
    <message>
        <source>POSTROOM_SECRET_STORE is &quot;%1&quot;; it must be &quot;keychain&quot; or &quot;file&quot;.</source>
        <translation>POSTROOM_SECRET_STORE 的值为“%1”；它必须是“keychain”或“file”。</translation>
    </message>
    <message>
        <source>The environment variable %1 that holds the password is not set.</source>
        <translation>存放密码的环境变量 %1 未设置。</translation>
    </message>
    <message>
        <source>The environment variable %1 that holds the password is empty.</source>
        <translation>存放密码的环境变量 %1 为空。</translation>
    </message>
</context>
<context>
    <name>SendRate</name>
    <message>
        <source>&quot;%1&quot; is not a rate: write N/s, N/min or N/h with N at least 1.</source>
        <translation>“%1”不是有效的速率：请写成 N/s、N/min 或 N/h，且 N 至少为 1。</translation>
    </message>
</context>
<context>
    <name>SendWorker</name>
    <message>
        <source>Campaign &quot;%1&quot; was cancelled; it cannot be sent.</source>
        <translation>营销活动“%1”已取消，无法发送。</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; sends through account &quot;%2&quot;: %3</source>
        <translation>营销活动“%1”通过账户“%2”发送：%3</translation>
    </message>
    <message>
        <source>the password is not available: %1</source>
        <translation>密码不可用：%1</translation>
    </message>
    <message>
        <source>The campaign has no sending account.</source>
        <translation>该营销活动没有发送账户。</translation>
    </message>
    <message>
        <source>every account reached its daily cap</source>
        <translation>所有账户都已达到每日上限</translation>
    </message>
</context>
<context>
    <name>SuppressionRepository</name>
    <message>
        <source>An empty address cannot be suppressed.</source>
        <translation>不能屏蔽空地址。</translation>
    </message>
    <message>
        <source>Could not add to the suppression list</source>
        <translation>无法添加到屏蔽列表</translation>
    </message>
    <message>
        <source>Could not read the suppression list</source>
        <translation>无法读取屏蔽列表</translation>
    </message>
    <message>
        <source>Could not change the suppression list</source>
        <translation>无法更改屏蔽列表</translation>
    </message>
    <message>
        <source>%1 is not suppressed.</source>
        <translation>%1 未被屏蔽。</translation>
    </message>
</context>
<context>
    <name>TemplateAnalysis</name>
    <message>
        <source>An image has no alt text.</source>
        <translation>有一张图片没有替代文字（alt）。</translation>
    </message>
    <message>
        <source>The image &quot;%1&quot; has no alt text: readers with images off or with a screen reader see nothing.</source>
        <translation>图片“%1”没有替代文字（alt）：关闭图片显示或使用屏幕阅读器的读者将什么也看不到。</translation>
    </message>
    <message>
        <source>The message has no text besides images: spam filters distrust it, and with images blocked it looks empty.</source>
        <translation>邮件除图片外没有任何文字：垃圾邮件过滤器不信任此类邮件，且图片被阻止时邮件看起来是空白的。</translation>
    </message>
    <message>
        <source>Reading the list&apos;s contacts for the field checks…</source>
        <translation>正在读取名单中的联系人以检查字段…</translation>
    </message>
    <message>
        <source>The message is %1, over 102 KB: Gmail clips it and hides the rest, unsubscribe link included, behind a link.</source>
        <translation>邮件大小为 %1，超过 102 KB：Gmail 会将其截断，并把其余内容（包括退订链接）隐藏在一个链接后面。</translation>
    </message>
    <message>
        <source>Jane</source>
        <comment>sample contact first name</comment>
        <translation>小明</translation>
    </message>
    <message>
        <source>Doe</source>
        <comment>sample contact last name</comment>
        <translation>王</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
</context>
<context>
    <name>TemplateCheck</name>
    <message>
        <source>Unknown field &quot;%1&quot; in the %2 at line %3, column %4.</source>
        <translation>%2第 %3 行第 %4 列有未知字段“%1”。</translation>
    </message>
    <message>
        <source>Correct the name, or import contacts that have a &quot;%1&quot; column.</source>
        <translation>请更正字段名，或导入带有“%1”列的联系人。</translation>
    </message>
    <message>
        <source>The %1 has no {{unsubscribe_url}} link.</source>
        <translation>%1中没有 {{unsubscribe_url}} 退订链接。</translation>
    </message>
    <message>
        <source>Add a visible unsubscribe link: &lt;a href=&quot;{{unsubscribe_url}}&quot;&gt;Unsubscribe&lt;/a&gt;.</source>
        <translation>请添加一个醒目的退订链接：&lt;a href=&quot;{{unsubscribe_url}}&quot;&gt;退订&lt;/a&gt;。</translation>
    </message>
    <message>
        <source>%1 of %2 contacts have no &quot;%3&quot; and would see a blank.</source>
        <translation>%2 位联系人中有 %1 位没有“%3”，他们将看到空白。</translation>
    </message>
    <message>
        <source>Give it a fallback, {{%1|…}}, or wrap it in {{#if %1}}…{{/if}}.</source>
        <translation>请为它设置备用文本 {{%1|…}}，或用 {{#if %1}}…{{/if}} 包起来。</translation>
    </message>
    <message>
        <source>%1 of %2 contacts have no &quot;%3&quot; and get the fallback &quot;%4&quot;.</source>
        <translation>%2 位联系人中有 %1 位没有“%3”，他们将看到备用文本“%4”。</translation>
    </message>
    <message>
        <source>Nothing to do if the fallback reads well.</source>
        <translation>如果备用文本读起来通顺，则无需处理。</translation>
    </message>
</context>
<context>
    <name>TemplateParser</name>
    <message>
        <source>Unclosed tag: this {{ has no }}.</source>
        <translation>标签未闭合：这个 {{ 没有对应的 }}。</translation>
    </message>
    <message>
        <source>Unclosed tag: a new {{ starts before this one&apos;s }}.</source>
        <translation>标签未闭合：在这个标签的 }} 之前又出现了新的 {{。</translation>
    </message>
    <message>
        <source>Unclosed {{#if %1}}: add {{/if}} where it should end.</source>
        <translation>{{#if %1}} 未闭合：请在它应结束的地方加上 {{/if}}。</translation>
    </message>
    <message>
        <source>Unknown block {{#%1}}: the only block is {{#if field}}.</source>
        <translation>未知的块 {{#%1}}：唯一支持的块是 {{#if 字段}}。</translation>
    </message>
    <message>
        <source>{{#if}} needs a field name: {{#if first_name}}.</source>
        <translation>{{#if}} 需要一个字段名，例如 {{#if first_name}}。</translation>
    </message>
    <message>
        <source>A condition has no fallback: remove the | part.</source>
        <translation>条件不能有备用文本：请删除 | 部分。</translation>
    </message>
    <message>
        <source>{{else}} outside of an {{#if}}.</source>
        <translation>{{else}} 不在任何 {{#if}} 之内。</translation>
    </message>
    <message>
        <source>A second {{else}} in {{#if %1}}.</source>
        <translation>{{#if %1}} 中出现了第二个 {{else}}。</translation>
    </message>
    <message>
        <source>Unknown block end {{/%1}}: blocks end with {{/if}}.</source>
        <translation>未知的块结束标记 {{/%1}}：块应以 {{/if}} 结束。</translation>
    </message>
    <message>
        <source>{{/if}} without an {{#if}} to close.</source>
        <translation>{{/if}} 没有可以闭合的 {{#if}}。</translation>
    </message>
    <message>
        <source>{{/if %1}} closes {{#if %2}} (line %3, column %4).</source>
        <translation>{{/if %1}} 闭合的是 {{#if %2}}（第 %3 行，第 %4 列）。</translation>
    </message>
    <message>
        <source>Empty field name: write {{first_name}} or the like.</source>
        <translation>字段名为空：请写成 {{first_name}} 之类的形式。</translation>
    </message>
    <message>
        <source>The field name &quot;%1&quot; contains a brace.</source>
        <translation>字段名“%1”中含有花括号。</translation>
    </message>
    <message>
        <source>A field name cannot contain a line break or control character.</source>
        <translation>字段名不能包含换行符或控制字符。</translation>
    </message>
    <message>
        <source>&quot;else&quot; is not a field: {{else}} has no fallback.</source>
        <translation>“else”不是字段：{{else}} 没有备用文本。</translation>
    </message>
</context>
<context>
    <name>TemplateRepository</name>
    <message>
        <source>A template needs a name.</source>
        <translation>模板需要一个名称。</translation>
    </message>
    <message>
        <source>A template name must be at most 200 characters, on one line.</source>
        <translation>模板名称最多 200 个字符，且只能占一行。</translation>
    </message>
    <message>
        <source>The subject must be on one line.</source>
        <translation>主题只能占一行。</translation>
    </message>
    <message>
        <source>An attachment needs a file name on one line, without folders.</source>
        <translation>附件需要一个单行的文件名，且不能包含文件夹。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a MIME type like image/png.</source>
        <translation>“%1”不是像 image/png 这样的 MIME 类型。</translation>
    </message>
    <message>
        <source>An inline image needs a content id of printable ASCII characters (no spaces or angle brackets).</source>
        <translation>内嵌图片需要一个由可打印 ASCII 字符组成的内容 ID（不能有空格或尖括号）。</translation>
    </message>
    <message>
        <source>A template called &quot;%1&quot; already exists.</source>
        <translation>名为“%1”的模板已存在。</translation>
    </message>
    <message>
        <source>Could not store the template</source>
        <translation>无法保存模板</translation>
    </message>
    <message>
        <source>Could not save the template</source>
        <translation>无法保存模板</translation>
    </message>
    <message>
        <source>The template no longer exists.</source>
        <translation>该模板已不存在。</translation>
    </message>
    <message>
        <source>Could not read the template</source>
        <translation>无法读取模板</translation>
    </message>
    <message>
        <source>There is no such template.</source>
        <translation>没有这个模板。</translation>
    </message>
    <message>
        <source>There is no template called &quot;%1&quot;.</source>
        <translation>没有名为“%1”的模板。</translation>
    </message>
    <message>
        <source>Could not read the templates</source>
        <translation>无法读取模板列表</translation>
    </message>
    <message>
        <source>Could not delete the template</source>
        <translation>无法删除模板</translation>
    </message>
    <message>
        <source>The template is used by the campaign &quot;%1&quot;; it cannot be deleted.</source>
        <translation>活动“%1”正在使用该模板，无法删除。</translation>
    </message>
    <message>
        <source>Could not read the template&apos;s files</source>
        <translation>无法读取模板的文件</translation>
    </message>
    <message>
        <source>The template already has an inline image with the content id &quot;%1&quot;.</source>
        <translation>该模板已有内容 ID 为“%1”的内嵌图片。</translation>
    </message>
    <message>
        <source>Could not store the file &quot;%1&quot;</source>
        <translation>无法保存文件“%1”</translation>
    </message>
    <message>
        <source>Could not remove the file</source>
        <translation>无法移除文件</translation>
    </message>
    <message>
        <source>The file is no longer there.</source>
        <translation>该文件已不存在。</translation>
    </message>
</context>
<context>
    <name>TokenSealer</name>
    <message>
        <source>The link is invalid or was altered</source>
        <translation>该链接无效或已被篡改</translation>
    </message>
</context>
<context>
    <name>TrackingSecret</name>
    <message>
        <source>The tracking secret (%1) is shorter than %2 characters</source>
        <translation>跟踪密钥（%1）短于 %2 个字符</translation>
    </message>
</context>
<context>
    <name>TransportFactory</name>
    <message>
        <source>The password of account &quot;%1&quot; is not available: %2</source>
        <translation>账户“%1”的密码不可用：%2</translation>
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
