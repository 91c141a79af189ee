#include "ui/templates/PreviewPane.h"

#include "core/storage/ContactRepository.h"
#include "core/storage/ListRepository.h"
#include "ui/common/Background.h"
#include "ui/templates/PreviewBrowser.h"
#include "ui/templates/TemplateAnalysis.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace Postroom::Ui {
namespace {
// Enough to pick a few typical recipients; the preview is not a contact browser.
constexpr int kContactsShown = 200;
} // namespace

PreviewPane::PreviewPane(Storage::DatabasePtr db, QWidget* parent)
    : QWidget(parent), m_db(std::move(db))
{
    m_lists = new QComboBox(this);
    m_lists->setObjectName(QStringLiteral("previewListCombo"));
    m_lists->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_lists->setMinimumContentsLength(6);
    m_contacts = new QComboBox(this);
    m_contacts->setObjectName(QStringLiteral("previewContactCombo"));
    m_contacts->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_contacts->setMinimumContentsLength(8);

    auto* chooser = new QHBoxLayout;
    chooser->addWidget(m_lists, 1);
    chooser->addWidget(m_contacts, 1);
    auto* heading = new QLabel(tr("Preview for"), this);
    QFont headingFont = heading->font();
    headingFont.setBold(true);
    heading->setFont(headingFont);

    m_subject = new QLabel(this);
    m_subject->setObjectName(QStringLiteral("previewSubject"));
    m_subject->setTextFormat(Qt::PlainText);
    m_subject->setWordWrap(true);
    m_subject->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_subject->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_subject->setFont(bold);

    m_remoteBar = new QFrame(this);
    m_remoteBar->setObjectName(QStringLiteral("remoteImagesBar"));
    m_remoteBar->setFrameShape(QFrame::StyledPanel);
    m_remoteBar->setAutoFillBackground(true);
    QPalette barPalette = m_remoteBar->palette();
    barPalette.setColor(QPalette::Window, QColor(0xff, 0xf4, 0xce));
    barPalette.setColor(QPalette::WindowText, QColor(0x3d, 0x2e, 0x00));
    m_remoteBar->setPalette(barPalette);
    m_remoteLabel = new QLabel(m_remoteBar);
    auto* showImages = new QPushButton(tr("Show images"), m_remoteBar);
    showImages->setObjectName(QStringLiteral("showImagesButton"));
    auto* barLayout = new QHBoxLayout(m_remoteBar);
    barLayout->setContentsMargins(8, 4, 8, 4);
    barLayout->addWidget(m_remoteLabel, 1);
    barLayout->addWidget(showImages);
    m_remoteBar->hide();

    m_browser = new PreviewBrowser(this);
    m_browser->setObjectName(QStringLiteral("previewBrowser"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("previewStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(heading);
    layout->addLayout(chooser);
    layout->addWidget(m_subject);
    layout->addWidget(m_remoteBar);
    layout->addWidget(m_browser, 1);
    layout->addWidget(m_status);

    connect(showImages, &QPushButton::clicked, this, [this] {
        m_remoteBar->hide();
        m_browser->setRemoteImagesAllowed(true);
    });
    connect(m_browser, &PreviewBrowser::remoteContentBlocked, this, [this](int count) {
        m_remoteLabel->setText(tr("Remote images blocked (%n)", nullptr, count));
        m_remoteBar->show();
    });
    connect(m_browser, &PreviewBrowser::linkClicked, this, &PreviewPane::linkClicked);
    connect(m_lists, &QComboBox::currentIndexChanged, this, [this] {
        const qint64 id = listId();
        emit listChanged(id);
        loadContacts(id);
    });
    connect(m_contacts, &QComboBox::currentIndexChanged, this, &PreviewPane::targetChanged);
    reloadLists();
}

qint64 PreviewPane::listId() const
{
    return m_lists->currentData().toLongLong();
}

qint64 PreviewPane::contactId() const
{
    return m_contacts->currentData().toLongLong();
}

void PreviewPane::choose(qint64 listId, qint64 contactId)
{
    m_wantedContact = contactId;
    const int index = m_lists->findData(listId);
    if (index < 0) {
        m_wantedList = listId;
        reloadLists();
    } else if (index == m_lists->currentIndex()) {
        loadContacts(listId);
    } else {
        m_lists->setCurrentIndex(index);
    }
}

void PreviewPane::reloadLists()
{
    runInBackground(
        this, [db = m_db] { return Storage::ListRepository(db).all(); },
        [this](const Result<QList<Storage::ContactList>>& lists) {
            if (!lists) {
                emit errorOccurred(lists.error().describe());
                return;
            }
            // The first time, a real list beats "No list": the preview should show what
            // recipients get. Later, the user's choice stays.
            const bool first = m_lists->count() == 0;
            const qint64 keep = m_wantedList >= 0 ? m_wantedList : (first ? -1 : listId());
            m_wantedList = -1;
            {
                const QSignalBlocker blocker(m_lists);
                m_lists->clear();
                m_lists->addItem(tr("No list"), qint64(0));
                for (const Storage::ContactList& list : *lists)
                    m_lists->addItem(tr("%1 (%L2)", "list name and contact count")
                                         .arg(list.name)
                                         .arg(list.contacts),
                                     list.id);
                const int index = m_lists->findData(keep);
                m_lists->setCurrentIndex(index >= 0 ? index : (lists->isEmpty() ? 0 : 1));
            }
            emit listChanged(listId());
            loadContacts(listId());
        });
}

void PreviewPane::loadContacts(qint64 list)
{
    auto fill = [this](const QList<Storage::Contact>& contacts) {
        // A real recipient shows what the list will get; the sample is for lists without any.
        const qint64 shown = contactId();
        const qint64 keep = m_wantedContact >= 0 ? m_wantedContact : (shown > 0 ? shown : -1);
        m_wantedContact = -1;
        {
            const QSignalBlocker blocker(m_contacts);
            m_contacts->clear();
            m_contacts->addItem(tr("Sample contact"), qint64(0));
            for (const Storage::Contact& contact : contacts) {
                const QString name = QStringList{contact.firstName, contact.lastName}
                                         .join(QLatin1Char(' '))
                                         .trimmed();
                m_contacts->addItem(
                    name.isEmpty()
                        ? contact.email
                        : tr("%1 <%2>", "contact name and address").arg(name, contact.email),
                    contact.id);
            }
            const int index = m_contacts->findData(keep);
            m_contacts->setCurrentIndex(index >= 0 ? index : (contacts.isEmpty() ? 0 : 1));
        }
        emit targetChanged();
    };
    if (list <= 0) {
        fill({});
        return;
    }
    runInBackground(
        this,
        [db = m_db, list] {
            Storage::ContactFilter filter;
            filter.listId = list;
            return Storage::ContactRepository(db).window(filter, Storage::ContactSort::Id,
                                                         Qt::AscendingOrder, 0, kContactsShown);
        },
        [this, list, fill](const Result<QList<Storage::Contact>>& contacts) {
            if (list != listId())
                return;
            if (!contacts) {
                emit errorOccurred(contacts.error().describe());
                fill({});
                return;
            }
            fill(*contacts);
        });
}

void PreviewPane::setInlineImages(const QList<Storage::TemplateAsset>& assets)
{
    QHash<QString, QByteArray> images;
    for (const Storage::TemplateAsset& asset : assets) {
        if (asset.kind == Storage::AssetKind::Inline)
            images.insert(asset.contentId, asset.data);
    }
    m_browser->setInlineImages(images);
}

void PreviewPane::showRendering(const QString& subject, const QString& html, qint64 messageBytes)
{
    m_subject->setText(subject.isEmpty() ? tr("(no subject)") : subject);
    m_remoteBar->hide();
    m_browser->showHtml(html);
    if (messageBytes < 0) {
        m_status->clear();
    } else {
        QString text = tr("Message size: %1").arg(QLocale().formattedDataSize(messageBytes));
        if (messageBytes > TemplateAnalysis::kGmailClipBytes)
            text += QLatin1String(" — ") + tr("Gmail clips messages over 102 KB");
        m_status->setText(text);
    }
}

void PreviewPane::showStale(const QString& why)
{
    m_status->setText(why);
}

} // namespace Postroom::Ui
