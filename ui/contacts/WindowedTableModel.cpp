#include "ui/contacts/WindowedTableModel.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent/qtconcurrenttask.h>

#include <algorithm>
#include <limits>

namespace Postroom::Ui {
namespace {

constexpr int kMaxCachedPages = 40;
constexpr int kMaxFetching = 2;
// Only the pages asked for last are worth fetching: a fast scroll passes many.
constexpr int kMaxWanted = 6;

// Reads for windowed models run on their own pool so a slow count (a search over a
// million rows) never queues behind, or in front of, other background work. Its
// threads never expire: each holds a database connection for its life.
QThreadPool* readPool()
{
    static QThreadPool* pool = [] {
        auto* p = new QThreadPool;
        p->setMaxThreadCount(3);
        p->setExpiryTimeout(-1);
        return p;
    }();
    return pool;
}

// Pages the user is looking at come before counts.
constexpr int kPagePriority = 1;
constexpr int kCountPriority = 0;

// Hands a finished fetch to @p done on the model's thread. A watcher owned by the model,
// not QFuture::then(context): Qt 6.4's then() asserts that the context still lives when
// the work ends, and a model goes away with its page while a count may still be running.
template <typename T, typename Done> void whenDone(QObject* owner, QFuture<T> future, Done done)
{
    auto* watcher = new QFutureWatcher<T>(owner);
    QObject::connect(watcher, &QFutureWatcherBase::finished, owner,
                     [watcher, done = std::move(done)]() mutable {
                         done(watcher->result());
                         watcher->deleteLater();
                     });
    watcher->setFuture(std::move(future));
}

} // namespace

WindowedTableModel::WindowedTableModel(QObject* parent) : QAbstractTableModel(parent) {}

int WindowedTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

QVariant WindowedTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows)
        return {};
    const QVariant row = rowAt(index.row());
    return row.isValid() ? cell(row, index.column(), role) : placeholder(index.column(), role);
}

QVariant WindowedTableModel::placeholder(int column, int role) const
{
    if (role == Qt::DisplayRole && column == 0)
        return QStringLiteral("…");
    return {};
}

QVariant WindowedTableModel::rowAt(int row) const
{
    const int page = row / kPageSize;
    const auto it = m_pages.constFind(page);
    if (it == m_pages.cend()) {
        requestPage(page);
        return {};
    }
    touch(page);
    if (it->stale)
        requestPage(page);
    const int inPage = row - page * kPageSize;
    return inPage < it->rows.size() ? it->rows.at(inPage) : QVariant{};
}

bool WindowedTableModel::isRowLoaded(int row) const
{
    const auto it = m_pages.constFind(row / kPageSize);
    return it != m_pages.cend() && !it->stale &&
           row - (row / kPageSize) * kPageSize < it->rows.size();
}

bool WindowedTableModel::isBusy() const
{
    return m_counting || !m_fetching.isEmpty() || !m_wanted.isEmpty();
}

void WindowedTableModel::refresh()
{
    start(true);
}

void WindowedTableModel::restart()
{
    start(false);
}

void WindowedTableModel::start(bool keepRows)
{
    ++m_generation;
    m_fetching.clear();
    m_wanted.clear();
    if (keepRows) {
        for (Page& page : m_pages)
            page.stale = true;
        // The view asks again for what it shows, which fetches those pages anew.
        if (m_rows > 0)
            emit dataChanged(index(0, 0), index(m_rows - 1, columnCount() - 1));
    } else {
        beginResetModel();
        m_pages.clear();
        m_recent.clear();
        m_rows = 0;
        m_countKnown = false;
        endResetModel();
    }
    m_counting = true;
    if (keepRows) {
        startCount();
    } else {
        // The first page goes first, alone: it is what the user waits for, and a short
        // first page is the count already (a narrow search then never scans twice).
        m_countAfterFirstPage = true;
        requestPage(0);
    }
}

void WindowedTableModel::startCount()
{
    const quint64 generation = m_generation;
    whenDone(
        this,
        QtConcurrent::task(countJob())
            .onThreadPool(*readPool())
            .withPriority(kCountPriority)
            .spawn(),
        [this, generation](Result<qint64> count) { countArrived(generation, std::move(count)); });
}

void WindowedTableModel::requestPage(int page) const
{
    if (m_fetching.contains(page))
        return;
    m_wanted.removeOne(page);
    m_wanted.append(page);
    while (m_wanted.size() > kMaxWanted)
        m_wanted.removeFirst();
    fetchMore();
}

void WindowedTableModel::fetchMore() const
{
    while (m_fetching.size() < kMaxFetching && !m_wanted.isEmpty())
        fetchPage(m_wanted.takeLast());
}

void WindowedTableModel::fetchPage(int page) const
{
    const qint64 first = qint64(page) * kPageSize;
    int limit = kPageSize;
    qint64 offset = first;
    bool reversed = false;
    if (m_countKnown) {
        limit = static_cast<int>(std::min<qint64>(kPageSize, m_rows - first));
        if (limit <= 0)
            return;
        // Far down the table, reading from the other end skips fewer rows: the last
        // row of a million is the first of the reversed order.
        if (canReadBackwards() && first > m_rows / 2) {
            reversed = true;
            offset = m_rows - (first + limit);
        }
    }
    m_fetching.insert(page);
    const quint64 generation = m_generation;
    auto* self = const_cast<WindowedTableModel*>(this);
    auto fetch = QtConcurrent::task([job = pageJob(), offset, limit, reversed] {
                     Result<Rows> rows = job(offset, limit, reversed);
                     if (rows && reversed) {
                         Rows turned = std::move(rows).value();
                         std::reverse(turned.begin(), turned.end());
                         return Result<Rows>(std::move(turned));
                     }
                     return rows;
                 })
                     .onThreadPool(*readPool())
                     .withPriority(kPagePriority)
                     .spawn();
    whenDone(self, std::move(fetch), [self, generation, page](Result<Rows> rows) {
        self->pageArrived(generation, page, std::move(rows));
    });
}

void WindowedTableModel::pageArrived(quint64 generation, int page, Result<Rows> rows)
{
    if (generation != m_generation)
        return;
    m_fetching.remove(page);
    const bool firstPage = page == 0 && m_countAfterFirstPage;
    if (firstPage)
        m_countAfterFirstPage = false;
    if (!rows) {
        emit errorOccurred(rows.error().describe());
        if (firstPage)
            startCount();
        fetchMore();
        return;
    }
    const int size = static_cast<int>(rows->size());
    m_pages.insert(page, Page{std::move(rows).value(), false});
    touch(page);
    while (m_pages.size() > kMaxCachedPages && !m_recent.isEmpty())
        m_pages.remove(m_recent.takeFirst());

    const int first = page * kPageSize;
    if (!m_countKnown)
        setRowCount(std::max(m_rows, first + size)); // shown before the count arrives
    const int last = std::min(first + size, m_rows) - 1;
    if (last >= first)
        emit dataChanged(index(first, 0), index(last, columnCount() - 1));
    emit pageLoaded(page);
    if (firstPage) {
        if (size < kPageSize) {
            m_counting = false;
            m_countKnown = true;
            emit countKnown(size);
        } else {
            startCount();
        }
    }
    fetchMore();
}

void WindowedTableModel::countArrived(quint64 generation, Result<qint64> count)
{
    if (generation != m_generation)
        return;
    m_counting = false;
    if (!count) {
        emit errorOccurred(count.error().describe());
        return;
    }
    const bool shifted = m_countKnown && *count != m_rows;
    setRowCount(*count);
    m_countKnown = true;
    if (shifted) {
        // Rows came or went since the pages were read (and pages far down are read
        // from the end): read what is shown again, ignoring fetches already running.
        ++m_generation;
        m_fetching.clear();
        m_wanted.clear();
        for (Page& page : m_pages)
            page.stale = true;
        if (m_rows > 0)
            emit dataChanged(index(0, 0), index(m_rows - 1, columnCount() - 1));
    }
    emit countKnown(*count);
}

void WindowedTableModel::setRowCount(qint64 count)
{
    // A QAbstractItemModel counts rows in int; two billion contacts is beyond a desktop.
    const int rows = static_cast<int>(std::min<qint64>(count, std::numeric_limits<int>::max()));
    if (rows > m_rows) {
        beginInsertRows({}, m_rows, rows - 1);
        m_rows = rows;
        endInsertRows();
    } else if (rows < m_rows) {
        beginRemoveRows({}, rows, m_rows - 1);
        m_rows = rows;
        endRemoveRows();
        const int lastPage = rows == 0 ? -1 : (rows - 1) / kPageSize;
        for (auto it = m_pages.begin(); it != m_pages.end();) {
            if (it.key() > lastPage) {
                m_recent.removeOne(it.key());
                it = m_pages.erase(it);
            } else {
                ++it;
            }
        }
    }
}

void WindowedTableModel::touch(int page) const
{
    if (!m_recent.isEmpty() && m_recent.constLast() == page)
        return;
    m_recent.removeOne(page);
    m_recent.append(page);
}

} // namespace Postroom::Ui
