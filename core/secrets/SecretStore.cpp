#include "core/secrets/SecretStore.h"

Q_LOGGING_CATEGORY(lcSecrets, "postroom.secrets", QtInfoMsg)
