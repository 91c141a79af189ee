#include "core/template/HtmlChecks.h"

#include <gumbo.h>

#include <memory>

namespace Postroom::Template {
namespace {

qsizetype countVisible(const char* text)
{
    qsizetype count = 0;
    for (const QChar c : QString::fromUtf8(text)) {
        // U+00A0 (&nbsp;) and friends are space to a reader, and so to this check.
        if (!c.isSpace())
            ++count;
    }
    return count;
}

void walk(const GumboNode* node, HtmlReport& report)
{
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) {
        report.visibleTextChars += countVisible(node->v.text.text);
        return;
    }
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT &&
        node->type != GUMBO_NODE_TEMPLATE)
        return;
    const GumboVector* children = nullptr;
    if (node->type == GUMBO_NODE_DOCUMENT) {
        children = &node->v.document.children;
    } else {
        const GumboElement& element = node->v.element;
        switch (element.tag) {
        // Nothing in these reaches the reader's eye.
        case GUMBO_TAG_HEAD:
        case GUMBO_TAG_SCRIPT:
        case GUMBO_TAG_STYLE:
        case GUMBO_TAG_NOSCRIPT:
        case GUMBO_TAG_TITLE:
            return;
        case GUMBO_TAG_IMG: {
            ++report.images;
            if (!gumbo_get_attribute(&element.attributes, "alt")) {
                const GumboAttribute* src = gumbo_get_attribute(&element.attributes, "src");
                report.imagesWithoutAlt.append({src ? QString::fromUtf8(src->value) : QString(),
                                                int(element.start_pos.line),
                                                int(element.start_pos.column)});
            }
            return;
        }
        default:
            break;
        }
        children = &element.children;
    }
    for (unsigned i = 0; i < children->length; ++i)
        walk(static_cast<const GumboNode*>(children->data[i]), report);
}

} // namespace

HtmlReport HtmlChecks::inspect(QStringView html)
{
    const QByteArray utf8 = html.toUtf8();
    GumboOptions options = kGumboDefaultOptions;
    // Columns as the editor counts them: a tab is one character, not a jump to a tab stop.
    options.tab_stop = 1;
    GumboOutput* output =
        gumbo_parse_with_options(&options, utf8.constData(), static_cast<size_t>(utf8.size()));
    const std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> guard(
        output, [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
    HtmlReport report;
    walk(output->document, report);
    return report;
}

} // namespace Postroom::Template
