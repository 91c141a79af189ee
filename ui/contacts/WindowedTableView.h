#pragma once

#include <QTableView>

namespace Postroom::Ui {

/**
 * A table view for a WindowedTableModel: whole-row multi-selection, read-only, and fixed
 * row heights with no resize-to-contents, so it only ever asks for the rows it shows.
 */
class WindowedTableView : public QTableView
{
    Q_OBJECT

public:
    explicit WindowedTableView(QWidget* parent = nullptr);
};

} // namespace Postroom::Ui
