#include "core/contacts/ColumnMapping.h"

#include <QTest>

using namespace Postroom;
using namespace Postroom::Contacts;

namespace {

QStringList split(const char* csvHeader)
{
    return QString::fromUtf8(csvHeader).split(QLatin1Char(','));
}

} // namespace

class TestColumnMapping : public QObject
{
    Q_OBJECT

private slots:
    void realExports_data()
    {
        QTest::addColumn<QStringList>("headers");
        QTest::addColumn<int>("email");
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");
        QTest::addColumn<int>("full");
        QTest::addColumn<int>("unsubscribed");
        QTest::addColumn<int>("cleaned");

        const char* mailchimp =
            "Email Address,First Name,Last Name,Address,Phone Number,Birthday,Company,"
            "MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,"
            "DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS";
        QTest::newRow("Mailchimp subscribed") << split(mailchimp) << 0 << 1 << 2 << -1 << -1 << -1;
        QTest::newRow("Mailchimp unsubscribed")
            << split(QByteArray(mailchimp) + ",UNSUB_TIME,UNSUB_CAMPAIGN_TITLE,UNSUB_CAMPAIGN_ID,"
                                             "UNSUB_REASON,UNSUB_REASON_OTHER")
            << 0 << 1 << 2 << -1 << 24 << -1;
        QTest::newRow("Mailchimp cleaned")
            << split(QByteArray(mailchimp) + ",CLEAN_TIME,CLEAN_CAMPAIGN_TITLE,CLEAN_CAMPAIGN_ID")
            << 0 << 1 << 2 << -1 << -1 << 24;
        QTest::newRow("Google Contacts (old)")
            << split("Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,"
                     "Additional Name Yomi,Family Name Yomi,Name Prefix,Name Suffix,Initials,"
                     "Nickname,Short Name,Maiden Name,Birthday,Gender,Location,Notes,"
                     "Group Membership,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,"
                     "E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value")
            << 20 << 1 << 3 << 0 << -1 << -1;
        QTest::newRow("Google Contacts (new)")
            << split("First Name,Middle Name,Last Name,Phonetic First Name,Nickname,File As,"
                     "E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value")
            << 7 << 0 << 2 << -1 << -1 << -1;
        QTest::newRow("Outlook")
            << split("Title,First Name,Middle Name,Last Name,Suffix,Company,Department,"
                     "Job Title,Business Street,E-mail Address,E-mail Type,E-mail Display Name,"
                     "E-mail 2 Address,E-mail 3 Address,Notes")
            << 9 << 1 << 3 << 11 << -1 << -1;
        QTest::newRow("Chinese Excel")
            << split("姓名,邮箱,手机,城市,公司,备注") << 1 << -1 << -1 << 0 << -1 << -1;
        QTest::newRow("Chinese split names")
            << split("姓,名,电子邮件") << 2 << 1 << 0 << -1 << -1 << -1;
        QTest::newRow("Chinese address header")
            << split("邮件地址,名字") << 0 << 1 << -1 << -1 << -1 << -1;
        QTest::newRow("Traditional Chinese")
            << split("姓名,電子郵件") << 1 << -1 << -1 << 0 << -1 << -1;
        QTest::newRow("German Excel")
            << split("E-Mail,Vorname,Nachname,Stadt") << 0 << 1 << 2 << -1 << -1 << -1;
        QTest::newRow("snake case CRM") << split("customer_id,email,first_name,last_name,company")
                                        << 1 << 2 << 3 << -1 << -1 << -1;
        QTest::newRow("case and punctuation")
            << split("  EMAIL-ADDRESS ,First_NAME,last.name") << 0 << 1 << 2 << -1 << -1 << -1;
    }

    void realExports()
    {
        QFETCH(QStringList, headers);
        QFETCH(int, email);
        QFETCH(int, first);
        QFETCH(int, last);
        QFETCH(int, full);
        QFETCH(int, unsubscribed);
        QFETCH(int, cleaned);
        const ColumnMapping mapping = ColumnMapping::guess(headers);
        QCOMPARE(mapping.columnCount(), headers.size());
        QCOMPARE(mapping.columnOf(ContactField::Email), email);
        QCOMPARE(mapping.columnOf(ContactField::FirstName), first);
        QCOMPARE(mapping.columnOf(ContactField::LastName), last);
        QCOMPARE(mapping.columnOf(ContactField::FullName), full);
        QCOMPARE(mapping.columnOf(ContactField::Unsubscribed), unsubscribed);
        QCOMPARE(mapping.columnOf(ContactField::Cleaned), cleaned);
        QVERIFY(mapping.validate().ok());
        // Every other column is kept as a custom field named by its header.
        for (int i = 0; i < headers.size(); ++i) {
            const ColumnAssignment& column = mapping.columns()[i];
            if (column.field == ContactField::Custom) {
                QVERIFY(!column.customKey.isEmpty());
                QVERIFY(headers[i].simplified().startsWith(column.customKey.left(10)));
            }
        }
    }

    void secondEmailColumnIsCustom()
    {
        const auto mapping = ColumnMapping::guess(split("E-mail 1 - Value,Email,email"));
        QCOMPARE(mapping.columnOf(ContactField::Email), 0);
        QCOMPARE(mapping.columns()[1].field, ContactField::Custom);
        QCOMPARE(mapping.columns()[1].customKey, QStringLiteral("Email"));
        QCOMPARE(mapping.columns()[2].customKey, QStringLiteral("email"));
    }

    void customKeysAreUnique()
    {
        const auto mapping = ColumnMapping::guess(split("email,City,City,,"));
        QCOMPARE(mapping.columns()[1].customKey, QStringLiteral("City"));
        QCOMPARE(mapping.columns()[2].customKey, QStringLiteral("City 2"));
        QCOMPARE(mapping.columns()[3].customKey, QStringLiteral("Column 4"));
        QCOMPARE(mapping.columns()[4].customKey, QStringLiteral("Column 5"));
    }

    void overrides()
    {
        const auto parsed = ColumnMapping::parseOverrides(
            QStringLiteral("email=Mail 2, first_name = Vorname ,notes=3,ignore=Junk"));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->size(), 4);
        QCOMPARE(parsed->at(0).field, QStringLiteral("email"));
        QCOMPARE(parsed->at(0).column, QStringLiteral("Mail 2"));

        ColumnMapping mapping = ColumnMapping::guess(split("Email,Mail 2,Remark,Vorname,Junk"));
        QCOMPARE(mapping.columnOf(ContactField::Email), 0);
        QVERIFY(mapping.apply(*parsed).ok());
        QCOMPARE(mapping.columnOf(ContactField::Email), 1);
        // The column that lost "email" is kept as a custom field.
        QCOMPARE(mapping.columns()[0].field, ContactField::Custom);
        QCOMPARE(mapping.columns()[0].customKey, QStringLiteral("Email"));
        QCOMPARE(mapping.columnOf(ContactField::FirstName), 3);
        QCOMPARE(mapping.columns()[2].field, ContactField::Custom);
        QCOMPARE(mapping.columns()[2].customKey, QStringLiteral("notes"));
        QCOMPARE(mapping.columns()[4].field, ContactField::Ignore);

        // Columns are found case- and punctuation-insensitively.
        ColumnMapping loose = ColumnMapping::guess(split("E-Mail-Adr,x"));
        QVERIFY(loose.apply({{QStringLiteral("email"), QStringLiteral("e mail adr")}}).ok());
        QCOMPARE(loose.columnOf(ContactField::Email), 0);
    }

    void badOverrides()
    {
        QVERIFY(!ColumnMapping::parseOverrides(QStringLiteral("email")).ok());
        QVERIFY(!ColumnMapping::parseOverrides(QStringLiteral("=x")).ok());
        QVERIFY(!ColumnMapping::parseOverrides(QStringLiteral("email=")).ok());
        ColumnMapping mapping = ColumnMapping::guess(split("a,b"));
        const auto applied = mapping.apply({{QStringLiteral("email"), QStringLiteral("nope")}});
        QVERIFY(!applied.ok());
        QCOMPARE(applied.error().code, ErrorCode::InvalidInput);
        QVERIFY(applied.error().message.contains(QLatin1String("nope")));
        QVERIFY(!mapping.apply({{QStringLiteral("email"), QStringLiteral("3")}}).ok());
    }

    void missingEmailIsReported()
    {
        const auto mapping = ColumnMapping::guess(split("name,phone"));
        const auto valid = mapping.validate();
        QVERIFY(!valid.ok());
        QVERIFY(valid.error().message.contains(QLatin1String("phone")));
    }

    void setColumnKeepsStandardFieldsUnique()
    {
        ColumnMapping mapping = ColumnMapping::guess(split("email,alt,name"));
        mapping.setColumn(1, {ContactField::Email, {}});
        QCOMPARE(mapping.columnOf(ContactField::Email), 1);
        QCOMPARE(mapping.columns()[0].field, ContactField::Custom);
        mapping.setColumn(2, {ContactField::Custom, {}});
        QCOMPARE(mapping.columns()[2].customKey, QStringLiteral("name"));
        mapping.setColumn(7, {ContactField::Email, {}}); // out of range: ignored
        QCOMPARE(mapping.columnOf(ContactField::Email), 1);
    }

    void fieldNames()
    {
        for (ContactField field :
             {ContactField::Ignore, ContactField::Email, ContactField::FirstName,
              ContactField::LastName, ContactField::FullName, ContactField::Status,
              ContactField::Unsubscribed, ContactField::Cleaned}) {
            QCOMPARE(ColumnMapping::fieldFromName(ColumnMapping::fieldName(field)), field);
            QVERIFY(!ColumnMapping::fieldLabel(field).isEmpty());
        }
        QCOMPARE(ColumnMapping::fieldFromName(QStringLiteral("FirstName")),
                 ContactField::FirstName);
        QVERIFY(!ColumnMapping::fieldFromName(QStringLiteral("city")).has_value());
        QCOMPARE(ColumnMapping::normaliseHeader(QStringLiteral("E-mail 1 - Value")),
                 QStringLiteral("email1value"));
    }
};

QTEST_GUILESS_MAIN(TestColumnMapping)
#include "tst_columnmapping.moc"
