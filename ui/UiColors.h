#pragma once

#include <QColor>
#include <QPalette>

// Colours with a meaning that Qt's palette has no role for, derived from the palette so they read on light and dark.
namespace UiColors {

// Text that reports a problem: a deep red on light windows, a soft red on dark ones.
QColor problem(const QPalette &palette);
// A style sheet fragment "color: #rrggbb;" for problem text.
QString problemStyle(const QPalette &palette);

} // namespace UiColors
