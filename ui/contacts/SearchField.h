#pragma once

#include <QLineEdit>

class QTimer;

namespace Postroom::Ui {

/** A search box that reports its text once typing pauses, not on every key. */
class SearchField : public QLineEdit
{
    Q_OBJECT

public:
    /** The pause after the last key before searchChanged() (a query per pause, not per key). */
    static constexpr int kPauseMs = 150;

    explicit SearchField(const QString& placeholder, QWidget* parent = nullptr);

signals:
    void searchChanged(const QString& text);

private:
    QTimer* m_pause = nullptr;
};

} // namespace Postroom::Ui
