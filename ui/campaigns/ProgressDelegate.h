#pragma once

#include <QStyledItemDelegate>

namespace Postroom::Ui {

/** Draws a cell as a progress bar: the fraction from @p fractionRole, the cell's text on it. */
class ProgressDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    ProgressDelegate(int fractionRole, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;

private:
    int m_fractionRole;
};

} // namespace Postroom::Ui
