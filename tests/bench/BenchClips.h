#pragma once

#include <QList>
#include <QString>

// What the playback benchmarks share: real clips to play, a running event loop, and their figures.
namespace BenchClips {

// Renders (or takes from cacheDir) a 5 s H.264 + AAC clip of this size; empty when ffmpeg failed or took too long.
QString render(const QString &cacheDir, int width, int height);
// Lets the event loop run for ms (so stall meters tick and players work).
void spin(int ms);
qint64 median(QList<qint64> values); // -1 for none

} // namespace BenchClips
