#include "api/Pricing.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace Pricing {

QString formatCents(qint64 cents)
{
    const bool negative = cents < 0;
    const qint64 magnitude = negative ? -cents : cents;
    const QString dollars = QString::number(magnitude / 100);
    // Prices are always shown in US dollars with a dot, whatever the user's locale, as the service bills.
    QString grouped;
    const int digits = int(dollars.size());
    for (int i = 0; i < digits; ++i) {
        if (i > 0 && (digits - i) % 3 == 0)
            grouped += u',';
        grouped += dollars.at(i);
    }
    const QString text = u"$"_s + grouped + u"."_s + u"%1"_s.arg(magnitude % 100, 2, 10, QLatin1Char('0'));
    return negative ? u"-"_s + text : text;
}

QString resolutionName(Resolution resolution)
{
    return resolution == Resolution::P1080 ? u"1080P"_s : u"720P"_s;
}

bool parseResolution(const QString &text, Resolution *resolution)
{
    const QString normalized = text.trimmed().toUpper();
    if (normalized == u"720P"_s) {
        *resolution = Resolution::P720;
        return true;
    }
    if (normalized == u"1080P"_s) {
        *resolution = Resolution::P1080;
        return true;
    }
    return false;
}

qint64 dollarsToCents(double dollars)
{
    // Outside what a qint64 of cents holds, rounding is undefined: such a number is no amount of money.
    constexpr double kLimit = 9.0e16;
    if (!std::isfinite(dollars) || dollars > kLimit || dollars < -kLimit)
        return 0;
    return qint64(std::llround(dollars * 100.0));
}

} // namespace Pricing
