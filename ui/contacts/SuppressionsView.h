#pragma once

#include "core/storage/Database.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace Postroom::Ui {

class SearchField;
class SuppressionsTableModel;

/** The global suppression list: who is never sent to, why, since when; add and lift. */
class SuppressionsView : public QWidget
{
    Q_OBJECT

public:
    explicit SuppressionsView(Storage::DatabasePtr db, QWidget* parent = nullptr);

    SuppressionsTableModel* model() const { return m_model; }

public slots:
    /** Reads the list again (after an import or an edit elsewhere). */
    void reload();
    /** Asks for an address and a reason, and suppresses it. */
    void addSuppression();
    /** Lifts the suppression of the selected addresses (after asking). */
    void removeSelected();
    /** Suppresses @p address (validated here) with @p reason, off the GUI thread. */
    void suppress(const QString& address, const QString& reason);

signals:
    /** The list changed here; contacts shown elsewhere may have changed state. */
    void changed();
    void statusMessage(const QString& message);

protected:
    void showEvent(QShowEvent* event) override;

private:
    Storage::DatabasePtr m_db;
    SuppressionsTableModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    SearchField* m_search = nullptr;
    QLabel* m_count = nullptr;
    QPushButton* m_removeButton = nullptr;
    bool m_loaded = false;
};

} // namespace Postroom::Ui
