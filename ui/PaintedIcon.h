#pragma once

#include "api/GenerationRequest.h"

#include <QIcon>

// Icons drawn with QPainter at the exact size and device pixel ratio asked for, in the application palette's
// colours at paint time, so that they stay crisp on high-DPI screens and readable in light and dark themes.
namespace PaintedIcon {

// A rectangle in the ratio's shape, centred in the icon.
QIcon aspectRatio(AspectRatio aspect);
// A die showing five: "pick a random number".
QIcon dice();
// A padlock: open when the icon's state is Off, closed when On (a checked button).
QIcon lock();

} // namespace PaintedIcon
