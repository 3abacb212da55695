#include "api/SafeText.h"

#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace SafeText {

namespace {

// Marks and overrides that change the order text is shown in (Unicode's bidirectional formatting characters),
// plus the zero-width characters that hide text between visible letters.
bool isInvisibleFormatting(char32_t c)
{
    return (c >= 0x200B && c <= 0x200F)    // zero-width space/joiners, LRM, RLM
           || (c >= 0x202A && c <= 0x202E) // LRE, RLE, PDF, LRO, RLO
           || (c >= 0x2066 && c <= 0x2069) // LRI, RLI, FSI, PDI
           || c == 0x061C                  // Arabic letter mark
           || c == 0xFEFF;                 // byte-order mark / zero-width no-break space
}

bool isSpace(char32_t c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0xA0 ||
           c == 0x2028 || c == 0x2029;
}

bool isControl(char32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

} // namespace

QString clean(const QString &text, qsizetype maxLength)
{
    QString out;
    out.reserve(qMin(text.size(), maxLength + 1));
    bool pendingSpace = false;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n && out.size() <= maxLength; ++i) {
        char32_t c = text.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(text.at(i + 1).unicode())) {
            c = QChar::surrogateToUcs4(text.at(i).unicode(), text.at(i + 1).unicode());
            ++i;
        } else if (QChar::isSurrogate(c)) {
            c = QChar::ReplacementCharacter; // half of a pair: broken text
        }
        if (isSpace(c)) {
            pendingSpace = !out.isEmpty();
            continue;
        }
        if (isControl(c) || isInvisibleFormatting(c) || (c >= 0xE0000 && c <= 0xE007F)) // tag characters
            continue;
        if (pendingSpace) {
            out += u' ';
            pendingSpace = false;
        }
        if (QChar::requiresSurrogates(c)) {
            out += QChar(QChar::highSurrogate(c));
            out += QChar(QChar::lowSurrogate(c));
        } else {
            out += QChar(char16_t(c));
        }
    }
    return elide(out, maxLength);
}

QString fromUtf8(const QByteArray &bytes, qsizetype maxLength)
{
    // Only what can be kept is decoded: an endless body costs no more than its first part.
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(bytes.left(maxLength * 4 + 4));
    return clean(decoded, maxLength);
}

QString elide(const QString &text, qsizetype maxLength)
{
    if (text.size() <= maxLength)
        return text;
    qsizetype cut = qMax<qsizetype>(0, maxLength - 1);
    // Never split a surrogate pair; end at a word when one ends in the last fifth.
    if (cut > 0 && text.at(cut - 1).isHighSurrogate())
        --cut;
    const qsizetype space = text.lastIndexOf(u' ', cut);
    if (space > 0 && space >= cut - maxLength / 5)
        cut = space;
    return text.left(cut).trimmed() + u'…';
}

} // namespace SafeText
