#pragma once

#include <QTest>

/**
 * QVERIFY for a Result<T>: on failure the test log shows the error's description.
 * The expression is evaluated once (QVERIFY2 in Qt 6.4 evaluates its description even
 * when the check passes, which would run an operation twice).
 */
#define VERIFY_OK(expression)                                                                      \
    do {                                                                                           \
        const auto& verifyOkResult = (expression);                                                 \
        QVERIFY2(verifyOkResult.ok(),                                                              \
                 qPrintable(verifyOkResult.ok() ? QString() : verifyOkResult.error().describe())); \
    } while (false)
