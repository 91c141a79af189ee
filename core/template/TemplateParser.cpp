#include "core/template/TemplateParser.h"

#include "core/template/TemplateData.h"

#include <QHash>

namespace Postroom::Template {
namespace {

const QLatin1String kOpen("{{");
const QLatin1String kClose("}}");

/** An open `{{#if}}` while parsing. */
struct OpenBlock
{
    int jumpIfEmpty = -1; ///< instruction to patch with the else/end target
    int jumpToEnd = -1;   ///< after {{else}}: the Jump to patch with the end target
    QString key;
    QString name;
    int line = 0;
    int column = 0;
};

/** Where the keyword of a block tag ends (`if` in `#if name`), or -1. */
qsizetype firstSpace(const QString& text)
{
    const auto found =
        std::find_if(text.cbegin(), text.cend(), [](QChar c) { return c.isSpace(); });
    return found == text.cend() ? -1 : found - text.cbegin();
}

/** Line and column of offsets visited in increasing order, without rescanning. */
class PositionTracker
{
public:
    explicit PositionTracker(const QString& source) : m_source(source) {}

    std::pair<int, int> at(qsizetype offset)
    {
        for (; m_scanned < offset; ++m_scanned) {
            const QChar c = m_source.at(m_scanned);
            // CRLF, LF and a lone CR each end a line, as editors count them.
            const bool crlf = c == QLatin1Char('\r') && m_scanned + 1 < m_source.size() &&
                              m_source.at(m_scanned + 1) == QLatin1Char('\n');
            if ((c == QLatin1Char('\n') || c == QLatin1Char('\r')) && !crlf) {
                ++m_line;
                m_lineStart = m_scanned + 1;
            }
        }
        return {m_line, int(offset - m_lineStart) + 1};
    }

private:
    const QString& m_source;
    qsizetype m_scanned = 0;
    qsizetype m_lineStart = 0;
    int m_line = 1;
};

class Compiler
{
    Q_DECLARE_TR_FUNCTIONS(TemplateParser)

public:
    explicit Compiler(const QString& source) : m_positions(source)
    {
        m_data = std::make_shared<Template::Data>();
        m_data->source = source;
    }

    std::optional<ParseError> run()
    {
        const QString& source = m_data->source;
        qsizetype at = 0;
        while (at < source.size()) {
            const qsizetype open = source.indexOf(kOpen, at);
            if (open < 0) {
                addText(QStringView(source).mid(at));
                break;
            }
            addText(QStringView(source).mid(at, open - at));
            const auto [line, column] = m_positions.at(open);
            const qsizetype close = source.indexOf(kClose, open + 2);
            const qsizetype nextOpen = source.indexOf(kOpen, open + 2);
            if (close < 0)
                return error(line, column, tr("Unclosed tag: this {{ has no }}."));
            if (nextOpen >= 0 && nextOpen < close)
                return error(line, column,
                             tr("Unclosed tag: a new {{ starts before this one's }}."));
            const QString inner = source.mid(open + 2, close - open - 2).trimmed();
            if (auto failed = tag(inner, line, column))
                return failed;
            at = close + 2;
        }
        if (!m_blocks.isEmpty()) {
            const OpenBlock& block = m_blocks.last();
            return error(
                block.line, block.column,
                tr("Unclosed {{#if %1}}: add {{/if}} where it should end.").arg(block.name));
        }
        return std::nullopt;
    }

    std::shared_ptr<Template::Data> data() const { return m_data; }

private:
    std::optional<ParseError> tag(const QString& inner, int line, int column)
    {
        if (inner.startsWith(QLatin1Char('#')))
            return openBlock(inner.mid(1).trimmed(), line, column);
        if (inner.startsWith(QLatin1Char('/')))
            return closeBlock(inner.mid(1).trimmed(), line, column);
        if (inner.compare(QLatin1String("else"), Qt::CaseInsensitive) == 0)
            return elseBranch(line, column);
        const qsizetype bar = inner.indexOf(QLatin1Char('|'));
        const QString name = (bar < 0 ? inner : inner.left(bar)).trimmed();
        if (auto bad = checkName(name, line, column))
            return bad;
        FieldUse use = makeUse(name, line, column);
        Instruction field{Instruction::Op::Field, 0, slotFor(use), -1};
        if (bar >= 0) {
            use.hasFallback = true;
            use.fallback = inner.mid(bar + 1).trimmed();
            if (!use.fallback.isEmpty())
                field.fallback = addChunk(use.fallback);
        }
        use.isGuarded = std::any_of(m_blocks.cbegin(), m_blocks.cend(), [&](const OpenBlock& b) {
            return b.key == use.key && b.jumpToEnd < 0;
        });
        m_data->uses.append(use);
        m_data->code.append(field);
        return std::nullopt;
    }

    std::optional<ParseError> openBlock(const QString& body, int line, int column)
    {
        const qsizetype space = firstSpace(body);
        const QString keyword = space < 0 ? body : body.left(space);
        if (keyword.compare(QLatin1String("if"), Qt::CaseInsensitive) != 0)
            return error(
                line, column,
                tr("Unknown block {{#%1}}: the only block is {{#if field}}.").arg(keyword));
        const QString name = space < 0 ? QString() : body.mid(space + 1).trimmed();
        if (name.isEmpty())
            return error(line, column, tr("{{#if}} needs a field name: {{#if first_name}}."));
        if (name.contains(QLatin1Char('|')))
            return error(line, column, tr("A condition has no fallback: remove the | part."));
        if (auto bad = checkName(name, line, column))
            return bad;
        FieldUse use = makeUse(name, line, column);
        use.isCondition = true;
        const int slot = slotFor(use);
        m_data->uses.append(use);
        m_blocks.append(OpenBlock{int(m_data->code.size()), -1, use.key, name, line, column});
        m_data->code.append(Instruction{Instruction::Op::JumpIfEmpty, -1, slot, -1});
        return std::nullopt;
    }

    std::optional<ParseError> elseBranch(int line, int column)
    {
        if (m_blocks.isEmpty())
            return error(line, column, tr("{{else}} outside of an {{#if}}."));
        OpenBlock& block = m_blocks.last();
        if (block.jumpToEnd >= 0)
            return error(line, column, tr("A second {{else}} in {{#if %1}}.").arg(block.name));
        block.jumpToEnd = int(m_data->code.size());
        m_data->code.append(Instruction{Instruction::Op::Jump, -1, -1, -1});
        m_data->code[block.jumpIfEmpty].arg = int(m_data->code.size());
        return std::nullopt;
    }

    std::optional<ParseError> closeBlock(const QString& body, int line, int column)
    {
        const qsizetype space = firstSpace(body);
        const QString keyword = space < 0 ? body : body.left(space);
        if (keyword.compare(QLatin1String("if"), Qt::CaseInsensitive) != 0)
            return error(line, column,
                         tr("Unknown block end {{/%1}}: blocks end with {{/if}}.").arg(keyword));
        if (m_blocks.isEmpty())
            return error(line, column, tr("{{/if}} without an {{#if}} to close."));
        const OpenBlock block = m_blocks.takeLast();
        const QString name = space < 0 ? QString() : body.mid(space + 1).trimmed();
        if (!name.isEmpty() && Template::keyFor(name) != block.key)
            return error(line, column,
                         tr("{{/if %1}} closes {{#if %2}} (line %3, column %4).")
                             .arg(name, block.name, QString::number(block.line),
                                  QString::number(block.column)));
        const int end = int(m_data->code.size());
        if (block.jumpToEnd >= 0)
            m_data->code[block.jumpToEnd].arg = end;
        else
            m_data->code[block.jumpIfEmpty].arg = end;
        return std::nullopt;
    }

    std::optional<ParseError> checkName(const QString& name, int line, int column)
    {
        if (name.isEmpty())
            return error(line, column, tr("Empty field name: write {{first_name}} or the like."));
        for (const QChar c : name) {
            if (c == QLatin1Char('{') || c == QLatin1Char('}'))
                return error(line, column, tr("The field name \"%1\" contains a brace.").arg(name));
            if (c.category() == QChar::Other_Control)
                return error(line, column,
                             tr("A field name cannot contain a line break or control "
                                "character."));
        }
        if (name.compare(QLatin1String("else"), Qt::CaseInsensitive) == 0)
            return error(line, column, tr("\"else\" is not a field: {{else}} has no fallback."));
        return std::nullopt;
    }

    FieldUse makeUse(const QString& name, int line, int column) const
    {
        FieldUse use;
        use.name = name;
        use.key = Template::keyFor(name);
        use.isBuiltIn = Template::isBuiltIn(use.key);
        use.line = line;
        use.column = column;
        return use;
    }

    int slotFor(const FieldUse& use)
    {
        const auto found = m_slots.constFind(use.key);
        if (found != m_slots.cend())
            return *found;
        const int slot = int(m_data->slotKeys.size());
        m_slots.insert(use.key, slot);
        m_data->slotKeys.append(use.key);
        m_data->slotBuiltIns.append(use.isBuiltIn ? BuiltIn(Template::builtIns().indexOf(use.key))
                                                  : BuiltIn::None);
        return slot;
    }

    int addChunk(const QString& text)
    {
        m_data->texts.append(text);
        m_data->textsUtf8.append(text.toUtf8());
        return int(m_data->texts.size() - 1);
    }

    void addText(QStringView text)
    {
        if (text.isEmpty())
            return;
        const int index = addChunk(text.toString());
        m_data->literalSize += text.size();
        m_data->literalUtf8Size += m_data->textsUtf8.last().size();
        m_data->code.append(Instruction{Instruction::Op::Text, index, -1, -1});
    }

    ParseError error(int line, int column, const QString& message) const
    {
        return ParseError{line, column, message};
    }

    std::shared_ptr<Template::Data> m_data;
    PositionTracker m_positions;
    QList<OpenBlock> m_blocks;
    QHash<QString, int> m_slots;
};

} // namespace

std::variant<Template, ParseError> TemplateParser::parse(const QString& source)
{
    Compiler compiler(source);
    if (auto failed = compiler.run())
        return *failed;
    return Template(std::shared_ptr<const Template::Data>(compiler.data()));
}

} // namespace Postroom::Template
