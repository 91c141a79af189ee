#pragma once

#include "core/common/Result.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QSet>
#include <QVariant>

#include <functional>

namespace Postroom::Ui {

/**
 * A table model over a query too large to hold: it knows the row count and keeps a
 * few pages of rows, fetched on the thread pool when the view first asks for them.
 * Subclasses say how to count and fetch (as jobs that run off the GUI thread) and
 * how a row shows. A million rows cost a count and the pages actually looked at.
 */
class WindowedTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    /** One fetched row; subclasses wrap their row struct in it. */
    using Rows = QList<QVariant>;
    /** Counts the rows of the current query; runs on a pool thread. */
    using CountJob = std::function<Result<qint64>()>;
    /**
     * Fetches @p limit rows from @p offset; runs on a pool thread. With @p reversed
     * the offset counts from the other end in the opposite order, and the job returns
     * the rows in that opposite order (the model turns them round).
     */
    using PageJob = std::function<Result<Rows>(qint64 offset, int limit, bool reversed)>;

    static constexpr int kPageSize = 200;

    explicit WindowedTableModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    /** The row's data if its page is loaded, else an invalid QVariant (and a fetch starts). */
    QVariant rowAt(int row) const;
    bool isRowLoaded(int row) const;
    /** True once the exact count of the current query is known. */
    bool isCountKnown() const { return m_countKnown; }
    /** True while a count or a page of the current query is being fetched. */
    bool isBusy() const;
    /** Pages held now; a test sees that a million rows are not all loaded. */
    int loadedPageCount() const { return static_cast<int>(m_pages.size()); }

public slots:
    /** Fetches again for the same query (after an edit), keeping the rows shown until then. */
    void refresh();

signals:
    /** The exact number of rows of the current query is known. */
    void countKnown(qint64 count);
    /** A page of rows arrived and is shown. */
    void pageLoaded(int page);
    void errorOccurred(const QString& message);

protected:
    /** Starts over for a changed query: the rows go, the count and first page are fetched. */
    void restart();

    virtual CountJob countJob() const = 0;
    virtual PageJob pageJob() const = 0;
    /** What the view shows for @p row (the subclass's struct in a QVariant). */
    virtual QVariant cell(const QVariant& row, int column, int role) const = 0;
    /** Whether pageJob() can read in the opposite order (pages far down read faster). */
    virtual bool canReadBackwards() const { return true; }
    /** What an unloaded row shows in @p column. */
    virtual QVariant placeholder(int column, int role) const;

private:
    struct Page
    {
        Rows rows;
        bool stale = false;
    };

    void start(bool keepRows);
    void startCount();
    void requestPage(int page) const;
    void fetchMore() const;
    void fetchPage(int page) const;
    void pageArrived(quint64 generation, int page, Result<Rows> rows);
    void countArrived(quint64 generation, Result<qint64> count);
    void setRowCount(qint64 count);
    void touch(int page) const;

    quint64 m_generation = 0;
    int m_rows = 0;
    bool m_countKnown = false;
    bool m_counting = false;
    bool m_countAfterFirstPage = false;
    // The cache and the fetch queue change from const data(): they are bookkeeping,
    // not the model's observable state.
    mutable QHash<int, Page> m_pages;
    mutable QList<int> m_recent;  // most recently used page last, for eviction
    mutable QList<int> m_wanted;  // pages asked for, not yet fetching, newest last
    mutable QSet<int> m_fetching; // pages on their way
};

} // namespace Postroom::Ui
