#pragma once

#include <QHash>
#include <QSet>
#include <QTextBrowser>
#include <QUrl>

class QNetworkAccessManager;

namespace Postroom::Ui {

/**
 * Shows a rendered message the way a careful mail client does: inline (cid:) and data:
 * images are shown, remote images and style sheets are blocked until the user allows
 * them, nothing local (file:, relative paths) is ever read, links never navigate, and
 * there are no scripts (QTextBrowser has no script engine).
 */
class PreviewBrowser : public QTextBrowser
{
    Q_OBJECT

public:
    explicit PreviewBrowser(QWidget* parent = nullptr);

    /** Images the message refers to as cid:<content id>, keyed by content id. */
    void setInlineImages(const QHash<QString, QByteArray>& images);

    /** Shows @p html; blocked remote resources are counted anew. */
    void showHtml(const QString& html);

    bool remoteImagesAllowed() const { return m_allowRemote; }
    /** Allowing fetches the remote images of the message shown (and of later ones). */
    void setRemoteImagesAllowed(bool allowed);

    /** How many distinct remote resources the message shown asked for and did not get. */
    int blockedCount() const { return int(m_blocked.size()); }

    /** Remote fetches started so far (tests check that blocking means no request). */
    int fetchesStarted() const { return m_fetchesStarted; }

signals:
    /** The message shown asks for @p count remote resources that were blocked. */
    void remoteContentBlocked(int count);
    /** The user clicked a link: it is reported, never followed. */
    void linkClicked(const QUrl& url);

protected:
    QVariant loadResource(int type, const QUrl& name) override;

private:
    QVariant fetchRemote(const QUrl& url);

    QString m_html;
    QHash<QString, QByteArray> m_inline;
    QHash<QUrl, QByteArray> m_fetched;
    QSet<QUrl> m_pending;
    QSet<QUrl> m_blocked;
    bool m_allowRemote = false;
    int m_fetchesStarted = 0;
    QNetworkAccessManager* m_network = nullptr;
};

} // namespace Postroom::Ui
