#include "core/common/Log.h"

Q_LOGGING_CATEGORY(lcStorage, "postroom.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcContacts, "postroom.contacts", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSend, "postroom.send", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTrack, "postroom.track", QtInfoMsg)
