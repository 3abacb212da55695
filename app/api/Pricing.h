#pragma once

#include <QString>
#include <QtGlobal>

// HappyHorse 1.1 is billed per second of output, audio included. Money is kept in whole cents:
// both rates are whole cents per second, so no price ever needs floating point.
namespace Pricing {

enum class Resolution { P720, P1080 };

constexpr qint64 centsPerSecond(Resolution resolution)
{
    return resolution == Resolution::P1080 ? 18 : 14;
}

constexpr qint64 costCents(Resolution resolution, int durationSeconds)
{
    return centsPerSecond(resolution) * durationSeconds;
}

// "$0.70", "$2.70", "$1,234.56", "-$0.14".
QString formatCents(qint64 cents);

// "720P" / "1080P", and back (case-insensitive; false when the text is neither).
QString resolutionName(Resolution resolution);
bool parseResolution(const QString &text, Resolution *resolution);

// Dollars as the service writes them in JSON (12.5) to cents, rounded to the nearest cent; 0 for a value that is not
// finite or cannot be held in cents (check ranges before calling: 0 is not "unreadable").
qint64 dollarsToCents(double dollars);

} // namespace Pricing
