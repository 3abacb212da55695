#include "RunProgram.h"

#include <QProcess>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

QString runProgram(const QString &program, const QStringList &arguments, QByteArray *out, int timeoutMs)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit) {
        process.kill();
        process.waitForFinished(1000);
        return program + u" did not finish"_s;
    }
    if (out)
        *out = process.readAllStandardOutput();
    if (process.exitCode() != 0)
        return QString::fromUtf8(process.readAllStandardError());
    return {};
}

bool ffmpegToolsFound()
{
    return !QStandardPaths::findExecutable(u"ffmpeg"_s).isEmpty() &&
           !QStandardPaths::findExecutable(u"ffprobe"_s).isEmpty();
}
