#include "ui/templates/AssetsPanel.h"

#include "ui/common/Background.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMimeDatabase>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace Postroom::Ui {
namespace {
constexpr int kIndexRole = Qt::UserRole;
// Big files make every message of a campaign big; receivers refuse 25 MB and more.
constexpr qint64 kMaxAssetBytes = 10 * 1024 * 1024;
// The id the HTML will show the image by (cid:<id>, RFC 2392): the file name in the safe
// characters, made unique within the template, so the source stays readable.
QString contentIdFor(const QString& fileName, const QList<Storage::TemplateAsset>& existing)
{
    QString base;
    for (const QChar c : fileName) {
        const bool safe =
            c.unicode() < 0x80 && (c.isLetterOrNumber() || c == u'.' || c == u'-' || c == u'_');
        base += safe ? c : QLatin1Char('_');
    }
    if (base.isEmpty())
        base = QStringLiteral("image");
    QString id = base;
    for (int n = 2; std::any_of(existing.cbegin(), existing.cend(),
                                [&](const Storage::TemplateAsset& a) { return a.contentId == id; });
         ++n)
        id = QStringLiteral("%1-%2").arg(base).arg(n);
    return id;
}

} // namespace

AssetsPanel::AssetsPanel(Storage::DatabasePtr db, QWidget* parent)
    : QWidget(parent), m_db(std::move(db))
{
    m_view = new QListWidget(this);
    m_view->setObjectName(QStringLiteral("assetsView"));
    m_addImage = new QPushButton(tr("Add Inline Image…"), this);
    m_addAttachment = new QPushButton(tr("Add Attachment…"), this);
    m_insert = new QPushButton(tr("Insert into HTML"), this);
    m_insert->setToolTip(tr("Insert an <img> tag showing this image at the cursor"));
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setObjectName(QStringLiteral("removeAssetButton"));

    auto* buttons = new QGridLayout;
    buttons->addWidget(m_addImage, 0, 0);
    buttons->addWidget(m_addAttachment, 1, 0);
    buttons->addWidget(m_insert, 0, 2);
    buttons->addWidget(m_remove, 1, 2);
    buttons->setColumnStretch(1, 1);
    auto* hint = new QLabel(tr("Inline images are shown by the HTML through <img src=\"cid:…\">; "
                               "attachments go with every message. Both are saved at once."),
                            this);
    hint->setWordWrap(true);
    hint->setTextFormat(Qt::PlainText);
    hint->setForegroundRole(QPalette::PlaceholderText);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(hint);
    layout->addWidget(m_view);
    layout->addLayout(buttons);

    connect(m_addImage, &QPushButton::clicked, this,
            [this] { addFiles(Storage::AssetKind::Inline); });
    connect(m_addAttachment, &QPushButton::clicked, this,
            [this] { addFiles(Storage::AssetKind::Attachment); });
    connect(m_remove, &QPushButton::clicked, this, &AssetsPanel::removeCurrent);
    connect(m_insert, &QPushButton::clicked, this, &AssetsPanel::insertCurrent);
    connect(m_view, &QListWidget::currentRowChanged, this, &AssetsPanel::updateButtons);
    connect(m_view, &QListWidget::itemDoubleClicked, this, &AssetsPanel::insertCurrent);
    updateButtons();
}

void AssetsPanel::setTemplate(qint64 templateId, const QList<Storage::TemplateAsset>& assets)
{
    m_templateId = templateId;
    m_assets = assets;
    showAssets();
}

void AssetsPanel::showAssets()
{
    m_view->clear();
    QStyle* s = style();
    for (int i = 0; i < m_assets.size(); ++i) {
        const Storage::TemplateAsset& asset = m_assets.at(i);
        const QString size = QLocale().formattedDataSize(asset.data.size());
        const bool isInline = asset.kind == Storage::AssetKind::Inline;
        auto* item = new QListWidgetItem(
            isInline
                ? tr("%1 — inline image, cid:%2 (%3)").arg(asset.fileName, asset.contentId, size)
                : tr("%1 — attachment (%2)").arg(asset.fileName, size),
            m_view);
        item->setIcon(
            s->standardIcon(isInline ? QStyle::SP_FileDialogContentsView : QStyle::SP_FileIcon));
        item->setData(kIndexRole, i);
    }
    updateButtons();
}

void AssetsPanel::updateButtons()
{
    const int row = m_view->currentRow();
    const bool haveTemplate = m_templateId > 0;
    m_addImage->setEnabled(haveTemplate);
    m_addAttachment->setEnabled(haveTemplate);
    m_remove->setEnabled(haveTemplate && row >= 0);
    m_insert->setEnabled(haveTemplate && row >= 0 &&
                         m_assets.value(row).kind == Storage::AssetKind::Inline);
}

void AssetsPanel::addFiles(Storage::AssetKind kind)
{
    const bool image = kind == Storage::AssetKind::Inline;
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, image ? tr("Add Inline Images") : tr("Add Attachments"), {},
        image ? tr("Images (*.png *.jpg *.jpeg *.gif *.webp *.svg)") : QString());
    for (const QString& path : paths)
        addFile(path, kind);
}

void AssetsPanel::addFile(const QString& path, Storage::AssetKind kind)
{
    runChange(
        [path, kind](Storage::TemplateRepository& repository, qint64 templateId) -> Result<void> {
            QFile file(path);
            if (file.size() > kMaxAssetBytes)
                return makeError(ErrorCode::InvalidInput,
                                 tr("%1 is larger than %2.")
                                     .arg(QFileInfo(path).fileName(),
                                          QLocale().formattedDataSize(kMaxAssetBytes)));
            if (!file.open(QIODevice::ReadOnly))
                return makeError(ErrorCode::Io, tr("Cannot read %1").arg(path), file.errorString());
            Storage::TemplateAsset asset;
            asset.kind = kind;
            asset.fileName = QFileInfo(path).fileName();
            asset.data = file.readAll();
            asset.mimeType = QMimeDatabase().mimeTypeForFileNameAndData(path, asset.data).name();
            if (kind == Storage::AssetKind::Inline) {
                auto existing = repository.assets(templateId);
                if (!existing)
                    return existing.error();
                asset.contentId = contentIdFor(asset.fileName, *existing);
            }
            auto added = repository.addAsset(templateId, asset);
            if (!added)
                return added.error();
            return {};
        },
        true);
}

void AssetsPanel::removeCurrent()
{
    const int row = m_view->currentRow();
    if (row < 0 || row >= m_assets.size())
        return;
    runChange([assetId = m_assets.at(row).id](Storage::TemplateRepository& repository,
                                              qint64) { return repository.removeAsset(assetId); },
              false);
}

void AssetsPanel::runChange(
    std::function<Result<void>(Storage::TemplateRepository&, qint64 templateId)> change,
    bool selectLast)
{
    const qint64 templateId = m_templateId;
    if (templateId <= 0)
        return;
    runInBackground(
        this,
        [db = m_db, templateId, change]() -> Result<QList<Storage::TemplateAsset>> {
            Storage::TemplateRepository repository(db);
            if (auto changed = change(repository, templateId); !changed)
                return changed.error();
            return repository.assets(templateId);
        },
        [this, templateId, selectLast](const Result<QList<Storage::TemplateAsset>>& assets) {
            if (!assets) {
                emit errorOccurred(assets.error().describe());
                return;
            }
            if (templateId != m_templateId)
                return; // another template is shown by now
            m_assets = *assets;
            showAssets();
            if (selectLast)
                m_view->setCurrentRow(int(m_assets.size()) - 1);
            emit assetsChanged(m_assets);
        });
}

void AssetsPanel::insertCurrent()
{
    const int row = m_view->currentRow();
    if (row < 0 || row >= m_assets.size() || m_assets.at(row).kind != Storage::AssetKind::Inline)
        return;
    const Storage::TemplateAsset& asset = m_assets.at(row);
    // The file name is only a starting point for the alt text; the author should describe
    // the picture. Escaped because file names may hold quotes or angle brackets.
    emit insertRequested(QStringLiteral("<img src=\"cid:%1\" alt=\"%2\">")
                             .arg(asset.contentId.toHtmlEscaped(),
                                  QFileInfo(asset.fileName).completeBaseName().toHtmlEscaped()));
}

} // namespace Postroom::Ui
