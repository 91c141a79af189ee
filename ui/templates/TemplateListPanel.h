#pragma once

#include "core/storage/Database.h"
#include "core/storage/TemplateRepository.h"

#include <QWidget>

#include <functional>

class QListWidget;
class QPushButton;

namespace Postroom::Ui {

/** The stored templates; new, duplicate, rename and delete them. */
class TemplateListPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TemplateListPanel(Storage::DatabasePtr db, QWidget* parent = nullptr);

    /** The selected template's id, or 0. */
    qint64 currentTemplateId() const;

    /**
     * Asked before the selection moves away from the template shown, or it is duplicated
     * or renamed: returning false keeps everything as it is. The guard may call the
     * retry function it is given later (after an asynchronous save) to redo the step.
     */
    using LeaveGuard = std::function<bool(std::function<void()> retry)>;
    void setLeaveGuard(LeaveGuard guard) { m_leaveGuard = std::move(guard); }

    /** Shows @p name in place of the stored name of the current template (unsaved marker). */
    void setCurrentDisplayName(const QString& name);

public slots:
    void reload();
    void createTemplate();
    void duplicateCurrent();
    void renameCurrent();
    void deleteCurrent();
    /** Selects template @p id once the list shows it. */
    void selectTemplate(qint64 id);

signals:
    void currentTemplateChanged(qint64 templateId);
    void reloaded(int templateCount);
    void errorOccurred(const QString& message);

private:
    void showTemplates(const QList<Storage::StoredTemplate>& templates);
    void runChange(std::function<Result<qint64>()> change);
    QString askName(const QString& title, const QString& label, const QString& initial);

    Storage::DatabasePtr m_db;
    QListWidget* m_view = nullptr;
    QPushButton* m_duplicateButton = nullptr;
    QPushButton* m_renameButton = nullptr;
    QPushButton* m_deleteButton = nullptr;
    qint64 m_selectAfterReload = 0;
    qint64 m_shownId = 0;
    bool mayLeave(std::function<void()> retry);

    LeaveGuard m_leaveGuard;
};

} // namespace Postroom::Ui
