#pragma once

#include <QImage>
#include <QString>

#include <optional>

// The last picture of a clip, for a storyboard: the next shot is generated from it, so it must be exactly the frame
// the clip ends on, at full size and the right way up.
namespace LastFrame {

// The last decoded video frame of the MP4 at clipPath (libavformat + libavcodec: seeks to the last keyframe and
// decodes to the end, or decodes the whole clip when that gives nothing), at its coded size, turned upright by the
// stream's display matrix (multiples of 90°), converted to RGB (QImage::Format_RGB888) by libswscale with the frame's
// own colour matrix and range. The file is treated as hostile: std::nullopt with *why in plain words when it is not
// a regular file, not an MP4, has no picture or no frames, or is cut off.
std::optional<QImage> lastFrame(const QString &clipPath, QString *why);

// Writes image as a PNG (lossless) at pngPath through a temporary file, so that pngPath is never half written.
bool saveLossless(const QImage &image, const QString &pngPath, QString *why);

} // namespace LastFrame
