#include "media/CuePlayer.h"

#include "media/ClipCheck.h"
#include "media/FrameRelay.h"

#include <QAudioOutput>
#include <QCoreApplication>
#include <QFuture>
#include <QThreadPool>
#include <QUrl>
#include <QVideoSink>

CuePlayer::CuePlayer(QObject *parent)
    : QObject(parent), m_player(new QMediaPlayer(this)), m_audio(new QAudioOutput(this)), m_relay(new FrameRelay(this))
{
    m_player->setAudioOutput(m_audio);
    m_player->setLoops(QMediaPlayer::Infinite);
    // Frames come through a relay on a thread of its own: see FrameRelay for the freeze this avoids.
    m_player->setVideoOutput(m_relay->sink());
    connect(m_relay, &FrameRelay::frameArrived, this, &CuePlayer::onFrame);
    connect(m_player, &QMediaPlayer::mediaStatusChanged, this, &CuePlayer::onStatus);
    connect(m_player, &QMediaPlayer::errorOccurred, this, [this](QMediaPlayer::Error error, const QString &text) {
        if (error != QMediaPlayer::NoError && isCurrentSource())
            fail(text);
    });
}

CuePlayer::~CuePlayer()
{
    // The pipeline goes before the relay whose sink it renders into.
    m_player->stop();
    delete m_player;
    m_player = nullptr;
}

void CuePlayer::cue(const QString &path, const QString &folder)
{
    const quint64 serial = ++m_serial;
    m_clip = path;
    m_lastFrame = QVideoFrame();
    m_sourceIsCurrent = false;
    m_playWhenOpen = false;
    m_played = false;
    m_failed = false;
    if (m_player->playbackState() == QMediaPlayer::PlayingState)
        m_player->pause();
    if (path.isEmpty()) {
        releaseSource();
        return;
    }
    QtFuture::makeReadyFuture()
        .then(QThreadPool::globalInstance(), [path, folder] { return ClipCheck::run(path, folder); })
        .then(this, [this, serial](const ClipCheck &check) { applyCheck(serial, check); });
}

void CuePlayer::applyCheck(quint64 serial, const ClipCheck &check)
{
    if (serial != m_serial)
        return; // a later cue() took over
    releaseSource();
    if (!check.error.isEmpty()) {
        fail(check.error);
        return;
    }
    // What the old pipeline queued for this thread before it stopped is delivered first; the new source is set
    // behind it, so none of it is taken for the new clip's.
    QMetaObject::invokeMethod(
        this, [this, serial] { startSource(serial); }, Qt::QueuedConnection);
}

void CuePlayer::releaseSource()
{
    m_sourceIsCurrent = false;
    if (!m_player->source().isEmpty())
        m_player->setSource(QUrl());
}

void CuePlayer::startSource(quint64 serial)
{
    if (serial != m_serial)
        return;
    m_sourceIsCurrent = true;
    m_player->setSource(QUrl::fromLocalFile(m_clip));
    if (m_playWhenOpen)
        m_player->play();
    else
        m_player->pause(); // prerolls: the first frame arrives and is kept
}

void CuePlayer::play()
{
    m_playWhenOpen = true;
    m_played = true;
    if (isCurrentSource())
        m_player->play();
}

void CuePlayer::pause()
{
    m_playWhenOpen = false;
    if (isCurrentSource())
        m_player->pause();
}

bool CuePlayer::isPlaying() const
{
    return m_playWhenOpen && !m_failed;
}

void CuePlayer::setLooping(bool loop)
{
    m_looping = loop;
    m_player->setLoops(loop ? QMediaPlayer::Infinite : QMediaPlayer::Once);
}

void CuePlayer::setMuted(bool muted)
{
    m_audio->setMuted(muted);
}

void CuePlayer::onFrame(const QVideoFrame &frame)
{
    if (!frame.isValid() || !isCurrentSource())
        return; // the last clip's frames still on their way, or the picture being cleared between clips
    const bool first = !m_lastFrame.isValid();
    m_lastFrame = frame;
    if (first)
        Q_EMIT ready(m_clip);
    Q_EMIT frameArrived(frame);
}

void CuePlayer::onStatus(QMediaPlayer::MediaStatus status)
{
    if (!isCurrentSource())
        return;
    if (status == QMediaPlayer::EndOfMedia && !m_looping) {
        m_playWhenOpen = false;
        Q_EMIT finished(m_clip);
    } else if (status == QMediaPlayer::InvalidMedia) {
        fail(m_player->errorString().isEmpty()
                 ? QCoreApplication::translate("CuePlayer", "the media player cannot read it.")
                 : m_player->errorString());
    }
}

void CuePlayer::fail(const QString &message)
{
    if (m_failed)
        return;
    m_failed = true;
    m_player->stop();
    Q_EMIT failed(m_clip, message);
}
