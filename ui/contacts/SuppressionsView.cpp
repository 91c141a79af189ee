#include "ui/contacts/SuppressionsView.h"

#include "core/contacts/EmailAddress.h"
#include "core/storage/SuppressionRepository.h"
#include "ui/common/Background.h"
#include "ui/contacts/SearchField.h"
#include "ui/contacts/SuppressionsTableModel.h"
#include "ui/contacts/WindowedTableView.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace Postroom::Ui {

SuppressionsView::SuppressionsView(Storage::DatabasePtr db, QWidget* parent)
    : QWidget(parent), m_db(std::move(db))
{
    m_model = new SuppressionsTableModel(m_db, this);

    m_search = new SearchField(tr("Search addresses"), this);
    m_search->setObjectName(QStringLiteral("suppressionSearch"));
    auto* addButton = new QPushButton(tr("Suppress Address…"), this);
    addButton->setObjectName(QStringLiteral("addSuppressionButton"));
    m_removeButton = new QPushButton(tr("Lift Suppression"), this);
    m_removeButton->setObjectName(QStringLiteral("removeSuppressionButton"));
    m_removeButton->setEnabled(false);

    m_table = new WindowedTableView(this);
    m_table->setObjectName(QStringLiteral("suppressionsTable"));
    m_table->setModel(m_model);
    m_table->setColumnWidth(SuppressionsTableModel::AddressColumn, 280);
    m_table->setColumnWidth(SuppressionsTableModel::ReasonColumn, 200);

    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("suppressionCount"));

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_search, 1);
    bar->addWidget(addButton);
    bar->addWidget(m_removeButton);
    auto* layout = new QVBoxLayout(this);
    auto* explanation =
        new QLabel(tr("Addresses here are never sent to, whatever list they are on. Imports do not "
                      "subscribe them again."),
                   this);
    explanation->setWordWrap(true);
    layout->addWidget(explanation);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_count);

    connect(m_search, &SearchField::searchChanged, m_model, &SuppressionsTableModel::setSearch);
    connect(addButton, &QPushButton::clicked, this, &SuppressionsView::addSuppression);
    connect(m_removeButton, &QPushButton::clicked, this, &SuppressionsView::removeSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { m_removeButton->setEnabled(m_table->selectionModel()->hasSelection()); });
    connect(m_model, &WindowedTableModel::countKnown, this, [this](qint64 count) {
        m_count->setText(tr("%Ln suppressed address(es)", nullptr, static_cast<int>(count)));
    });
    connect(m_model, &WindowedTableModel::errorOccurred, this, &SuppressionsView::statusMessage);
}

void SuppressionsView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (!m_loaded) {
        m_loaded = true;
        m_model->load();
    }
}

void SuppressionsView::reload()
{
    if (m_loaded)
        m_model->refresh();
}

void SuppressionsView::addSuppression()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Suppress Address"));
    auto* address = new QLineEdit(&dialog);
    address->setObjectName(QStringLiteral("suppressAddress"));
    auto* reason = new QLineEdit(tr("manual"), &dialog);
    reason->setObjectName(QStringLiteral("suppressReason"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    auto* form = new QFormLayout(&dialog);
    form->addRow(tr("&E-mail address:"), address);
    form->addRow(tr("&Reason:"), reason);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    suppress(address->text(), reason->text().trimmed());
}

void SuppressionsView::suppress(const QString& address, const QString& reason)
{
    const auto parsed = Contacts::EmailAddress::parse(address);
    if (!parsed) {
        QMessageBox::warning(this, tr("Suppress Address"), parsed.error().describe());
        return;
    }
    runInBackground(
        this,
        [db = m_db, key = parsed->key(), reason] {
            return Storage::SuppressionRepository(db).add(key, reason);
        },
        [this, shown = parsed->display()](const Result<bool>& added) {
            if (!added) {
                QMessageBox::warning(this, tr("Suppress Address"), added.error().describe());
                return;
            }
            emit statusMessage(*added ? tr("%1 is now suppressed.").arg(shown)
                                      : tr("%1 was already suppressed.").arg(shown));
            m_model->refresh();
            emit changed();
        });
}

void SuppressionsView::removeSelected()
{
    QStringList keys;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows()) {
        const QString key = m_model->keyAt(index.row());
        if (!key.isEmpty())
            keys.append(key);
    }
    if (keys.isEmpty())
        return;
    const auto answer = QMessageBox::question(
        this, tr("Lift Suppression"),
        tr("Allow sending to %Ln address(es) again?", nullptr, static_cast<int>(keys.size())));
    if (answer != QMessageBox::Yes)
        return;
    runInBackground(
        this,
        [db = m_db, keys]() -> Result<void> {
            Storage::SuppressionRepository repository(db);
            for (const QString& key : keys) {
                if (auto removed = repository.remove(key);
                    !removed && removed.error().code != ErrorCode::NotFound)
                    return removed;
            }
            return {};
        },
        [this](const Result<void>& done) {
            if (!done)
                QMessageBox::warning(this, tr("Lift Suppression"), done.error().describe());
            m_table->clearSelection();
            m_model->refresh();
            emit changed();
        });
}

} // namespace Postroom::Ui
