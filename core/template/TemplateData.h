#pragma once

#include "core/template/Template.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Postroom::Template {

/** Which built-in a slot is, or None for a contact field. */
enum class BuiltIn : qint8
{
    None = -1,
    UnsubscribeUrl = 0,
    CampaignName = 1,
    MessageId = 2,
};

/** One step of a compiled template; the renderer runs them in order. */
struct Instruction
{
    enum class Op : quint8
    {
        Text,        ///< write texts[arg]
        Field,       ///< write slot's value, or texts[fallback] when it is empty
        JumpIfEmpty, ///< when slot's value is empty, continue at arg
        Jump,        ///< continue at arg
    };
    Op op = Op::Text;
    int arg = 0;       ///< text index or jump target
    int slot = -1;     ///< field slot for Field and JumpIfEmpty
    int fallback = -1; ///< text index of the fallback, -1 when there is none
};

/**
 * The compiled form of a Template (internal to core/template): a flat instruction list
 * with jumps instead of a tree, so rendering is one loop without recursion, and every
 * text chunk kept both as UTF-16 and as UTF-8 so byte output needs no conversion.
 */
struct Template::Data
{
    QString source;
    QList<Instruction> code;
    QStringList texts;           ///< literal chunks and fallbacks
    QList<QByteArray> textsUtf8; ///< the same, UTF-8 encoded
    QStringList slotKeys;        ///< distinct field keys; an instruction's slot indexes these
    QList<BuiltIn> slotBuiltIns; ///< per slot
    QList<FieldUse> uses;
    qsizetype literalSize = 0;     ///< UTF-16 length of all Text instructions' chunks
    qsizetype literalUtf8Size = 0; ///< the same in UTF-8 bytes
};

} // namespace Postroom::Template
