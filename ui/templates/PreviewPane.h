#pragma once

#include "core/storage/Database.h"
#include "core/storage/TemplateRepository.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QFrame;

namespace Postroom::Ui {

class PreviewBrowser;

/**
 * The live preview beside the editor: which list and contact to render for, the
 * rendered subject, the message (remote images blocked behind a bar) and its size.
 */
class PreviewPane : public QWidget
{
    Q_OBJECT

public:
    explicit PreviewPane(Storage::DatabasePtr db, QWidget* parent = nullptr);

    /** The chosen list (0: none) and contact (0: the sample contact). */
    qint64 listId() const;
    qint64 contactId() const;

    /** Chooses the list, then (once loaded) the contact; for tests and restoring state. */
    void choose(qint64 listId, qint64 contactId);

    PreviewBrowser* browser() const { return m_browser; }

    /** Shows a rendering: subject and HTML; @p messageBytes < 0 when unknown. */
    void showRendering(const QString& subject, const QString& html, qint64 messageBytes);
    void setInlineImages(const QList<Storage::TemplateAsset>& assets);
    /** Says the template cannot be rendered now (a syntax error): the last rendering stays. */
    void showStale(const QString& why);

public slots:
    /** Reads the lists again (they change on the Contacts page or from the CLI). */
    void reloadLists();

signals:
    /** The list or contact to render for changed. */
    void targetChanged();
    /** The chosen list changed: its fields should be read again. */
    void listChanged(qint64 listId);
    void errorOccurred(const QString& message);
    void linkClicked(const QUrl& url);

private:
    void loadContacts(qint64 listId);

    Storage::DatabasePtr m_db;
    QComboBox* m_lists = nullptr;
    QComboBox* m_contacts = nullptr;
    QLabel* m_subject = nullptr;
    QFrame* m_remoteBar = nullptr;
    QLabel* m_remoteLabel = nullptr;
    QLabel* m_status = nullptr;
    PreviewBrowser* m_browser = nullptr;
    qint64 m_wantedList = -1;
    qint64 m_wantedContact = -1;
};

} // namespace Postroom::Ui
