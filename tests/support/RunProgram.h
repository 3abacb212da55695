#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// Runs a program (ffmpeg, ffprobe) to its end, synchronously (tests only). An empty string when it exited with 0,
// else what went wrong: its error output, or that it did not start or finish within timeoutMs. *out gets its
// standard output.
QString runProgram(const QString &program, const QStringList &arguments, QByteArray *out = nullptr,
                   int timeoutMs = 120000);

// True when the ffmpeg and ffprobe programs are on PATH (the tests that make real MP4s skip without them).
bool ffmpegToolsFound();
