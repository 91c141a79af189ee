#pragma once

#include <QWidget>

namespace Postroom::Ui {

/** A page whose screen a later release fills: it says what will be there. */
class PlaceholderPage : public QWidget
{
    Q_OBJECT

public:
    PlaceholderPage(const QString& title, const QString& description, QWidget* parent = nullptr);
};

} // namespace Postroom::Ui
