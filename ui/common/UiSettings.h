#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>

namespace Postroom::Ui {

/**
 * The GUI's own preferences (window, last page, language), typed, over QSettings.
 * Business data lives in the database, secrets in the secret store: never here.
 */
class UiSettings
{
public:
    UiSettings();

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);

    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);

    /** The page shown when the window closed, as its stable id ("contacts", ...). */
    QString lastPage() const;
    void setLastPage(const QString& pageId);

    /** "en", "zh_CN", or empty for the system language. */
    QString language() const;
    void setLanguage(const QString& language);

private:
    QSettings m_settings;
};

} // namespace Postroom::Ui
