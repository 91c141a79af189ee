#include "core/template/TemplateRenderer.h"

#include "core/template/TemplateData.h"

#include <QVarLengthArray>

#include <cstring>

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
                sink.value(step.slot);
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

/** The entity that stands for @p c in HTML text and attribute values, or an empty string. */
QLatin1String htmlEntity(char32_t c)
{
    switch (c) {
    case '&':
        return QLatin1String("&amp;");
    case '<':
        return QLatin1String("&lt;");
    case '>':
        return QLatin1String("&gt;");
    case '"':
        return QLatin1String("&quot;");
    case '\'':
        return QLatin1String("&#39;");
    default:
        return QLatin1String();
    }
}

/** Appends @p text as UTF-8, HTML-escaped when @p escape; writes through a pointer. */
void appendHtmlEscapedUtf8(QByteArray& out, QStringView text, bool escape)
{
    const qsizetype start = out.size();
    // Worst case per UTF-16 unit: 6 bytes ("&quot;"); a surrogate pair needs 4 for two.
    out.resize(start + 6 * text.size());
    char* p = out.data() + start;
    const auto put = [&p](const char* bytes, int count) {
        std::memcpy(p, bytes, count);
        p += count;
    };
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        char32_t u = text[i].unicode();
        if (u < 0x80) {
            if (const QLatin1String entity = escape ? htmlEntity(u) : QLatin1String();
                !entity.isEmpty()) {
                put(entity.data(), int(entity.size()));
                continue;
            }
            *p++ = char(u);
            continue;
        }
        if (u < 0x800) {
            *p++ = char(0xC0 | (u >> 6));
            *p++ = char(0x80 | (u & 0x3F));
            continue;
        }
        if (QChar::isHighSurrogate(u) && i + 1 < size && text[i + 1].isLowSurrogate()) {
            u = QChar::surrogateToUcs4(char16_t(u), text[++i].unicode());
            *p++ = char(0xF0 | (u >> 18));
            *p++ = char(0x80 | ((u >> 12) & 0x3F));
        } else {
            if (QChar::isSurrogate(u))
                u = QChar::ReplacementCharacter; // a lone surrogate is not valid UTF-8
            *p++ = char(0xE0 | (u >> 12));
        }
        *p++ = char(0x80 | ((u >> 6) & 0x3F));
        *p++ = char(0x80 | (u & 0x3F));
    }
    out.resize(p - out.constData());
}

/**
 * Writes into a QString. A field is often used many times (a name in every paragraph):
 * each slot's escaped form is made once per render and then copied.
 */
struct StringSink
{
    const Template::Data& data;
    const SlotValues& values;
    QString& out;
    RenderMode mode;
    QVarLengthArray<QString, 16> escaped{};

    void text(int index) { out.append(data.texts.at(index)); }
    void value(int slot)
    {
        if (mode != RenderMode::Html) {
            out.append(values.value(slot));
            return;
        }
        if (escaped.isEmpty())
            escaped.resize(data.slotKeys.size());
        QString& cached = escaped[slot];
        if (cached.isNull()) {
            cached.reserve(values.value(slot).size() + 16);
            TemplateRenderer::appendHtmlEscaped(cached, values.value(slot));
        }
        out.append(cached);
    }
};

/** Writes UTF-8 bytes; each slot is encoded (and escaped) once per render, as above. */
struct Utf8Sink
{
    const Template::Data& data;
    const SlotValues& values;
    QByteArray& out;
    bool escape;
    QVarLengthArray<QByteArray, 16> encoded{};

    void text(int index)
    {
        const QByteArray& chunk = data.textsUtf8.at(index);
        out.append(chunk.constData(), chunk.size());
    }
    void value(int slot)
    {
        if (encoded.isEmpty())
            encoded.resize(data.slotKeys.size());
        QByteArray& cached = encoded[slot];
        if (cached.isNull()) {
            cached.reserve(values.value(slot).size() * 3 + 16);
            appendHtmlEscapedUtf8(cached, values.value(slot), escape);
        }
        out.append(cached);
    }
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
    const SlotValues slotValues(data, values);
    run(data, slotValues, StringSink{data, slotValues, out, mode});
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
    const SlotValues slotValues(data, values);
    run(data, slotValues, Utf8Sink{data, slotValues, out, mode == RenderMode::Html});
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
        const QLatin1String entity = htmlEntity(text[i].unicode());
        if (entity.isEmpty())
            continue;
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
