#pragma once

#include <QCoreApplication>
#include <QFuture>
#include <QObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>

namespace Postroom::Ui {

/**
 * Runs @p work on the thread pool and hands its result to @p done on the GUI thread,
 * unless @p context is gone by then. The GUI never waits on the database.
 */
template <typename Work, typename Done> void runInBackground(QObject* context, Work work, Done done)
{
    using Value = std::invoke_result_t<Work>;
    static_assert(!std::is_void_v<Value>, "the work must return its result");
    // Not then(context, …): Qt 6.4 asserts that the context still lives when the work
    // ends, so closing a page while its query runs would abort a debug build. The guard
    // is checked on the GUI thread, where widgets are deleted, so it cannot go stale.
    QtConcurrent::run(std::move(work))
        .then(QtFuture::Launch::Sync,
              [guard = QPointer<QObject>(context), done = std::move(done)](Value value) mutable {
                  QMetaObject::invokeMethod(
                      QCoreApplication::instance(),
                      [guard, done = std::move(done), value = std::move(value)]() mutable {
                          if (guard)
                              done(std::move(value));
                      },
                      Qt::QueuedConnection);
              });
}

} // namespace Postroom::Ui
