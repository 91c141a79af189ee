#pragma once

#include "core/storage/Database.h"
#include "core/storage/TemplateRepository.h"
#include "ui/templates/TemplateAnalysis.h"

#include <QWidget>

#include <functional>

class QAction;
class QButtonGroup;
class QLabel;
class QLineEdit;
class QMenu;
class QPlainTextEdit;
class QStackedWidget;
class QTabWidget;
class QTimer;
class QToolButton;

namespace Postroom::Ui {

class AssetsPanel;
class HtmlHighlighter;
class PreviewPane;
class ProblemsPanel;
class SourceEditor;
class TemplateListPanel;

/**
 * Templates: the stored templates on the left; the subject, HTML, text part and files
 * of the chosen one in the middle; a live preview for a chosen contact on the right;
 * the problems found below.
 */
class TemplatesPage : public QWidget
{
    Q_OBJECT

public:
    explicit TemplatesPage(Storage::DatabasePtr db, QWidget* parent = nullptr);

    /** True when the template shown has changes not saved yet. */
    bool isModified() const;

    /**
     * Asks what to do with unsaved changes before they would be lost. Returns true when
     * the caller may go on now (nothing to save, or the user discarded). Returns false
     * when the user cancelled, or chose Save: then @p proceed runs once the save
     * succeeded (the database is written off the GUI thread).
     */
    bool maybeSave(std::function<void()> proceed = {});

    /** Saves the template shown (off the GUI thread); @p then runs on success. */
    void save(std::function<void()> then = {});

    qint64 currentTemplateId() const { return m_templateId; }

    TemplateListPanel* listPanel() const { return m_list; }
    PreviewPane* previewPane() const { return m_preview; }
    ProblemsPanel* problemsPanel() const { return m_problems; }
    SourceEditor* htmlEditor() const { return m_html; }
    QLineEdit* subjectEdit() const { return m_subject; }

    /** Starts the preview and checks now instead of after the typing pause. */
    void refreshNow();

    /** Opens the dialog that sends the message as edited to one address. */
    void sendTest();

    /** The editor's content and the preview's contact, for the thread pool. */
    AnalysisInput snapshot() const;

signals:
    void statusMessage(const QString& message);
    /** A preview and check run finished and is shown. */
    void analysisShown();
    /** The template shown was saved to the database. */
    void saved(qint64 templateId);
    void modificationChanged(bool modified);

protected:
    void showEvent(QShowEvent* event) override;

private:
    QWidget* createEditorArea();
    QWidget* createTextTab();
    void createActions();
    void loadTemplate(qint64 id);
    void showTemplate(const Storage::StoredTemplate& stored);
    void setEditorsEnabled(bool enabled);
    void updateUndoActions();
    void contentChanged();
    void updateTitle();
    void scheduleAnalysis();
    void startAnalysis();
    void showAnalysis(const AnalysisResult& result);
    void readListFacts(qint64 listId);
    void setCustomText(bool custom);
    void insertAtCursor(const QString& text);
    void rebuildFieldMenu();
    void jumpTo(const TemplateProblem& problem);
    QWidget* activeEditor() const;

    Storage::DatabasePtr m_db;
    TemplateListPanel* m_list = nullptr;
    QLabel* m_title = nullptr;
    QLineEdit* m_subject = nullptr;
    QToolButton* m_fieldButton = nullptr;
    QToolButton* m_sendTestButton = nullptr;
    QMenu* m_fieldMenu = nullptr;
    QTabWidget* m_tabs = nullptr;
    SourceEditor* m_html = nullptr;
    HtmlHighlighter* m_highlighter = nullptr;
    QButtonGroup* m_textMode = nullptr;
    QStackedWidget* m_textStack = nullptr;
    QPlainTextEdit* m_generatedText = nullptr;
    SourceEditor* m_text = nullptr;
    AssetsPanel* m_assets = nullptr;
    PreviewPane* m_preview = nullptr;
    ProblemsPanel* m_problems = nullptr;
    QTabWidget* m_bottomTabs = nullptr;
    QAction* m_saveAction = nullptr;
    QAction* m_undoAction = nullptr;
    QAction* m_redoAction = nullptr;
    QTimer* m_debounce = nullptr;

    qint64 m_templateId = 0;
    Storage::StoredTemplate m_stored; ///< as last loaded or saved
    bool m_loading = false;
    bool m_saving = false;
    bool m_shownModified = false;
    bool m_shownBefore = false;
    QWidget* m_lastEditor = nullptr;

    quint64 m_generation = 0;
    bool m_analysisRunning = false;
    bool m_analysisPending = false;
    // What the chosen list holds, kept between runs: reading it takes a pass over the list.
    std::optional<ListFacts> m_listFacts;
};

} // namespace Postroom::Ui
