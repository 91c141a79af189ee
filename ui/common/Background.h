#pragma once

#include <QFuture>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

namespace Postroom::Ui {

/**
 * Runs @p work on the thread pool and hands its result to @p done on @p context's
 * thread, unless @p context is gone by then. The GUI never waits on the database.
 */
template <typename Work, typename Done> void runInBackground(QObject* context, Work work, Done done)
{
    QtConcurrent::run(std::move(work)).then(context, std::move(done));
}

} // namespace Postroom::Ui
