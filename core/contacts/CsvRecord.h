#pragma once

#include <QString>
#include <QStringList>

namespace Postroom::Contacts {

/** Why a CSV record could not be read as-is; the reader still returns what it could. */
enum class CsvProblem
{
    None,
    UnterminatedQuote, ///< a quoted field ran to the end of the input
    RecordTooLong,     ///< more characters than CsvReader::Options::maxRecordChars (truncated)
    TooManyFields,     ///< more fields than CsvReader::Options::maxFields (the rest dropped)
    NulCharacter,      ///< a U+0000 inside a field (a binary file, or a broken export)
    InvalidEncoding,   ///< bytes that are not valid in the file's encoding (shown as U+FFFD)
};

/** One record (row) of a CSV file. */
struct CsvRecord
{
    QStringList fields;                    ///< decoded fields, quotes removed
    qint64 line = 0;                       ///< 1-based physical line where the record starts
    CsvProblem problem = CsvProblem::None; ///< the first problem found, if any

    bool isValid() const { return problem == CsvProblem::None; }
};

} // namespace Postroom::Contacts
