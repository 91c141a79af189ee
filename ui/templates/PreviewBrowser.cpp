#include "ui/templates/PreviewBrowser.h"

#include <QImage>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QScrollBar>
#include <QTimer>

namespace Postroom::Ui {
namespace {

// A preview should not pull a newsletter's worth of tracking pixels or huge banners.
constexpr qint64 kMaxRemoteBytes = 5 * 1024 * 1024;
constexpr int kMaxRemoteFetches = 64;

bool isRemote(const QUrl& url)
{
    const QString scheme = url.scheme().toLower();
    return scheme == QLatin1String("http") || scheme == QLatin1String("https") ||
           (scheme.isEmpty() && url.toString().startsWith(QLatin1String("//")));
}

// RFC 2397: data:[<mediatype>][;base64],<data>
QByteArray decodeDataUrl(const QUrl& url)
{
    const QByteArray encoded = url.toEncoded();
    const qsizetype comma = encoded.indexOf(',');
    if (comma < 0)
        return {};
    const QByteArray header = encoded.left(comma);
    const QByteArray payload = QByteArray::fromPercentEncoding(encoded.mid(comma + 1));
    return header.endsWith(";base64") ? QByteArray::fromBase64(payload) : payload;
}

// A stand-in for what is not shown: never a null image, since Qt's image handler then
// tries to load the URL itself as a local file path. One transparent pixel keeps the
// layout: an <img> with width and height is scaled to them, like a blocked image in a client.
QVariant nothing(int type)
{
    if (type != QTextDocument::ImageResource)
        return QVariant(QByteArray());
    static const QImage pixel = [] {
        QImage image(1, 1, QImage::Format_ARGB32);
        image.fill(Qt::transparent);
        return image;
    }();
    return pixel;
}

} // namespace

PreviewBrowser::PreviewBrowser(QWidget* parent) : QTextBrowser(parent)
{
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setUndoRedoEnabled(false);
    connect(this, &QTextBrowser::anchorClicked, this, &PreviewBrowser::linkClicked);
}

void PreviewBrowser::setInlineImages(const QHash<QString, QByteArray>& images)
{
    m_inline = images;
}

void PreviewBrowser::showHtml(const QString& html)
{
    m_html = html;
    m_blocked.clear();
    const QPoint scroll(horizontalScrollBar()->value(), verticalScrollBar()->value());
    // Resources are cached per document; a new inline image under an old cid must show.
    document()->clear();
    setHtml(html);
    horizontalScrollBar()->setValue(scroll.x());
    verticalScrollBar()->setValue(scroll.y());
    if (!m_blocked.isEmpty())
        emit remoteContentBlocked(blockedCount());
}

void PreviewBrowser::setRemoteImagesAllowed(bool allowed)
{
    if (m_allowRemote == allowed)
        return;
    m_allowRemote = allowed;
    showHtml(m_html);
}

QVariant PreviewBrowser::loadResource(int type, const QUrl& name)
{
    const QString scheme = name.scheme().toLower();
    if (scheme == QLatin1String("cid")) {
        const QByteArray data = m_inline.value(name.path());
        return data.isEmpty() ? nothing(type) : QVariant(QImage::fromData(data));
    }
    if (scheme == QLatin1String("data"))
        return type == QTextDocument::ImageResource
                   ? QVariant(QImage::fromData(decodeDataUrl(name)))
                   : QVariant(decodeDataUrl(name));
    if (isRemote(name) &&
        (type == QTextDocument::ImageResource || type == QTextDocument::StyleSheetResource)) {
        if (!m_allowRemote) {
            m_blocked.insert(name);
            return nothing(type);
        }
        const QVariant fetched = fetchRemote(name);
        return fetched.isNull() ? nothing(type) : fetched;
    }
    // file:, qrc:, relative paths and anything else: a message has no business reading
    // the user's disk, and a receiver could not see them either.
    return nothing(type);
}

QVariant PreviewBrowser::fetchRemote(const QUrl& url)
{
    const QUrl absolute =
        url.scheme().isEmpty() ? QUrl(QStringLiteral("https:") + url.toString()) : url;
    if (m_fetched.contains(absolute)) {
        const QByteArray data = m_fetched.value(absolute);
        const QImage image = QImage::fromData(data);
        return image.isNull() ? QVariant(data) : QVariant(image);
    }
    if (m_pending.contains(absolute) || m_fetchesStarted >= kMaxRemoteFetches)
        return {};
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    QNetworkRequest request(absolute);
    request.setTransferTimeout(15000);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply* reply = m_network->get(request);
    m_pending.insert(absolute);
    ++m_fetchesStarted;
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > kMaxRemoteBytes)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, absolute] {
        reply->deleteLater();
        m_pending.remove(absolute);
        m_fetched.insert(absolute, reply->error() == QNetworkReply::NoError
                                       ? reply->read(kMaxRemoteBytes)
                                       : QByteArray());
        // Lay the message out again once the last image arrived, not once per image.
        if (m_pending.isEmpty())
            QTimer::singleShot(0, this, [this] { showHtml(m_html); });
    });
    return {};
}

} // namespace Postroom::Ui
