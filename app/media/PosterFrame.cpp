#include "media/PosterFrame.h"

#include "media/Mp4Info.h"

#include <QFileInfo>
#include <QFuture>
#include <QFutureWatcher>
#include <QMediaPlayer>
#include <QProcess>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>
#include <QThreadPool>
#include <QTimer>
#include <QUrl>
#include <QVideoFrame>
#include <QVideoSink>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

// The service's clips may open on a fade or a black frame; half a second in shows what the clip is about.
constexpr auto kPosterTime = "0.5";

QImage fitted(const QImage &image, QSize maxSize)
{
    if (image.isNull())
        return {};
    const QImage scaled = image.width() > maxSize.width() || image.height() > maxSize.height()
                              ? image.scaled(maxSize, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                              : image;
    // One format for every thumbnail, cheap to paint.
    return scaled.convertToFormat(QImage::Format_RGB32);
}

QString lastLine(const QByteArray &text)
{
    const QStringList lines = QString::fromLocal8Bit(text).split(u'\n', Qt::SkipEmptyParts);
    return lines.isEmpty() ? QString() : lines.last().trimmed();
}

} // namespace

PosterFrame::PosterFrame(const QString &path, QSize maxSize, QObject *parent)
    : QObject(parent), m_path(path), m_maxSize(maxSize.isValid() ? maxSize : QSize(320, 320))
{
    m_timeout = new QTimer(this);
    m_timeout->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this,
            [this] { fallBackOrFail(u"Reading the clip took too long (over %1 s)."_s.arg(m_timeoutMs / 1000)); });
}

PosterFrame::~PosterFrame()
{
    stopAll();
}

QString PosterFrame::findFfmpeg(const QString &program)
{
    if (program.contains(u'/'))
        return QFileInfo(program).isExecutable() ? program : QString();
    return QStandardPaths::findExecutable(program);
}

void PosterFrame::start()
{
    // Deferred so that finished() never fires inside start(), whatever goes wrong first.
    QTimer::singleShot(0, this, [this] {
        if (!QFileInfo(m_path).isFile()) {
            finish({}, u"The clip file %1 is missing."_s.arg(QFileInfo(m_path).fileName()));
            return;
        }
        const QString ffmpeg = findFfmpeg(m_ffmpegProgram);
        if (m_stripFrames > 1) {
            if (ffmpeg.isEmpty())
                finish({}, u"The ffmpeg program is not installed, so the clip cannot be previewed."_s);
            else
                startStrip(ffmpeg);
            return;
        }
        if (m_method == Method::Player) {
            startPlayer();
            return;
        }
        if (!ffmpeg.isEmpty()) {
            startFfmpeg(ffmpeg);
        } else if (m_method == Method::Auto) {
            startPlayer();
        } else {
            finish({}, u"The ffmpeg program is not installed, so no poster frame could be made."_s);
        }
    });
}

void PosterFrame::startStrip(const QString &program)
{
    // The frames are spread over the clip's length, which its boxes tell: read off the GUI thread.
    const QString path = m_path;
    QtFuture::makeReadyFuture()
        .then(QThreadPool::globalInstance(), [path] { return Mp4Info::fromFile(path); })
        .then(this, [this, program](const Mp4Info &info) {
            if (!info.valid || !std::isfinite(info.durationSeconds) || info.durationSeconds <= 0) {
                finish({}, u"The clip's length cannot be read, so it cannot be previewed."_s);
                return;
            }
            startFfmpeg(program, info.durationSeconds);
        });
}

void PosterFrame::startFfmpeg(const QString &program, double durationSeconds)
{
    m_timeout->start(m_timeoutMs);
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fallBackOrFail(u"The ffmpeg program could not be started."_s);
    });
    connect(m_process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        QProcess *process = m_process;
        if (!process)
            return;
        const QByteArray png = process->readAllStandardOutput();
        const QString why = lastLine(process->readAllStandardError());
        m_process = nullptr;
        process->deleteLater();
        if (status != QProcess::NormalExit || exitCode != 0 || png.isEmpty()) {
            fallBackOrFail(why.isEmpty() ? u"ffmpeg could not read a frame of the clip."_s
                                         : u"ffmpeg could not read a frame of the clip: %1"_s.arg(why));
            return;
        }
        const QSize maxSize(m_maxSize.width() * m_stripFrames, m_maxSize.height());
        convertInBackground([png, maxSize] { return fitted(QImage::fromData(png, "PNG"), maxSize); });
    });
    // ffmpeg scales the frames itself, so only a small PNG comes back through the pipe.
    QString filter =
        u"scale=w=%1:h=%2:force_original_aspect_ratio=decrease"_s.arg(m_maxSize.width()).arg(m_maxSize.height());
    QStringList seek{u"-ss"_s, QString::fromLatin1(kPosterTime)};
    if (m_stripFrames > 1) {
        // One frame every length/N seconds, laid side by side: frame i shows the clip at i/N of its length.
        filter = u"fps=%1/%2,%3,tile=%1x1"_s.arg(m_stripFrames).arg(durationSeconds, 0, 'f', 3).arg(filter);
        seek.clear();
    }
    m_process->start(program,
                     QStringList{u"-v"_s, u"error"_s, u"-nostdin"_s}
                         << seek
                         << QStringList{u"-i"_s, QFileInfo(m_path).absoluteFilePath(), u"-an"_s, u"-frames:v"_s, u"1"_s,
                                        u"-vf"_s, filter, u"-f"_s, u"image2pipe"_s, u"-vcodec"_s, u"png"_s, u"-"_s});
}

void PosterFrame::startPlayer()
{
    m_triedPlayer = true;
    m_timeout->start(m_timeoutMs);
    m_player = new QMediaPlayer(this);
    m_sink = new QVideoSink(this);
    // No audio output is set: the clip plays silently until its first frame arrives.
    m_player->setVideoOutput(m_sink);
    connect(m_sink, &QVideoSink::videoFrameChanged, this, &PosterFrame::onPlayerFrame);
    connect(m_player, &QMediaPlayer::errorOccurred, this, [this](QMediaPlayer::Error, const QString &text) {
        fallBackOrFail(u"The clip could not be played: %1"_s.arg(text));
    });
    connect(m_player, &QMediaPlayer::mediaStatusChanged, this, [this](QMediaPlayer::MediaStatus status) {
        if (status == QMediaPlayer::InvalidMedia)
            fallBackOrFail(u"The clip could not be read as a video."_s);
        else if (status == QMediaPlayer::EndOfMedia)
            fallBackOrFail(u"The clip ended before a picture was shown."_s);
    });
    m_player->setSource(QUrl::fromLocalFile(QFileInfo(m_path).absoluteFilePath()));
    m_player->play();
}

void PosterFrame::onPlayerFrame(const QVideoFrame &frame)
{
    if (m_done || !frame.isValid() || !m_player)
        return;
    // toImage() stays on this thread: off it, Qt 6.4 may try to create a GPU surface where that is not allowed.
    // It is a single frame, and only when ffmpeg is missing; the scaling, the larger part, runs in the background.
    const QImage image = frame.toImage();
    stopAll();
    const QSize maxSize = m_maxSize;
    convertInBackground([image, maxSize] { return fitted(image, maxSize); });
}

void PosterFrame::convertInBackground(const std::function<QImage()> &work)
{
    m_timeout->stop();
    auto *watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const QImage image = watcher->result();
        if (image.isNull())
            fallBackOrFail(u"The clip's first picture could not be decoded."_s);
        else
            finish(image, {});
    });
    watcher->setFuture(QtConcurrent::run(work));
}

void PosterFrame::fallBackOrFail(const QString &error)
{
    if (m_done)
        return;
    stopAll();
    if (m_method == Method::Auto && !m_triedPlayer) {
        startPlayer();
        return;
    }
    finish({}, error);
}

void PosterFrame::finish(const QImage &image, const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    stopAll();
    Q_EMIT finished(image, error);
}

void PosterFrame::stopAll()
{
    if (m_timeout)
        m_timeout->stop();
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
        m_process->deleteLater();
        m_process = nullptr;
    }
    if (m_player) {
        m_player->disconnect(this);
        m_player->stop();
        m_player->deleteLater();
        m_player = nullptr;
    }
    if (m_sink) {
        m_sink->disconnect(this);
        m_sink->deleteLater();
        m_sink = nullptr;
    }
}
