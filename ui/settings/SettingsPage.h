#pragma once

#include <QWidget>

class QComboBox;

namespace Postroom::Ui {

/** Application settings: language, and where the data lives. */
class SettingsPage : public QWidget
{
    Q_OBJECT

public:
    explicit SettingsPage(const QString& databasePath, QWidget* parent = nullptr);

signals:
    /** The user picked another language; it applies at the next start. */
    void languageChanged(const QString& language);

private:
    QComboBox* m_language = nullptr;
};

} // namespace Postroom::Ui
