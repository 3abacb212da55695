#include "media/ProxyMaker.h"

#include "media/Mp4Info.h"
#include "media/StoredFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QProcess>
#include <QStandardPaths>
#include <QtConcurrent>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <utility>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kErrorTailBytes = 4 * 1024;
// Proxies are made while the grid may be playing: ffmpeg yields the processor to it.
constexpr int kNiceness = 10;

QString partPath(const QString &proxyPath)
{
    return proxyPath + u".part"_s;
}

QString quotedName(const QString &path)
{
    return u"\u201C%1\u201D"_s.arg(QFileInfo(path).fileName());
}

// The last few lines ffmpeg printed, for the message of a failed run.
QString lastLines(const QByteArray &output, int count)
{
    QStringList lines = QString::fromUtf8(output).split(u'\n', Qt::SkipEmptyParts);
    if (lines.size() > count)
        lines = lines.mid(lines.size() - count);
    return lines.join(u' ').simplified();
}

QString installHint()
{
    return u"Install ffmpeg (Debian: apt install ffmpeg) so that the grid can play smaller copies of the clips."_s;
}

} // namespace

struct ProxyMaker::ClipFacts
{
    quint64 epoch = 0;
    QString error;
    int height = 0;
    double seconds = 0;
};

ProxyMaker::ProxyMaker(QObject *parent) : QObject(parent), m_ffmpeg(u"ffmpeg"_s) {}

ProxyMaker::~ProxyMaker()
{
    stopProcess();
}

QString ProxyMaker::proxyPath(const QString &libraryDirectory, qint64 generationId)
{
    return QDir(libraryDirectory).filePath(u"proxies/%1-%2.mp4"_s.arg(generationId).arg(kHeight));
}

bool ProxyMaker::isUpToDate(const QString &proxyPath, const QString &clipPath)
{
    const QFileInfo proxy(proxyPath);
    return StoredFile::isRegularFile(proxyPath) && proxy.size() > 0 &&
           proxy.lastModified() >= QFileInfo(clipPath).lastModified();
}

void ProxyMaker::setFfmpegProgram(const QString &program)
{
    m_ffmpeg = program;
}

bool ProxyMaker::isAvailable(QString *why) const
{
    QString problem;
    if (m_ffmpeg.contains(u'/')) {
        const QFileInfo program(m_ffmpeg);
        if (!program.isFile())
            problem = u"The ffmpeg program \"%1\" is not there. %2"_s.arg(m_ffmpeg, installHint());
        else if (!program.isExecutable())
            problem = u"The ffmpeg program \"%1\" cannot be run: it is not executable."_s.arg(m_ffmpeg);
    } else if (QStandardPaths::findExecutable(m_ffmpeg).isEmpty()) {
        problem = u"The program \"%1\" was not found. %2"_s.arg(m_ffmpeg, installHint());
    }
    if (why)
        *why = problem;
    return problem.isEmpty();
}

void ProxyMaker::request(qint64 id, const QString &clipPath, const QString &proxyPath)
{
    if (m_current && m_current->id == id)
        return;
    for (Task &task : m_queue) {
        if (task.id == id) {
            task = {id, clipPath, proxyPath};
            return;
        }
    }
    if (isUpToDate(proxyPath, clipPath))
        return answerLater(id, proxyPath);
    m_queue.append({id, clipPath, proxyPath});
    scheduleNext();
}

void ProxyMaker::answerLater(qint64 id, const QString &path)
{
    const quint64 epoch = m_epoch;
    QMetaObject::invokeMethod(
        this,
        [this, epoch, id, path] {
            if (epoch == m_epoch)
                Q_EMIT ready(id, path);
        },
        Qt::QueuedConnection);
}

void ProxyMaker::cancelAll()
{
    ++m_epoch;
    m_queue.clear();
    stopProcess();
    m_current.reset();
}

void ProxyMaker::scheduleNext()
{
    if (m_startScheduled || m_current || m_queue.isEmpty())
        return;
    // From the event loop, so that no answer comes while the caller of request() is still in it.
    m_startScheduled = true;
    QMetaObject::invokeMethod(this, &ProxyMaker::startNext, Qt::QueuedConnection);
}

void ProxyMaker::startNext()
{
    m_startScheduled = false;
    if (m_current || m_queue.isEmpty())
        return;
    m_current = m_queue.takeFirst();
    // Another request may have made it since this one was queued.
    if (isUpToDate(m_current->proxyPath, m_current->clipPath))
        return conclude(m_current->proxyPath, {});

    // Reading the clip's boxes touches the disk, so it is done off this thread.
    auto *watcher = new QFutureWatcher<ClipFacts>(this);
    connect(watcher, &QFutureWatcher<ClipFacts>::finished, this, [this, watcher] {
        watcher->deleteLater();
        clipChecked(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([epoch = m_epoch, clip = m_current->clipPath] {
        ClipFacts facts;
        facts.epoch = epoch;
        if (!QFileInfo::exists(clip)) {
            facts.error = u"The clip %1 is missing: it may have been moved or deleted."_s.arg(quotedName(clip));
            return facts;
        }
        if (QString why; !StoredFile::isRegularFile(clip, &why)) {
            facts.error = u"%1 cannot be used: %2"_s.arg(quotedName(clip), why);
            return facts;
        }
        const Mp4Info info = Mp4Info::fromFile(clip);
        if (!info.valid)
            facts.error = u"%1 cannot be read as a clip. %2"_s.arg(quotedName(clip), info.error);
        else if (!info.complete)
            facts.error = u"%1 is cut off, probably by an interrupted download."_s.arg(quotedName(clip));
        else if (!info.hasVideo || info.height <= 0)
            facts.error = u"%1 has no picture."_s.arg(quotedName(clip));
        facts.height = info.height;
        facts.seconds = info.durationSeconds;
        return facts;
    }));
}

void ProxyMaker::clipChecked(const ClipFacts &facts)
{
    if (facts.epoch != m_epoch || !m_current)
        return;
    if (!facts.error.isEmpty())
        return conclude({}, facts.error);
    // A copy at the same size or larger would only cost time and picture quality.
    if (facts.height <= kHeight)
        return conclude(m_current->clipPath, {});
    launch(facts.seconds);
}

void ProxyMaker::launch(double clipSeconds)
{
    const QString proxy = QFileInfo(m_current->proxyPath).absoluteFilePath();
    const QString part = partPath(proxy);
    if (!QDir().mkpath(QFileInfo(proxy).absolutePath()))
        return conclude(
            {}, u"Cannot create the folder %1 for the grid's smaller copies."_s.arg(QFileInfo(proxy).absolutePath()));
    QFile::remove(part); // left by a crash

    m_errorTail.clear();
    m_stopReason.clear();
    m_process = new QProcess(this);
    m_process->setStandardOutputFile(QProcess::nullDevice());
#ifdef Q_OS_UNIX
    m_process->setChildProcessModifier([] { ::setpriority(PRIO_PROCESS, 0, kNiceness); });
#endif
    connect(m_process, &QProcess::readyReadStandardError, this, [this] {
        m_errorTail += m_process->readAllStandardError();
        if (m_errorTail.size() > kErrorTailBytes)
            m_errorTail = m_errorTail.right(kErrorTailBytes);
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        // Other errors are followed by finished(); a program that never started is not.
        if (error == QProcess::FailedToStart) {
            const QString reason = m_process->errorString();
            stopProcess();
            conclude({}, u"Could not start ffmpeg (\"%1\"): %2. %3"_s.arg(m_ffmpeg, reason, installHint()));
        }
    });
    connect(m_process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        processFinished(exitCode, status == QProcess::CrashExit);
    });
    // A stuck ffmpeg would hold the queue forever; the limit is far above any normal run.
    auto *watchdog = new QTimer(m_process);
    watchdog->setSingleShot(true);
    connect(watchdog, &QTimer::timeout, this, [this] {
        m_stopReason = u"ffmpeg took far too long to make the smaller copy and was stopped."_s;
        m_process->kill();
    });
    const double seconds = std::isfinite(clipSeconds) ? std::clamp(clipSeconds, 0.0, 3600.0) : 0.0;
    watchdog->start(std::chrono::seconds(60 + 10 * qint64(seconds)));

    QStringList arguments = {u"-nostdin"_s, u"-hide_banner"_s, u"-loglevel"_s, u"error"_s, u"-y"_s};
    // An absolute path can be neither an option ("-x") nor a protocol ("http:").
    arguments << u"-i"_s << QFileInfo(m_current->clipPath).absoluteFilePath();
    arguments << u"-map"_s << u"0:v:0"_s << u"-an"_s << u"-sn"_s << u"-dn"_s;
    arguments << u"-vf"_s << u"scale=-2:%1"_s.arg(kHeight);
    arguments << u"-c:v"_s << u"libx264"_s << u"-preset"_s << u"veryfast"_s << u"-pix_fmt"_s << u"yuv420p"_s;
    // Keyframes at a fixed spacing, none added at scene cuts: a seek never decodes more than 11 frames.
    arguments << u"-g"_s << QString::number(kKeyframeInterval) << u"-keyint_min"_s << QString::number(kKeyframeInterval)
              << u"-sc_threshold"_s << u"0"_s;
    arguments << u"-movflags"_s << u"+faststart"_s << u"-f"_s << u"mp4"_s << part;
    m_process->start(m_ffmpeg, arguments);
}

void ProxyMaker::processFinished(int exitCode, bool crashed)
{
    m_errorTail += m_process->readAllStandardError();
    const QString details = lastLines(m_errorTail, 3);
    const QString stopReason = m_stopReason;
    const QString proxy = QFileInfo(m_current->proxyPath).absoluteFilePath();
    const QString part = partPath(proxy);
    const QString clip = quotedName(m_current->clipPath);
    releaseProcess();

    QString error;
    if (!stopReason.isEmpty())
        error = stopReason;
    else if (crashed)
        error = u"ffmpeg stopped unexpectedly while making a smaller copy of %1. %2"_s.arg(clip, details).trimmed();
    else if (exitCode != 0)
        error = u"ffmpeg could not make a smaller copy of %1 (exit code %2): %3"_s.arg(clip).arg(exitCode).arg(
            details.isEmpty() ? u"no error message"_s : details);
    else if (QFileInfo(part).size() <= 0)
        error = u"ffmpeg finished but wrote no copy of %1."_s.arg(clip);
    // rename(2) replaces an old proxy atomically: a player sees the old file or the whole new one.
    else if (std::rename(QFile::encodeName(part).constData(), QFile::encodeName(proxy).constData()) != 0)
        error = u"Cannot move the smaller copy of %1 into %2."_s.arg(clip, QFileInfo(proxy).absolutePath());
    if (!error.isEmpty()) {
        QFile::remove(part);
        return conclude({}, error);
    }
    conclude(proxy, {});
}

void ProxyMaker::conclude(QString path, QString error)
{
    const qint64 id = m_current->id;
    m_current.reset();
    // Answered last: a slot may make new requests or cancel everything.
    scheduleNext();
    if (error.isEmpty())
        Q_EMIT ready(id, path);
    else
        Q_EMIT failed(id, error);
}

void ProxyMaker::stopProcess()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(3000);
    }
    if (m_current)
        QFile::remove(partPath(QFileInfo(m_current->proxyPath).absoluteFilePath()));
    releaseProcess();
}

void ProxyMaker::releaseProcess()
{
    if (!m_process)
        return;
    QProcess *process = std::exchange(m_process, nullptr);
    process->disconnect(this);
    process->deleteLater(); // it may be emitting the signal that led here
}
