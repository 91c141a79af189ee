#pragma once

#include <QLoggingCategory>

// One category per module so users can enable e.g. QT_LOGGING_RULES="postroom.send.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcStorage)
Q_DECLARE_LOGGING_CATEGORY(lcContacts)
Q_DECLARE_LOGGING_CATEGORY(lcSend)
Q_DECLARE_LOGGING_CATEGORY(lcTrack)
