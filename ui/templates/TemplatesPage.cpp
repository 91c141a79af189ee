#include "ui/templates/TemplatesPage.h"

#include "core/template/Template.h"
#include "core/template/TemplateCheck.h"
#include "ui/common/Background.h"
#include "ui/templates/AssetsPanel.h"
#include "ui/templates/HtmlHighlighter.h"
#include "ui/templates/PreviewPane.h"
#include "ui/templates/ProblemsPanel.h"
#include "ui/templates/SendTestDialog.h"
#include "ui/templates/SourceEditor.h"
#include "ui/templates/TemplateListPanel.h"

#include <QAction>
#include <QApplication>
#include <QButtonGroup>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QRadioButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace Postroom::Ui {
namespace {
// Long enough that typing does not re-render on every key, short enough to feel live.
constexpr int kPreviewDelayMs = 300;

QString mergeTag(const QString& field)
{
    return QStringLiteral("{{") + field + QStringLiteral("}}");
}
} // namespace

TemplatesPage::TemplatesPage(Storage::DatabasePtr db, QWidget* parent)
    : QWidget(parent), m_db(std::move(db))
{
    m_list = new TemplateListPanel(m_db, this);
    m_preview = new PreviewPane(m_db, this);
    m_problems = new ProblemsPanel(this);
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kPreviewDelayMs);

    QWidget* editorArea = createEditorArea();
    createActions();

    auto* work = new QSplitter(Qt::Horizontal, this);
    work->addWidget(editorArea);
    work->addWidget(m_preview);
    work->setStretchFactor(0, 1);
    work->setStretchFactor(1, 1);

    m_bottomTabs = new QTabWidget(this);
    m_bottomTabs->setDocumentMode(true);
    m_bottomTabs->addTab(m_problems, tr("Problems"));

    auto* vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(work);
    vertical->addWidget(m_bottomTabs);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 1);
    vertical->setSizes({500, 170});

    auto* outer = new QSplitter(Qt::Horizontal, this);
    outer->addWidget(m_list);
    outer->addWidget(vertical);
    outer->setStretchFactor(1, 1);
    outer->setSizes({200, 1000});

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(outer);

    m_list->setLeaveGuard([this](std::function<void()> retry) { return maybeSave(retry); });
    connect(m_list, &TemplateListPanel::currentTemplateChanged, this, &TemplatesPage::loadTemplate);
    connect(m_list, &TemplateListPanel::errorOccurred, this, &TemplatesPage::statusMessage);
    connect(m_preview, &PreviewPane::errorOccurred, this, &TemplatesPage::statusMessage);
    connect(m_preview, &PreviewPane::targetChanged, this, &TemplatesPage::scheduleAnalysis);
    connect(m_preview, &PreviewPane::listChanged, this, &TemplatesPage::readListFacts);
    connect(m_preview, &PreviewPane::linkClicked, this, [this](const QUrl& url) {
        emit statusMessage(
            tr("Links are not followed in the preview: %1").arg(url.toDisplayString()));
    });
    connect(m_problems, &ProblemsPanel::jumpRequested, this, &TemplatesPage::jumpTo);
    connect(m_assets, &AssetsPanel::errorOccurred, this, &TemplatesPage::statusMessage);
    connect(m_assets, &AssetsPanel::insertRequested, this, [this](const QString& html) {
        m_tabs->setCurrentWidget(m_html);
        m_html->insertPlainText(html);
        m_html->setFocus();
    });
    connect(m_assets, &AssetsPanel::assetsChanged, this,
            [this](const QList<Storage::TemplateAsset>& assets) {
                m_stored.assets = assets;
                m_preview->setInlineImages(assets);
                scheduleAnalysis();
            });
    connect(m_debounce, &QTimer::timeout, this, &TemplatesPage::startAnalysis);
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget*, QWidget* now) {
        if (now == m_subject || now == m_html || now == m_text) {
            m_lastEditor = now;
            updateUndoActions();
        }
    });

    setEditorsEnabled(false);
    rebuildFieldMenu();
    updateTitle();
}

QWidget* TemplatesPage::createEditorArea()
{
    auto* area = new QWidget(this);

    m_title = new QLabel(area);
    m_title->setObjectName(QStringLiteral("templateTitle"));
    m_title->setTextFormat(Qt::PlainText);
    QFont font = m_title->font();
    font.setPointSizeF(font.pointSizeF() * 1.3);
    font.setBold(true);
    m_title->setFont(font);
    // A long template name must not widen the page: it is cut, the tooltip has it all.
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_title->setMinimumWidth(80);

    m_subject = new QLineEdit(area);
    m_subject->setObjectName(QStringLiteral("subjectEdit"));
    m_subject->setPlaceholderText(tr("Subject, e.g. News for {{first_name|you}}"));
    m_fieldMenu = new QMenu(this);
    m_fieldButton = new QToolButton(area);
    m_fieldButton->setObjectName(QStringLiteral("mergeFieldButton"));
    m_fieldButton->setText(tr("Insert Field"));
    m_fieldButton->setToolTip(tr("Insert a merge field at the cursor"));
    m_fieldButton->setMenu(m_fieldMenu);
    m_fieldButton->setPopupMode(QToolButton::InstantPopup);
    m_fieldButton->setToolButtonStyle(Qt::ToolButtonTextOnly);

    auto* subjectRow = new QHBoxLayout;
    auto* subjectLabel = new QLabel(tr("&Subject:"), area);
    subjectLabel->setBuddy(m_subject);
    subjectRow->addWidget(subjectLabel);
    subjectRow->addWidget(m_subject, 1);
    subjectRow->addWidget(m_fieldButton);

    m_html = new SourceEditor(area);
    m_html->setObjectName(QStringLiteral("htmlEditor"));
    m_highlighter = new HtmlHighlighter(m_html->document());
    m_assets = new AssetsPanel(m_db, area);

    m_tabs = new QTabWidget(area);
    m_tabs->setObjectName(QStringLiteral("editorTabs"));
    m_tabs->addTab(m_html, tr("HTML"));
    m_tabs->addTab(createTextTab(), tr("Text Part"));
    m_tabs->addTab(m_assets, tr("Images && Attachments"));

    auto* toolbar = new QToolBar(area);
    toolbar->setObjectName(QStringLiteral("templateToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonIconOnly);
    toolbar->setIconSize(QSize(16, 16));

    m_sendTestButton = new QToolButton(area);
    m_sendTestButton->setObjectName(QStringLiteral("sendTestButton"));
    m_sendTestButton->setText(tr("Send Test…"));
    m_sendTestButton->setToolTip(
        tr("Send this message to an address through one of your accounts"));
    connect(m_sendTestButton, &QToolButton::clicked, this, &TemplatesPage::sendTest);

    auto* header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(toolbar);
    header->addWidget(m_sendTestButton);

    auto* layout = new QVBoxLayout(area);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addLayout(subjectRow);
    layout->addWidget(m_tabs, 1);

    m_lastEditor = m_html;
    connect(m_subject, &QLineEdit::textChanged, this, &TemplatesPage::contentChanged);
    connect(m_html, &QPlainTextEdit::textChanged, this, &TemplatesPage::contentChanged);
    return area;
}

QWidget* TemplatesPage::createTextTab()
{
    auto* tab = new QWidget(this);
    auto* automatic = new QRadioButton(tr("&Automatic: generated from the HTML"), tab);
    automatic->setObjectName(QStringLiteral("automaticTextRadio"));
    auto* custom = new QRadioButton(tr("&Custom text"), tab);
    custom->setObjectName(QStringLiteral("customTextRadio"));
    m_textMode = new QButtonGroup(tab);
    m_textMode->addButton(automatic, 0);
    m_textMode->addButton(custom, 1);
    automatic->setChecked(true);

    m_generatedText = new QPlainTextEdit(tab);
    m_generatedText->setObjectName(QStringLiteral("generatedText"));
    m_generatedText->setReadOnly(true);
    m_generatedText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_generatedText->setPlaceholderText(tr("The text part appears here as it is generated."));
    m_text = new SourceEditor(tab);
    m_text->setObjectName(QStringLiteral("textEditor"));
    m_textStack = new QStackedWidget(tab);
    m_textStack->addWidget(m_generatedText);
    m_textStack->addWidget(m_text);

    auto* modes = new QVBoxLayout;
    modes->setSpacing(2);
    modes->addWidget(automatic);
    modes->addWidget(custom);
    auto* hint = new QLabel(tr("Mail programs that show no HTML show this part. The automatic "
                               "text is made from each recipient's HTML when sending."),
                            tab);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);

    auto* layout = new QVBoxLayout(tab);
    layout->addLayout(modes);
    layout->addWidget(hint);
    layout->addWidget(m_textStack, 1);

    connect(m_textMode, &QButtonGroup::idClicked, this, [this](int id) { setCustomText(id == 1); });
    connect(m_text, &QPlainTextEdit::textChanged, this, &TemplatesPage::contentChanged);
    return tab;
}

void TemplatesPage::createActions()
{
    QStyle* s = style();
    m_saveAction = new QAction(s->standardIcon(QStyle::SP_DialogSaveButton), tr("&Save"), this);
    m_saveAction->setObjectName(QStringLiteral("saveTemplateAction"));
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_saveAction->setToolTip(
        tr("Save the template (%1)")
            .arg(QKeySequence(QKeySequence::Save).toString(QKeySequence::NativeText)));
    connect(m_saveAction, &QAction::triggered, this, [this] { save(); });

    m_undoAction = new QAction(s->standardIcon(QStyle::SP_ArrowBack), tr("&Undo"), this);
    m_undoAction->setObjectName(QStringLiteral("undoAction"));
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_undoAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_undoAction, &QAction::triggered, this, [this] {
        if (auto* line = qobject_cast<QLineEdit*>(activeEditor()))
            line->undo();
        else if (auto* edit = qobject_cast<QPlainTextEdit*>(activeEditor()))
            edit->undo();
    });
    m_redoAction = new QAction(s->standardIcon(QStyle::SP_ArrowForward), tr("&Redo"), this);
    m_redoAction->setObjectName(QStringLiteral("redoAction"));
    m_redoAction->setShortcut(QKeySequence::Redo);
    m_redoAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_redoAction, &QAction::triggered, this, [this] {
        if (auto* line = qobject_cast<QLineEdit*>(activeEditor()))
            line->redo();
        else if (auto* edit = qobject_cast<QPlainTextEdit*>(activeEditor()))
            edit->redo();
    });
    addActions({m_saveAction, m_undoAction, m_redoAction});

    auto* toolbar = findChild<QToolBar*>(QStringLiteral("templateToolbar"));
    toolbar->addAction(m_saveAction);
    toolbar->addAction(m_undoAction);
    toolbar->addAction(m_redoAction);
}

QWidget* TemplatesPage::activeEditor() const
{
    if (m_lastEditor == m_text && m_textMode->checkedId() != 1)
        return m_html;
    return m_lastEditor ? m_lastEditor : m_html;
}

void TemplatesPage::setEditorsEnabled(bool enabled)
{
    for (QWidget* widget :
         {static_cast<QWidget*>(m_subject), static_cast<QWidget*>(m_tabs),
          static_cast<QWidget*>(m_fieldButton), static_cast<QWidget*>(m_sendTestButton)})
        widget->setEnabled(enabled);
    m_saveAction->setEnabled(enabled);
    updateUndoActions();
}

void TemplatesPage::updateUndoActions()
{
    bool undo = false;
    bool redo = false;
    if (m_templateId > 0) {
        if (auto* line = qobject_cast<QLineEdit*>(activeEditor())) {
            undo = line->isUndoAvailable();
            redo = line->isRedoAvailable();
        } else if (auto* edit = qobject_cast<QPlainTextEdit*>(activeEditor())) {
            undo = edit->document()->isUndoAvailable();
            redo = edit->document()->isRedoAvailable();
        }
    }
    m_undoAction->setEnabled(undo);
    m_redoAction->setEnabled(redo);
}

void TemplatesPage::loadTemplate(qint64 id)
{
    // Whatever was shown is gone (switched away, deleted): never offer to save it again.
    m_loading = true;
    m_templateId = 0;
    m_stored = {};
    m_subject->clear();
    m_html->clear();
    m_text->clear();
    m_generatedText->clear();
    m_assets->setTemplate(0, {});
    m_problems->setProblems({});
    m_loading = false;
    setEditorsEnabled(false);
    updateTitle();
    if (id <= 0)
        return;
    runInBackground(
        this, [db = m_db, id] { return Storage::TemplateRepository(db).byId(id); },
        [this, id](const Result<Storage::StoredTemplate>& stored) {
            if (id != m_list->currentTemplateId())
                return; // the user moved on meanwhile
            if (!stored) {
                emit statusMessage(stored.error().describe());
                return;
            }
            showTemplate(*stored);
        });
}

void TemplatesPage::showTemplate(const Storage::StoredTemplate& stored)
{
    m_loading = true;
    m_stored = stored;
    m_templateId = stored.id;
    m_subject->setText(stored.subject);
    m_subject->setCursorPosition(0);
    m_html->setPlainText(stored.html);
    m_text->setPlainText(stored.text);
    const bool custom = !stored.text.isNull();
    m_textMode->button(custom ? 1 : 0)->setChecked(true);
    m_textStack->setCurrentWidget(custom ? static_cast<QWidget*>(m_text) : m_generatedText);
    m_html->document()->setModified(false);
    m_text->document()->setModified(false);
    m_assets->setTemplate(stored.id, stored.assets);
    m_preview->setInlineImages(stored.assets);
    m_loading = false;
    setEditorsEnabled(true);
    updateTitle();
    refreshNow();
}

bool TemplatesPage::isModified() const
{
    if (m_templateId <= 0)
        return false;
    const bool custom = m_textMode->checkedId() == 1;
    return m_subject->text() != m_stored.subject || m_html->document()->isModified() ||
           custom != !m_stored.text.isNull() || (custom && m_text->document()->isModified());
}

void TemplatesPage::contentChanged()
{
    if (m_loading)
        return;
    updateTitle();
    updateUndoActions();
    scheduleAnalysis();
}

void TemplatesPage::setCustomText(bool custom)
{
    if (custom && m_text->toPlainText().isEmpty()) {
        // Start from what would be sent: editing beats writing from scratch.
        m_text->setPlainText(m_generatedText->toPlainText());
    }
    m_textStack->setCurrentWidget(custom ? static_cast<QWidget*>(m_text) : m_generatedText);
    if (custom)
        m_text->setFocus();
    contentChanged();
}

void TemplatesPage::updateTitle()
{
    const bool modified = isModified();
    QString title = m_templateId > 0 ? m_stored.name : tr("No template selected");
    if (modified)
        title += QStringLiteral(" *");
    m_title->setText(title);
    m_title->setToolTip(modified ? tr("%1 — unsaved changes").arg(m_stored.name) : title);
    if (m_templateId > 0)
        m_list->setCurrentDisplayName(modified ? m_stored.name + QStringLiteral(" *")
                                               : m_stored.name);
    if (m_shownModified != modified) {
        m_shownModified = modified;
        emit modificationChanged(modified);
    }
}

bool TemplatesPage::maybeSave(std::function<void()> proceed)
{
    if (!isModified())
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Unsaved Changes"),
                    tr("The template \"%1\" has unsaved changes.").arg(m_stored.name),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("unsavedChangesDialog"));
    box.setInformativeText(tr("Do you want to save them?"));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        save(std::move(proceed));
        return false;
    case QMessageBox::Discard:
        showTemplate(m_stored);
        return true;
    default:
        return false;
    }
}

void TemplatesPage::save(std::function<void()> then)
{
    if (m_templateId <= 0 || m_saving)
        return;
    Storage::StoredTemplate edited = m_stored;
    // Empty but never null: a null QString is SQL NULL, and a null text means "none".
    auto notNull = [](const QString& text) { return text.isNull() ? QStringLiteral("") : text; };
    edited.subject = notNull(m_subject->text());
    edited.html = notNull(m_html->toPlainText());
    edited.text = m_textMode->checkedId() == 1 ? notNull(m_text->toPlainText()) : QString();
    m_saving = true;
    m_saveAction->setEnabled(false);
    runInBackground(
        this, [db = m_db, edited] { return Storage::TemplateRepository(db).update(edited); },
        [this, edited, then = std::move(then)](const Result<Storage::StoredTemplate>& updated) {
            m_saving = false;
            m_saveAction->setEnabled(m_templateId > 0);
            if (!updated) {
                QMessageBox::warning(this, tr("Save Template"), updated.error().describe());
                return;
            }
            if (edited.id != m_templateId)
                return;
            const QList<Storage::TemplateAsset> assets = m_stored.assets;
            m_stored = *updated;
            m_stored.assets = assets;
            // Typing may have gone on while the database was written.
            if (m_html->toPlainText() == edited.html)
                m_html->document()->setModified(false);
            if (m_textMode->checkedId() == 1 && m_text->toPlainText() == edited.text)
                m_text->document()->setModified(false);
            updateTitle();
            emit statusMessage(tr("Saved \"%1\".").arg(m_stored.name));
            emit saved(m_templateId);
            if (then)
                then();
        });
}

void TemplatesPage::scheduleAnalysis()
{
    if (m_templateId > 0)
        m_debounce->start();
}

void TemplatesPage::refreshNow()
{
    m_debounce->stop();
    startAnalysis();
}

void TemplatesPage::startAnalysis()
{
    if (m_templateId <= 0)
        return;
    if (m_analysisRunning) {
        // One run at a time: the machine's cores are shared with the send engine.
        m_analysisPending = true;
        return;
    }
    AnalysisInput input = snapshot();
    input.generation = ++m_generation;
    if (m_listFacts && m_listFacts->listId == input.listId)
        input.listFacts = m_listFacts;
    m_analysisRunning = true;
    m_analysisPending = false;
    runInBackground(
        this, [input] { return TemplateAnalysis::run(input); },
        [this](const AnalysisResult& result) {
            m_analysisRunning = false;
            showAnalysis(result);
            if (m_analysisPending)
                startAnalysis();
        });
}

void TemplatesPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    // Lists, contacts and templates change on other pages and from the command line.
    if (m_shownBefore) {
        m_list->reload();
        m_preview->reloadLists();
    }
    m_shownBefore = true;
}

AnalysisInput TemplatesPage::snapshot() const
{
    AnalysisInput input;
    input.db = m_db;
    input.subject = m_subject->text();
    input.html = m_html->toPlainText();
    input.customText = m_textMode->checkedId() == 1;
    input.text = m_text->toPlainText();
    input.listId = m_preview->listId();
    input.contactId = m_preview->contactId();
    input.assets = m_stored.assets;
    return input;
}

void TemplatesPage::sendTest()
{
    if (m_templateId <= 0)
        return;
    auto* dialog = new SendTestDialog(m_db, snapshot(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SendTestDialog::sent, this, &TemplatesPage::statusMessage);
    dialog->open();
}

void TemplatesPage::readListFacts(qint64 listId)
{
    // The checks of the old list no longer hold; the new list's come when read.
    m_listFacts.reset();
    rebuildFieldMenu();
    scheduleAnalysis();
    if (listId <= 0)
        return;
    // A pass over a big list takes seconds: the preview does not wait for it.
    runInBackground(
        this, [db = m_db, listId] { return TemplateAnalysis::readListFacts(db, listId); },
        [this, listId](const Result<ListFacts>& facts) {
            if (listId != m_preview->listId())
                return; // another list was chosen meanwhile; its own read follows
            if (!facts) {
                emit statusMessage(facts.error().describe());
                return;
            }
            m_listFacts = *facts;
            rebuildFieldMenu();
            refreshNow();
        });
}

void TemplatesPage::showAnalysis(const AnalysisResult& result)
{
    if (result.generation != m_generation || m_templateId <= 0)
        return; // the editor changed since: a newer run follows
    if (result.rendered)
        m_preview->showRendering(result.subject, result.html, result.messageBytes);
    else
        m_preview->showStale(tr("Fix the errors listed below to update the preview."));
    const int scroll = m_generatedText->verticalScrollBar()->value();
    m_generatedText->setPlainText(result.generatedText);
    m_generatedText->verticalScrollBar()->setValue(scroll);
    m_problems->setProblems(result.problems);
    m_bottomTabs->setTabText(0, result.problems.isEmpty()
                                    ? tr("Problems")
                                    : tr("Problems (%1)").arg(result.problems.size()));
    emit analysisShown();
}

void TemplatesPage::rebuildFieldMenu()
{
    m_fieldMenu->clear();
    auto add = [this](const QString& field) {
        QAction* action = m_fieldMenu->addAction(field);
        action->setData(field);
        connect(action, &QAction::triggered, this,
                [this, field] { insertAtCursor(mergeTag(field)); });
    };
    m_fieldMenu->addSection(tr("Contact fields"));
    for (const QString& field : Template::TemplateCheck::standardFields())
        add(field);
    if (m_listFacts && m_listFacts->listId > 0) {
        QStringList custom = m_listFacts->fields;
        custom.sort(Qt::CaseInsensitive);
        for (const QString& field : custom)
            add(field);
    } else {
        m_fieldMenu->addAction(tr("Choose a list in the preview to see its own fields"))
            ->setEnabled(false);
    }
    m_fieldMenu->addSection(tr("Built-in"));
    for (const QString& field : Template::Template::builtIns())
        add(field);
}

void TemplatesPage::insertAtCursor(const QString& text)
{
    QWidget* editor = activeEditor();
    if (auto* line = qobject_cast<QLineEdit*>(editor)) {
        line->insert(text);
        line->setFocus();
    } else if (auto* edit = qobject_cast<QPlainTextEdit*>(editor)) {
        m_tabs->setCurrentWidget(edit == m_html ? static_cast<QWidget*>(m_html)
                                                : m_textStack->parentWidget());
        edit->insertPlainText(text);
        edit->setFocus();
    }
}

void TemplatesPage::jumpTo(const TemplateProblem& problem)
{
    switch (problem.source) {
    case TemplateProblem::Source::Html:
        m_tabs->setCurrentWidget(m_html);
        m_html->goTo(problem.line, problem.column);
        break;
    case TemplateProblem::Source::Text:
        m_tabs->setCurrentWidget(m_textStack->parentWidget());
        m_text->goTo(problem.line, problem.column);
        break;
    case TemplateProblem::Source::Subject:
        m_subject->setFocus(Qt::OtherFocusReason);
        m_subject->setCursorPosition(qMax(problem.column - 1, 0));
        break;
    case TemplateProblem::Source::Message:
        break;
    }
}

} // namespace Postroom::Ui
