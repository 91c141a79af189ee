#include "core/template/TemplateRenderer.h"

#include "core/template/TemplateData.h"

#include <QVarLengthArray>

namespace Postroom::Template {
namespace {

constexpr char16_t kZeroWidthSpace = 0x200B;

bool isBlank(const QString& value)
{
    return std::all_of(value.cbegin(), value.cend(), [](QChar c) { return c.isSpace(); });
}

const QString& builtInValue(const FieldValues& values, BuiltIn which)
{
    switch (which) {
    case BuiltIn::UnsubscribeUrl:
        return values.unsubscribeUrl();
    case BuiltIn::CampaignName:
        return values.campaignName();
    case BuiltIn::MessageId:
    case BuiltIn::None:
        break;
    }
    return values.messageId();
}

/** Each slot's value for this recipient, looked up once per render. */
class SlotValues
{
public:
    SlotValues(const Template::Data& data, const FieldValues& values)
    {
        const qsizetype count = data.slotKeys.size();
        m_values.resize(count);
        m_blank.resize(count);
        for (qsizetype i = 0; i < count; ++i) {
            const BuiltIn which = data.slotBuiltIns.at(i);
            m_values[i] = which == BuiltIn::None ? values.value(data.slotKeys.at(i))
                                                 : builtInValue(values, which);
            m_blank[i] = isBlank(m_values[i]);
        }
    }

    const QString& value(int slot) const { return m_values[slot]; }
    bool blank(int slot) const { return m_blank[slot]; }

private:
    QVarLengthArray<QString, 16> m_values;
    QVarLengthArray<bool, 16> m_blank;
};

/**
 * Runs the instructions, handing text chunks (by index) and field values to @p sink.
 * The one loop both output encodings share.
 */
template <typename Sink> void run(const Template::Data& data, const SlotValues& values, Sink&& sink)
{
    const qsizetype count = data.code.size();
    qsizetype pc = 0;
    while (pc < count) {
        const Instruction& step = data.code.at(pc);
        switch (step.op) {
        case Instruction::Op::Text:
            sink.text(step.arg);
            break;
        case Instruction::Op::Field:
            if (!values.blank(step.slot))
                sink.value(values.value(step.slot));
            else if (step.fallback >= 0)
                sink.text(step.fallback);
            break;
        case Instruction::Op::JumpIfEmpty:
            if (values.blank(step.slot)) {
                pc = step.arg;
                continue;
            }
            break;
        case Instruction::Op::Jump:
            pc = step.arg;
            continue;
        }
        ++pc;
    }
}

void appendHtmlEscapedUtf8(QByteArray& out, QStringView text, bool escape)
{
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        char32_t u = text[i].unicode();
        if (u < 0x80) {
            if (escape) {
                switch (u) {
                case '&':
                    out.append("&amp;", 5);
                    continue;
                case '<':
                    out.append("&lt;", 4);
                    continue;
                case '>':
                    out.append("&gt;", 4);
                    continue;
                case '"':
                    out.append("&quot;", 6);
                    continue;
                case '\'':
                    out.append("&#39;", 5);
                    continue;
                default:
                    break;
                }
            }
            out.append(char(u));
            continue;
        }
        if (u < 0x800) {
            out.append(char(0xC0 | (u >> 6)));
            out.append(char(0x80 | (u & 0x3F)));
            continue;
        }
        if (QChar::isHighSurrogate(u) && i + 1 < size && text[i + 1].isLowSurrogate()) {
            u = QChar::surrogateToUcs4(char16_t(u), text[++i].unicode());
            out.append(char(0xF0 | (u >> 18)));
            out.append(char(0x80 | ((u >> 12) & 0x3F)));
        } else {
            if (QChar::isSurrogate(u))
                u = QChar::ReplacementCharacter; // a lone surrogate is not valid UTF-8
            out.append(char(0xE0 | (u >> 12)));
        }
        out.append(char(0x80 | ((u >> 6) & 0x3F)));
        out.append(char(0x80 | (u & 0x3F)));
    }
}

struct StringSink
{
    const Template::Data& data;
    QString& out;
    RenderMode mode;

    void text(int index) { out.append(data.texts.at(index)); }
    void value(const QString& value)
    {
        if (mode == RenderMode::Html)
            TemplateRenderer::appendHtmlEscaped(out, value);
        else
            out.append(value);
    }
};

struct Utf8Sink
{
    const Template::Data& data;
    QByteArray& out;
    bool escape;

    void text(int index) { out.append(data.textsUtf8.at(index)); }
    void value(const QString& value) { appendHtmlEscapedUtf8(out, value, escape); }
};

bool removedFromHeader(QChar c)
{
    const QChar::Category category = c.category();
    return category == QChar::Other_Control || category == QChar::Separator_Line ||
           category == QChar::Separator_Paragraph;
}

} // namespace

void TemplateRenderer::render(const Template& tmpl, const FieldValues& values, RenderMode mode,
                              QString& out)
{
    const Template::Data& data = tmpl.data();
    const qsizetype start = out.size();
    // The literal text plus room for typical values: one allocation at most.
    out.reserve(start + data.literalSize + 64 * data.slotKeys.size());
    run(data, SlotValues(data, values), StringSink{data, out, mode});
    if (mode == RenderMode::Header)
        makeHeaderSafe(out, start);
}

QString TemplateRenderer::render(const Template& tmpl, const FieldValues& values, RenderMode mode)
{
    QString out;
    render(tmpl, values, mode, out);
    return out;
}

void TemplateRenderer::renderUtf8(const Template& tmpl, const FieldValues& values, RenderMode mode,
                                  QByteArray& out)
{
    if (mode == RenderMode::Header) {
        // Headers are short and need the character-level clean-up: go through UTF-16.
        out.append(render(tmpl, values, mode).toUtf8());
        return;
    }
    const Template::Data& data = tmpl.data();
    out.reserve(out.size() + data.literalUtf8Size + 64 * data.slotKeys.size());
    run(data, SlotValues(data, values), Utf8Sink{data, out, mode == RenderMode::Html});
}

QByteArray TemplateRenderer::renderUtf8(const Template& tmpl, const FieldValues& values,
                                        RenderMode mode)
{
    QByteArray out;
    renderUtf8(tmpl, values, mode, out);
    return out;
}

void TemplateRenderer::appendHtmlEscaped(QString& out, QStringView text)
{
    qsizetype plain = 0; // start of the run not yet copied
    for (qsizetype i = 0; i < text.size(); ++i) {
        QLatin1String entity;
        switch (text[i].unicode()) {
        case '&':
            entity = QLatin1String("&amp;");
            break;
        case '<':
            entity = QLatin1String("&lt;");
            break;
        case '>':
            entity = QLatin1String("&gt;");
            break;
        case '"':
            entity = QLatin1String("&quot;");
            break;
        case '\'':
            entity = QLatin1String("&#39;");
            break;
        default:
            continue;
        }
        out.append(text.mid(plain, i - plain));
        out.append(entity);
        plain = i + 1;
    }
    out.append(text.mid(plain));
}

void TemplateRenderer::makeHeaderSafe(QString& out, qsizetype from)
{
    from = std::clamp<qsizetype>(from, 0, out.size());
    QString tail;
    tail.reserve(out.size() - from + 8);
    QChar previous = from > 0 ? out.at(from - 1) : QChar();
    for (qsizetype i = from; i < out.size(); ++i) {
        const QChar c = out.at(i);
        if (removedFromHeader(c))
            continue;
        // RFC 2047 section 2: an encoded-word is "=?" charset "?" encoding "?" text "?=".
        // Splitting both delimiters means no decoder can find one in contact data.
        if ((previous == QLatin1Char('=') && c == QLatin1Char('?')) ||
            (previous == QLatin1Char('?') && c == QLatin1Char('=')))
            tail.append(QChar(kZeroWidthSpace));
        tail.append(c);
        previous = c;
    }
    out.truncate(from);
    out.append(tail);
}

} // namespace Postroom::Template
