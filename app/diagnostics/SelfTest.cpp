#include "SelfTest.h"

#include "media/ClipSound.h"
#include "media/FrameDecoder.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QEventLoop>
#include <QGuiApplication>
#include <QMediaPlayer>
#include <QSqlDatabase>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTimer>
#include <QUrl>
#include <QVideoFrame>
#include <QVideoSink>

using namespace Qt::StringLiterals;

namespace {

SelfTest::Check ok(const QString &text, bool hard = false)
{
    return {SelfTest::Result::Ok, text, hard};
}

SelfTest::Check warning(const QString &text)
{
    return {SelfTest::Result::Warning, text, false};
}

SelfTest::Check missing(const QString &text, bool hard)
{
    return {SelfTest::Result::Missing, text, hard};
}

const auto kPlaybackPackages = u"gstreamer1.0-plugins-good, gstreamer1.0-plugins-bad and gstreamer1.0-libav"_s;

} // namespace

QList<SelfTest::Check> SelfTest::run(const QString &clipPath)
{
    return {platformPlugin(), sqliteDriver(), decoding(clipPath), playback(clipPath), tls(),
            secretService(),  ffmpegProgram()};
}

QString SelfTest::line(const Check &check)
{
    switch (check.result) {
    case Result::Ok:
        return u"ok: "_s + check.text;
    case Result::Warning:
        return u"warning: "_s + check.text;
    case Result::Missing:
        break;
    }
    return u"missing: "_s + check.text;
}

bool SelfTest::passed(const QList<Check> &checks)
{
    for (const Check &check : checks) {
        if (check.hard && check.result == Result::Missing)
            return false;
    }
    return true;
}

SelfTest::Check SelfTest::platformPlugin()
{
    const QString name = QGuiApplication::platformName();
    if (name.isEmpty())
        return missing(u"no Qt platform plugin is loaded: reinstall libqt6gui6, which holds the X11 (xcb) one."_s, true);
    return ok(u"Qt platform plugin \"%1\" is loaded."_s.arg(name), true);
}

SelfTest::Check SelfTest::sqliteDriver()
{
    if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s))
        return missing(u"Qt's SQLite driver, which keeps the library, is not installed: install libqt6sql6-sqlite."_s,
                       true);
    return ok(u"Qt's SQLite driver for the library is available."_s, true);
}

SelfTest::Check SelfTest::decoding(const QString &clipPath)
{
    FrameDecoder decoder;
    QString error;
    if (!decoder.open(clipPath, &error))
        return missing(u"H.264 video cannot be decoded (%1): reinstall libavformat59 and libavcodec59."_s.arg(error),
                       true);
    if (!decoder.next().isValid())
        return missing(u"H.264 video cannot be decoded: reinstall libavcodec59."_s, true);
    if (ClipSound::decode(clipPath, &error).isEmpty())
        return missing(u"AAC sound cannot be decoded (%1): reinstall libavcodec59."_s.arg(error), true);
    return ok(u"H.264 video and AAC sound decode (FFmpeg libraries)."_s, true);
}

SelfTest::Check SelfTest::playback(const QString &clipPath)
{
    QMediaPlayer player;
    QVideoSink sink;
    player.setVideoSink(&sink);
    QEventLoop loop;
    bool frameArrived = false;
    QString error;
    QObject::connect(&sink, &QVideoSink::videoFrameChanged, &loop, [&](const QVideoFrame &frame) {
        if (frame.isValid() && !frameArrived) {
            frameArrived = true;
            // Play on for a moment: a backend that shows one frame and then stalls would fail users all the same.
            QTimer::singleShot(300, &loop, &QEventLoop::quit);
        }
    });
    QObject::connect(&player, &QMediaPlayer::errorOccurred, &loop, [&](QMediaPlayer::Error, const QString &message) {
        error = message;
        loop.quit();
    });
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    player.setSource(QUrl::fromLocalFile(clipPath));
    player.play();
    loop.exec();
    const bool video = player.hasVideo();
    const bool audio = player.hasAudio();
    player.stop();

    if (!error.isEmpty())
        return missing(u"a test clip does not play (%1): install %2."_s.arg(error, kPlaybackPackages), true);
    if (!frameArrived || !video)
        return missing(u"a test clip shows no picture: install %1."_s.arg(kPlaybackPackages), true);
    if (!audio)
        return missing(u"a test clip plays without its sound: install %1."_s.arg(kPlaybackPackages), true);
    return ok(u"a test clip plays with picture and sound (Qt Multimedia)."_s, true);
}

SelfTest::Check SelfTest::tls()
{
    if (!QSslSocket::supportsSsl())
        return warning(u"no TLS support, so Segmind cannot be reached (demo mode still works): install libssl3."_s);
    return ok(u"TLS support for Segmind (%1)."_s.arg(QSslSocket::sslLibraryVersionString()));
}

SelfTest::Check SelfTest::secretService()
{
    static const auto next = u"the API key is kept only for the session, or set SEGMIND_API_KEY; to keep it, install "
                             u"gnome-keyring or KDE Wallet."_s;
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return warning(u"no D-Bus session, so no system keychain: "_s + next);
    const QString name = u"org.freedesktop.secrets"_s;
    QDBusConnectionInterface *busInterface = bus.interface();
    if (busInterface && (busInterface->isServiceRegistered(name).value() ||
                         busInterface->activatableServiceNames().value().contains(name)))
        return ok(u"a system keychain (Secret Service) is reachable for the API key."_s);
    return warning(u"no system keychain (Secret Service): "_s + next);
}

SelfTest::Check SelfTest::ffmpegProgram()
{
    const QString path = QStandardPaths::findExecutable(u"ffmpeg"_s);
    if (path.isEmpty())
        return warning(u"the ffmpeg program is not found, so demo mode cannot render clips and the grid has no "
                       u"proxies: install ffmpeg."_s);
    return ok(u"the ffmpeg program for demo mode: %1."_s.arg(path));
}
