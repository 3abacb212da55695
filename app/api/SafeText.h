#pragma once

#include <QByteArray>
#include <QString>

// Text that came from outside (the service's errors and statuses, ids) made fit to show people: control
// characters (NUL included) and the invisible direction overrides that can make text read backwards are
// removed, broken UTF-16 and UTF-8 become U+FFFD, runs of white space become one space, and the result is cut
// to a length. Applied where answers are read, so that every view gets clean text.
namespace SafeText {

// Longest server text Paddock keeps (the whole of it is shown under "Show error").
constexpr qsizetype kMaxKeptLength = 2000;
// Longest text shown in a list row or a tooltip.
constexpr qsizetype kMaxListLength = 300;

// text cleaned and, past maxLength characters, cut at a word where one is near and ended with "…".
QString clean(const QString &text, qsizetype maxLength = kMaxKeptLength);
// Raw bytes (invalid UTF-8 allowed) cleaned the same way.
QString fromUtf8(const QByteArray &bytes, qsizetype maxLength = kMaxKeptLength);
// Already clean text cut for a list or tooltip.
QString elide(const QString &text, qsizetype maxLength = kMaxListLength);

} // namespace SafeText
