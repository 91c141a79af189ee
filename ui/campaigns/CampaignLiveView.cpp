#include "ui/campaigns/CampaignLiveView.h"

#include <QDateTime>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Postroom::Ui {

namespace {

/** A big number with its caption under it. */
QLabel* counter(QWidget* parent, QGridLayout* grid, int position, const QString& caption,
                const QString& objectName, const QString& color = {})
{
    auto* value = new QLabel(QStringLiteral("0"), parent);
    value->setObjectName(objectName);
    QFont font = value->font();
    font.setPointSizeF(font.pointSizeF() * 1.8);
    font.setBold(true);
    value->setFont(font);
    value->setAlignment(Qt::AlignCenter);
    if (!color.isEmpty())
        value->setStyleSheet(QStringLiteral("color: %1;").arg(color));
    auto* label = new QLabel(caption, parent);
    label->setAlignment(Qt::AlignCenter);
    // Two rows of four: narrow enough beside the campaigns list.
    const int row = (position / 4) * 2;
    const int column = position % 4;
    grid->addWidget(value, row, column);
    grid->addWidget(label, row + 1, column);
    return value;
}

QTableWidget* table(QWidget* parent, const QString& objectName, const QStringList& headers)
{
    auto* widget = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    widget->setObjectName(objectName);
    widget->setHorizontalHeaderLabels(headers);
    widget->setEditTriggers(QAbstractItemView::NoEditTriggers);
    widget->setSelectionBehavior(QAbstractItemView::SelectRows);
    widget->verticalHeader()->hide();
    widget->setWordWrap(false);
    widget->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    widget->horizontalHeader()->setSectionResizeMode(static_cast<int>(headers.size()) - 1,
                                                     QHeaderView::Stretch);
    widget->setAlternatingRowColors(true);
    return widget;
}

QTableWidgetItem* item(const QString& text, Qt::Alignment alignment = Qt::AlignLeft)
{
    auto* cell = new QTableWidgetItem(text);
    cell->setTextAlignment(alignment | Qt::AlignVCenter);
    return cell;
}

QString rateText(double perSecond)
{
    if (perSecond <= 0)
        return CampaignLiveView::tr("—");
    if (perSecond < 1)
        return CampaignLiveView::tr("%1/min").arg(QLocale().toString(perSecond * 60, 'f', 1));
    return CampaignLiveView::tr("%1/s").arg(QLocale().toString(perSecond, 'f', 1));
}

} // namespace

CampaignLiveView::CampaignLiveView(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("campaignLiveView"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("liveTitle"));
    m_title->setTextFormat(Qt::PlainText);
    QFont font = m_title->font();
    font.setPointSizeF(font.pointSizeF() * 1.3);
    font.setBold(true);
    m_title->setFont(font);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("liveState"));

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("liveProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setFormat(QString());

    auto* counters = new QFrame(this);
    counters->setFrameShape(QFrame::StyledPanel);
    auto* grid = new QGridLayout(counters);
    m_total = counter(counters, grid, 0, tr("Recipients"), QStringLiteral("totalCount"));
    m_sent = counter(counters, grid, 1, tr("Sent"), QStringLiteral("sentCount"),
                     QStringLiteral("#1b7f3b"));
    m_queued = counter(counters, grid, 2, tr("Queued"), QStringLiteral("queuedCount"));
    m_deferred = counter(counters, grid, 3, tr("Deferred"), QStringLiteral("deferredCount"),
                         QStringLiteral("#a06000"));
    m_failed = counter(counters, grid, 4, tr("Failed"), QStringLiteral("failedCount"),
                       QStringLiteral("#b00020"));
    m_bounced = counter(counters, grid, 5, tr("Bounced"), QStringLiteral("bouncedCount"),
                        QStringLiteral("#b00020"));
    m_skipped = counter(counters, grid, 6, tr("Skipped"), QStringLiteral("skippedCount"));

    m_rate = new QLabel(this);
    m_rate->setObjectName(QStringLiteral("liveRate"));
    m_eta = new QLabel(this);
    m_eta->setObjectName(QStringLiteral("liveEta"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("liveMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Room for two lines: a wrapped label beside a splitter is not given its height.
    m_message->setMinimumHeight(m_message->fontMetrics().lineSpacing() * 2 + 4);
    auto* rateRow = new QHBoxLayout;
    rateRow->addWidget(m_rate);
    rateRow->addSpacing(24);
    rateRow->addWidget(m_eta);
    rateRow->addStretch();

    auto* accountsBox = new QGroupBox(tr("Accounts"), this);
    m_accounts =
        table(accountsBox, QStringLiteral("liveAccounts"),
              {tr("Account"), tr("Rate"), tr("In flight"), tr("Sent"), tr("Errors"), tr("Note")});
    auto* accountsLayout = new QVBoxLayout(accountsBox);
    accountsLayout->addWidget(m_accounts);

    auto* errorsBox = new QGroupBox(tr("Latest errors"), this);
    m_errors = table(errorsBox, QStringLiteral("liveErrors"),
                     {tr("Time"), tr("Recipient"), tr("Account"), tr("Kind"), tr("Server reply")});
    auto* errorsLayout = new QVBoxLayout(errorsBox);
    errorsLayout->addWidget(m_errors);

    auto* layout = new QVBoxLayout(this);
    auto* titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title);
    titleRow->addStretch();
    titleRow->addWidget(m_state);
    layout->addLayout(titleRow);
    layout->addWidget(m_progress);
    layout->addWidget(counters);
    layout->addLayout(rateRow);
    layout->addWidget(m_message);
    layout->addWidget(accountsBox, 2);
    layout->addWidget(errorsBox, 3);
    clear();
}

void CampaignLiveView::clear()
{
    m_title->setText(tr("No campaign chosen"));
    m_state->clear();
    showCounts(Send::CampaignStatus{});
    m_rate->clear();
    m_eta->clear();
    m_message->clear();
    showAccounts({});
    showErrors({});
}

void CampaignLiveView::showCampaign(const QString& name, const Send::CampaignStatus& status,
                                    const std::optional<Send::SendProgress>& last)
{
    m_title->setText(name);
    showCounts(status);
    m_message->clear();
    if (last) {
        showAccounts(last->accounts);
        showErrors(last->latestErrors);
    } else {
        showAccounts({});
        showErrors({});
    }
    m_rate->setText(tr("Rate: %1").arg(rateText(0)));
    m_eta->clear();
}

void CampaignLiveView::showProgress(const Send::SendProgress& progress)
{
    showCounts(progress.status);
    m_rate->setText(tr("Rate: %1").arg(rateText(progress.ratePerSecond)));
    m_eta->setText(progress.etaSeconds >= 0 ? tr("Time left: %1").arg(etaText(progress.etaSeconds))
                                            : QString());
    m_message->setText(progress.stopping ? tr("Stopping: messages on the wire are finishing…")
                                         : QString());
    showAccounts(progress.accounts);
    showErrors(progress.latestErrors);
}

void CampaignLiveView::showStopped(const Send::CampaignStatus& status, const QString& error)
{
    showCounts(status);
    m_rate->setText(tr("Rate: %1").arg(rateText(0)));
    m_eta->clear();
    if (!error.isEmpty() && status.isDraft())
        m_message->setText(error); // a scheduled start that was held back: says why
    else if (status.state == Send::CampaignState::Draft)
        m_message->setText(tr("Not sent yet. Send… checks the campaign, says how many "
                              "recipients it reaches, and starts it."));
    else if (status.state == Send::CampaignState::Scheduled)
        m_message->setText(
            tr("Starts by itself at %1 if Postroom is running then (or as soon as it is "
               "opened after that). Send… starts it now.")
                .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(status.scheduledAtMs),
                                        QLocale::ShortFormat)));
    else if (!error.isEmpty())
        m_message->setText(tr("Sending stopped: %1").arg(error));
    else if (status.state == Send::CampaignState::Waiting)
        m_message->setText(tr("Deferred recipients are retried when their time comes, while "
                              "Postroom runs."));
    else
        m_message->clear();
}

QString CampaignLiveView::etaText(qint64 seconds)
{
    if (seconds < 60)
        return tr("less than a minute");
    if (seconds < 3600)
        return tr("about %n min", nullptr, static_cast<int>((seconds + 30) / 60));
    const qint64 hours = seconds / 3600;
    const qint64 minutes = (seconds % 3600) / 60;
    return tr("about %1 h %2 min").arg(hours).arg(minutes);
}

void CampaignLiveView::showCounts(const Send::CampaignStatus& status)
{
    const QLocale locale;
    m_total->setText(locale.toString(status.total));
    m_sent->setText(locale.toString(status.sent));
    m_queued->setText(locale.toString(status.queued + status.sending));
    m_deferred->setText(locale.toString(status.deferred));
    m_failed->setText(locale.toString(status.failed + status.expired));
    m_bounced->setText(locale.toString(status.bounced));
    m_skipped->setText(locale.toString(status.skipped));
    m_state->setText(status.campaignId ? Send::CampaignStatus::stateLabel(status.state)
                                       : QString());
    m_progress->setValue(
        status.total > 0 ? static_cast<int>(status.finished() * 1000 / status.total) : 0);
    m_progress->setFormat(status.total > 0 ? tr("%1 of %2 done")
                                                 .arg(locale.toString(status.finished()),
                                                      locale.toString(status.total))
                                           : QString());
}

void CampaignLiveView::showAccounts(const QList<Send::AccountProgress>& accounts)
{
    m_accounts->setRowCount(static_cast<int>(accounts.size()));
    const QLocale locale;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int row = 0; row < accounts.size(); ++row) {
        const Send::AccountProgress& account = accounts.at(row);
        QString note;
        if (!account.disabledReason.isEmpty())
            note = tr("Out of this campaign: %1").arg(account.disabledReason);
        else if (account.backingOffUntilMs > now)
            note = tr("Backing off for %n s (the server asked to slow down)", nullptr,
                      static_cast<int>((account.backingOffUntilMs - now + 999) / 1000));
        const auto right = Qt::AlignRight;
        m_accounts->setItem(row, 0, item(account.name));
        m_accounts->setItem(row, 1, item(rateText(account.ratePerSecond), right));
        m_accounts->setItem(
            row, 2, item(tr("%1 of %2").arg(account.inFlight).arg(account.maxConnections), right));
        m_accounts->setItem(row, 3, item(locale.toString(account.sent), right));
        m_accounts->setItem(row, 4, item(locale.toString(account.errors), right));
        m_accounts->setItem(row, 5, item(note));
        if (!account.disabledReason.isEmpty() || account.errors > 0)
            m_accounts->item(row, account.disabledReason.isEmpty() ? 4 : 5)
                ->setForeground(QColor(0xb0, 0x00, 0x20));
    }
}

void CampaignLiveView::showErrors(const QList<Send::SendErrorInfo>& errors)
{
    m_errors->setRowCount(static_cast<int>(errors.size()));
    // Newest first: the report keeps them newest last.
    for (int i = 0; i < errors.size(); ++i) {
        const Send::SendErrorInfo& error = errors.at(errors.size() - 1 - i);
        QString reply = error.reply;
        if (error.smtpCode > 0) {
            reply = error.enhancedStatus.isEmpty() || reply.startsWith(error.enhancedStatus)
                        ? QStringLiteral("%1 %2").arg(error.smtpCode).arg(reply)
                        : QStringLiteral("%1 %2 %3")
                              .arg(error.smtpCode)
                              .arg(error.enhancedStatus, reply);
        }
        m_errors->setItem(i, 0,
                          item(QLocale().toString(QDateTime::fromMSecsSinceEpoch(error.atMs).time(),
                                                  QLocale::ShortFormat)));
        m_errors->setItem(i, 1, item(error.email));
        m_errors->setItem(i, 2, item(error.account));
        m_errors->setItem(i, 3, item(error.outcome));
        auto* replyItem = item(reply);
        replyItem->setToolTip(reply);
        m_errors->setItem(i, 4, replyItem);
    }
}

} // namespace Postroom::Ui
