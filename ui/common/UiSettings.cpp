#include "ui/common/UiSettings.h"

namespace Postroom::Ui {
namespace {
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kLastPage = QStringLiteral("window/lastPage");
const QString kLanguage = QStringLiteral("ui/language");
} // namespace

UiSettings::UiSettings() = default;

QByteArray UiSettings::windowGeometry() const
{
    return m_settings.value(kGeometry).toByteArray();
}

void UiSettings::setWindowGeometry(const QByteArray& geometry)
{
    m_settings.setValue(kGeometry, geometry);
}

QByteArray UiSettings::windowState() const
{
    return m_settings.value(kState).toByteArray();
}

void UiSettings::setWindowState(const QByteArray& state)
{
    m_settings.setValue(kState, state);
}

QString UiSettings::lastPage() const
{
    return m_settings.value(kLastPage).toString();
}

void UiSettings::setLastPage(const QString& pageId)
{
    m_settings.setValue(kLastPage, pageId);
}

QString UiSettings::language() const
{
    return m_settings.value(kLanguage).toString();
}

void UiSettings::setLanguage(const QString& language)
{
    m_settings.setValue(kLanguage, language);
}

} // namespace Postroom::Ui
