#include "UiColors.h"

using namespace Qt::StringLiterals;

namespace UiColors {

QColor problem(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    return dark ? QColor::fromHsl(4, 230, 170) : QColor::fromHsl(0, 200, 85);
}

QString problemStyle(const QPalette &palette)
{
    return u"color: %1;"_s.arg(problem(palette).name());
}

} // namespace UiColors
