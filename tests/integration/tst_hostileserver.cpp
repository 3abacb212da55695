// Paddock against a hostile or broken endpoint: ids shaped like paths, foreign schemes and special files, endless,
// slow, huge and deep answers, broken text, wrong types and extreme numbers, answers that point elsewhere. Each
// test checks what reaches the disk (nothing outside the library), memory, the GUI thread's responsiveness and
// the words people are shown.
#include "api/SafeText.h"
#include "api/SegmindClient.h"
#include "HostileServer.h"
#include "jobs/JobListModel.h"
#include "jobs/JobQueue.h"
#include "library/Library.h"
#include "library/LibraryModel.h"
#include "media/Mp4Info.h"
#include "session/Session.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <thread>

using namespace Qt::StringLiterals;
using Response = HostileServer::Response;

namespace {

constexpr auto kKey = "SG_0123456789abcdef";

// Kilobytes from /proc/self/status (VmRSS, VmHWM).
qint64 procStatusKiB(const QByteArray &field)
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field + ':'))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// Measures the longest the event loop went without running a 5 ms timer: how long the GUI thread stalled.
class StallWatch final
{
public:
    StallWatch()
    {
        m_clock.start();
        m_last = 0;
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            const qint64 now = m_clock.elapsed();
            m_longest = qMax(m_longest, now - m_last);
            m_last = now;
        });
        m_timer.start(5);
    }
    qint64 longestMs() const { return qMax(m_longest, m_clock.elapsed() - m_last); }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_longest = 0;
};

// Files under root that are not under allowed.
QStringList filesOutside(const QString &root, const QString &allowed)
{
    QStringList outside;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!path.startsWith(allowed + u'/') && path != allowed && !QFileInfo(path).isDir())
            outside << path;
    }
    return outside;
}

// A FIFO that a GUI-thread open() would block on. A helper opens its other end after a while, so that code which
// does block is released (and shows up as a stall) instead of hanging the test.
struct Fifo
{
    explicit Fifo(const QString &where) : path(where) { ok = ::mkfifo(QFile::encodeName(path).constData(), 0600) == 0; }
    ~Fifo()
    {
        if (releaser.joinable())
            releaser.join();
    }
    void releaseAfter(int ms)
    {
        const QByteArray name = QFile::encodeName(path);
        releaser = std::thread([name, ms] {
            std::this_thread::sleep_for(std::chrono::milliseconds(ms));
            // Both ends, without blocking: a reader or a writer stuck on the other side is let go.
            const int r = ::open(name.constData(), O_RDONLY | O_NONBLOCK);
            const int w = ::open(name.constData(), O_WRONLY | O_NONBLOCK);
            if (w >= 0)
                ::close(w);
            if (r >= 0)
                ::close(r);
        });
    }
    QString path;
    bool ok = false;
    std::thread releaser;
};

GenerationRequest textRequest()
{
    GenerationRequest request;
    request.prompt = u"A horse on a beach"_s;
    request.durationSeconds = 3;
    request.resolution = Pricing::Resolution::P720;
    return request;
}

bool isCleanText(const QString &text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || (u >= 0x7F && u <= 0x9F) || (u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069) ||
            c.isSurrogate())
            return false;
    }
    return true;
}

} // namespace

// The hostile server as a Segmind look-alike, a library in a temporary root and a queue using both.
struct Rig
{
    Rig()
    {
        root.setAutoRemove(true);
        QVERIFY(server.listen());
        QString error;
        library = Library::open(root.filePath(u"library"_s), &error);
        QVERIFY2(library, qPrintable(error));
        client.setBaseUrl(server.url());
        client.setApiKey(QString::fromLatin1(kKey));
        client.setTimeouts(1000, 1000); // and deadlines of 3 s
        // A submit answer of our own making, with whatever request id the test wants.
        server.on("/v2/happyhorse-1.1", [this](const HostileServer::Request &) {
            const int n = ++submits;
            const QString id = requestIds.isEmpty() ? u"req-%1"_s.arg(n) : requestIds.value(n - 1, requestIds.last());
            QJsonObject body{{u"request_id"_s, id},
                             {u"status"_s, u"QUEUED"_s},
                             {u"status_url"_s, statusBase.isEmpty()
                                                   ? server.url(u"/v2/requests/%1/status"_s.arg(n)).toString()
                                                   : statusBase + u"/%1/status"_s.arg(n)},
                             {u"response_url"_s, server.url(u"/v2/requests/%1"_s.arg(n)).toString()}};
            return Response::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
        });
    }

    void start(std::function<void(JobQueueSettings &)> tweak = {})
    {
        JobQueueSettings settings;
        settings.downloadDirectory = library->clipsDirectory();
        settings.poll = PollPolicy().scaled(0.01);
        settings.msPerOutputSecond = 30;
        settings.retryBaseMs = 20;
        settings.retryCapMs = 200;
        settings.randomSeed = 7;
        if (tweak)
            tweak(settings);
        queue = std::make_unique<JobQueue>(&client, library.get(), settings);
    }

    // Answers every status and result call with a COMPLETED body whose output is the given JSON value.
    void completeWith(const QJsonValue &output, const QJsonObject &metrics = {})
    {
        server.on("/v2/requests/", [output, metrics](const HostileServer::Request &) {
            const QJsonObject body{{u"status"_s, u"COMPLETED"_s}, {u"output"_s, output}, {u"metrics"_s, metrics}};
            return Response::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
        });
    }

    void serveClip(const QByteArray &mp4)
    {
        server.on("/files/", [mp4](const HostileServer::Request &) { return Response::bytes(200, "video/mp4", mp4); });
    }

    // Every job completes with a real clip from this server.
    void serveFinishedClips(const QByteArray &mp4, const QJsonObject &metrics = {})
    {
        completeWith(server.url(u"/files/clip.mp4"_s).toString(), metrics);
        serveClip(mp4);
    }

    // Sends one job and waits for it to end: its record then, or null when it did not end in time.
    const Job *runToEnd(int timeoutMs = 10000)
    {
        const qint64 id = queue->enqueue(textRequest());
        const bool ended = QTest::qWaitFor([this, id] { return !queue->job(id)->isRunning(); }, timeoutMs);
        return ended ? queue->job(id) : nullptr;
    }

    QString libraryPath() const { return QDir(root.filePath(u"library"_s)).absolutePath(); }

    QTemporaryDir root;
    HostileServer server;
    QNetworkAccessManager network;
    SegmindClient client{&network};
    std::unique_ptr<Library> library;
    std::unique_ptr<JobQueue> queue;
    QStringList requestIds;
    QString statusBase;
    int submits = 0;
};

class TestHostileServer final : public QObject
{
    Q_OBJECT

private:
    QByteArray m_clip;

private Q_SLOTS:
    void initTestCase()
    {
        // A real, small MP4, so that a download that is let through becomes a clip.
        QTemporaryDir dir;
        const QString path = dir.filePath(u"tiny.mp4"_s);
        QProcess ffmpeg;
        ffmpeg.start(u"ffmpeg"_s, {u"-v"_s, u"error"_s, u"-f"_s, u"lavfi"_s, u"-i"_s, u"color=c=blue:s=64x64:d=1"_s,
                                   u"-c:v"_s, u"libx264"_s, u"-pix_fmt"_s, u"yuv420p"_s, path});
        QVERIFY(ffmpeg.waitForFinished(60000));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        m_clip = file.readAll();
        QVERIFY(Mp4Info::fromFile(path).complete);
    }

    // A request id is the service's text: it never becomes part of a file name, however it is shaped.
    void pathLikeRequestIds_data()
    {
        QTest::addColumn<QString>("requestId");
        QTest::newRow("dot-dot") << u"../../escape"_s;
        QTest::newRow("deep dot-dot") << u"../../../../../../../../tmp/paddock-hostile-UNIQUE"_s;
        QTest::newRow("absolute") << u"ABSOLUTE/escape-abs"_s;
        QTest::newRow("folders") << u"made/up/folders"_s;
        QTest::newRow("NUL") << u"clip\u0000tail"_s;
        QTest::newRow("dot-dot alone") << u".."_s;
    }
    void pathLikeRequestIds()
    {
        QFETCH(QString, requestId);
        Rig rig;
        requestId.replace(u"ABSOLUTE"_s, rig.root.path()); // an absolute path inside the test's own root
        const QString unique = QUuid::createUuid().toString(QUuid::WithoutBraces);
        requestId.replace(u"UNIQUE"_s, unique); // a name outside the root that nothing else uses
        rig.requestIds = {requestId};
        rig.serveFinishedClips(m_clip);
        rig.start();
        const Job *job = rig.runToEnd();
        QVERIFY(job);
        const qint64 id = job->id;
        QCOMPARE(job->state, JobState::Ready);
        QCOMPARE(job->clipPath, QDir(rig.library->clipsDirectory()).filePath(u"%1.mp4"_s.arg(id)));
        QVERIFY(Mp4Info::fromFile(job->clipPath).complete);
        QCOMPARE(filesOutside(rig.root.path(), rig.libraryPath()), QStringList());
        QVERIFY(!QFile::exists(u"/tmp/paddock-hostile-%1.mp4"_s.arg(unique)));
        QVERIFY(isCleanText(job->requestId));
    }

    // Two jobs given the same request id keep a clip each, and both are recorded.
    void duplicateRequestIds()
    {
        Rig rig;
        rig.requestIds = {u"same-id"_s};
        rig.serveFinishedClips(m_clip);
        rig.start();
        const qint64 first = rig.queue->enqueue(textRequest());
        const qint64 second = rig.queue->enqueue(textRequest());
        QTRY_VERIFY_WITH_TIMEOUT(!rig.queue->job(first)->isRunning() && !rig.queue->job(second)->isRunning(), 10000);
        QCOMPARE(rig.queue->job(first)->state, JobState::Ready);
        QCOMPARE(rig.queue->job(second)->state, JobState::Ready);
        QVERIFY(rig.queue->job(first)->clipPath != rig.queue->job(second)->clipPath);
        for (qint64 id : {first, second}) {
            const auto stored = rig.library->job(id);
            QVERIFY(stored);
            QCOMPARE(stored->state, JobState::Ready); // written, not refused as a duplicate
            QCOMPARE(stored->requestId, u"same-id"_s);
            QVERIFY(Mp4Info::fromFile(stored->clipPath).complete);
        }
    }

    // Outputs that are not https web addresses are a clear failure of that job, and nothing is opened.
    void foreignSchemes_data()
    {
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("words");
        QTest::newRow("file FIFO") << u"file://FIFO"_s << u"“file:”"_s;
        QTest::newRow("file") << u"file:///etc/hostname"_s << u"“file:”"_s;
        QTest::newRow("data") << u"data:video/mp4;base64,AAAAGGZ0eXBpc29t"_s << u"“data:”"_s;
        QTest::newRow("bare path") << u"/etc/hostname"_s << u"no usable web address"_s;
        QTest::newRow("ftp") << u"ftp://127.0.0.1/clip.mp4"_s << u"“ftp:”"_s;
    }
    void foreignSchemes()
    {
        QFETCH(QString, output);
        QFETCH(QString, words);
        Rig rig;
        Fifo fifo(rig.root.filePath(u"pipe"_s));
        QVERIFY(fifo.ok);
        fifo.releaseAfter(1500);
        output.replace(u"FIFO"_s, fifo.path);
        rig.completeWith(output);
        rig.start();
        StallWatch stalls;
        const Job *job = rig.runToEnd();
        QVERIFY(job);
        QCOMPARE(job->state, JobState::Failed);
        QVERIFY2(job->error.contains(words), qPrintable(job->error));
        QVERIFY2(!job->error.contains(u"try again"_s), qPrintable(job->error));
        QVERIFY(job->clipPath.isEmpty());
        qInfo("Output %s: longest stall %lld ms", qPrintable(output.left(40)), stalls.longestMs());
        QVERIFY2(stalls.longestMs() < 500, qPrintable(u"the GUI thread stalled %1 ms"_s.arg(stalls.longestMs())));
        QCOMPARE(filesOutside(rig.root.path(), rig.libraryPath()), QStringList{fifo.path});
    }

    // Records naming special files, links and places outside the library: nothing opens them, nothing blocks.
    void storedSpecialFiles()
    {
        Rig rig;
        const QString clips = rig.library->clipsDirectory();
        Fifo clipFifo(clips + u"/fifo.mp4"_s);
        Fifo partFifo(clips + u"/1.mp4.part"_s);        // where job 1's download goes
        Fifo oldPartFifo(clips + u"/req-1.mp4.part"_s); // and where it went when request ids named clips
        QVERIFY(clipFifo.ok && partFifo.ok && oldPartFifo.ok);
        for (Fifo *fifo : {&clipFifo, &partFifo, &oldPartFifo})
            fifo->releaseAfter(1500);
        QVERIFY(QFile::link(u"/etc/hostname"_s, clips + u"/link.mp4"_s));
        QFile outside(rig.root.filePath(u"outside.mp4"_s));
        QVERIFY(outside.open(QIODevice::WriteOnly));
        outside.write(m_clip);
        outside.close();

        StallWatch stalls;
        // A stored download is carried on: its partial file's name is taken by a FIFO.
        rig.serveFinishedClips(m_clip);
        rig.start();
        const qint64 resumed = rig.queue->enqueue(textRequest());
        QTRY_VERIFY_WITH_TIMEOUT(!rig.queue->job(resumed)->isRunning(), 10000);
        QCOMPARE(rig.queue->job(resumed)->state, JobState::Ready);

        // Finished records naming a FIFO, a link out, and a file outside the library.
        QList<qint64> ids;
        for (const QString &path : {clipFifo.path, clips + u"/link.mp4"_s, outside.fileName()}) {
            Job job;
            job.request = textRequest();
            job.state = JobState::Queued;
            QString error;
            QVERIFY2(rig.library->saveJob(job, &error), qPrintable(error));
            job.state = JobState::Ready;
            job.clipPath = path;
            QVERIFY2(rig.library->saveJob(job, &error), qPrintable(error)); // reads the clip's boxes: never these
            ids << job.id;
        }
        LibraryModel model(rig.library.get());
        for (int row = 0; row < model.rowCount(); ++row)
            (void)model.index(row).data(LibraryModel::PosterRole); // asks for posters
        for (qint64 id : std::as_const(ids)) {
            QString error;
            if (id != ids.last()) // a pipe or a link is never copied out
                QVERIFY(
                    !LibraryModel::exportEntry(*rig.library->entry(id), rig.root.filePath(u"export.mp4"_s), &error));
            QVERIFY(rig.library->remove(id, &error));
        }
        QTest::qWait(300); // a poster grab would have started by now
        QVERIFY2(stalls.longestMs() < 500, qPrintable(u"the GUI thread stalled %1 ms"_s.arg(stalls.longestMs())));
        QVERIFY(outside.exists()); // not moved to the trash on the strength of a record
        QVERIFY(!QFile::exists(rig.root.filePath(u"export.mp4"_s)));
    }

    // An answer that never ends is cut off at the cap while it streams; memory stays flat.
    void endlessAnswer()
    {
        Rig rig;
        rig.server.on("/v2/requests/", [](const HostileServer::Request &) {
            return Response::streaming(Response::Tail::Endless, "{\"status\":\"PROCESSING\",\"padding\":\"",
                                       QByteArray(64 * 1024, 'x'));
        });
        rig.start();
        const qint64 before = procStatusKiB("VmRSS");
        StallWatch stalls;
        const qint64 id = rig.queue->enqueue(textRequest());
        QTRY_VERIFY_WITH_TIMEOUT(rig.queue->job(id)->note.contains(u"larger than 1 MB"_s), 10000);
        const qint64 grownKiB = procStatusKiB("VmHWM") - before;
        qInfo("Endless answer: peak memory grew %lld KiB, the server sent %lld KiB, longest stall %lld ms", grownKiB,
              rig.server.bytesSent() / 1024, stalls.longestMs());
        QVERIFY2(grownKiB < 64 * 1024, qPrintable(u"memory grew by %1 MB"_s.arg(grownKiB / 1024)));
        QVERIFY2(stalls.longestMs() < 500, qPrintable(u"the GUI thread stalled %1 ms"_s.arg(stalls.longestMs())));
        QVERIFY(rig.server.bytesSent() < 64 * 1024 * 1024);
    }

    // A byte a second never trips an idle timeout; the overall deadline ends the call.
    void trickleAnswer()
    {
        Rig rig;
        rig.server.on("/v2/requests/", [](const HostileServer::Request &) {
            return Response::streaming(Response::Tail::Trickle, "{\"status\":\"PROC", "ESSING", 200);
        });
        rig.start();
        QElapsedTimer clock;
        clock.start();
        const qint64 id = rig.queue->enqueue(textRequest());
        QTRY_VERIFY_WITH_TIMEOUT(rig.queue->job(id)->note.contains(u"in time"_s), 10000);
        QVERIFY2(clock.elapsed() < 6000, qPrintable(u"the call lasted %1 ms"_s.arg(clock.elapsed())));
        QVERIFY2(rig.queue->job(id)->note.contains(u"Retrying in"_s), qPrintable(rig.queue->job(id)->note));
    }

    // Oversized and absurdly nested answers are unusable: backoff, then the job ends, alone.
    void hugeAndDeepJson_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("2 MB") << "{\"status\":\"PROCESSING\",\"padding\":\"" + QByteArray(2 * 1024 * 1024, 'x') + "\"}";
        QTest::newRow("deep arrays") << QByteArray(200000, '[') + QByteArray(200000, ']');
        QByteArray deepOutput = "{\"status\":\"COMPLETED\",\"output\":";
        for (int i = 0; i < 500; ++i)
            deepOutput += "{\"video\":";
        deepOutput += "\"https://files.example/x.mp4\"" + QByteArray(500, '}') + "}";
        QTest::newRow("deep output") << deepOutput;
    }
    void hugeAndDeepJson()
    {
        QFETCH(QByteArray, body);
        Rig rig;
        rig.server.on("/v2/requests/", [body](const HostileServer::Request &) { return Response::json(200, body); });
        rig.start([](JobQueueSettings &s) { s.maxUnusableAnswers = 4; });
        const qint64 id = rig.queue->enqueue(textRequest());
        QTRY_VERIFY_WITH_TIMEOUT(!rig.queue->job(id)->isRunning(), 15000);
        const Job *job = rig.queue->job(id);
        QVERIFY(job->state == JobState::Unknown || job->state == JobState::Failed);
        QVERIFY2(job->error.contains(u"stopped"_s), qPrintable(job->error));
        QVERIFY(rig.server.count("/v2/requests/") <= 8);
    }

    // A finished job without a usable output is asked again with growing waits, then ends; no request storm.
    void completedWithoutUsableOutput()
    {
        Rig rig;
        rig.completeWith(QJsonValue(12345));
        rig.start([](JobQueueSettings &s) { s.maxUnusableAnswers = 5; });
        QElapsedTimer clock;
        clock.start();
        const qint64 id = rig.queue->enqueue(textRequest());
        QTRY_VERIFY_WITH_TIMEOUT(!rig.queue->job(id)->isRunning(), 15000);
        const Job *job = rig.queue->job(id);
        QCOMPARE(job->state, JobState::Failed); // finished on the service: it may have been billed
        QVERIFY2(job->error.contains(u"may have been billed"_s), qPrintable(job->error));
        QVERIFY2(!job->error.contains(u"will ask again"_s), qPrintable(job->error));
        QVERIFY(rig.server.count("/v2/requests/") <= 7);
        // 20 + 40 + 80 + 160 ms of backoff at the least, not a retry at the base interval for ever.
        QVERIFY(clock.elapsed() >= 250);
    }

    // Server text is cleaned of controls and direction overrides, cut, and never promises a retry.
    void brokenText_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::newRow("NUL and bidi")
            << QByteArray("{\"status\":\"FAILED\",\"error\":\"bad\\u0000thing \\u202Egnp.exe\\u202C done\"}") << 200;
        QTest::newRow("lone surrogate") << QByteArray("{\"status\":\"FAILED\",\"error\":\"half \\ud800 pair\"}") << 422;
        QTest::newRow("3000 characters") << "{\"status\":\"FAILED\",\"error\":\"" + QByteArray(3000, 'e') + "\"}"
                                         << 422;
        QTest::newRow("invalid UTF-8") << QByteArray("{\"status\":\"FAILED\",\"error\":\"\xff\xfe bytes\"}") << 422;
    }
    void brokenText()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        Rig rig;
        rig.server.on("/v2/requests/",
                      [body, status](const HostileServer::Request &) { return Response::json(status, body); });
        rig.start();
        JobListModel model(rig.queue.get());
        const Job *job = rig.runToEnd();
        QVERIFY(job);
        const qint64 id = job->id;
        QCOMPARE(job->state, JobState::Failed);
        QVERIFY2(isCleanText(job->error), qPrintable(job->error));
        QVERIFY2(job->error.size() <= SafeText::kMaxKeptLength + 200, qPrintable(QString::number(job->error.size())));
        QVERIFY(!job->error.contains(u"try again"_s) && !job->error.contains(u"ask again"_s));
        const QString tooltip = model.index(0).data(Qt::ToolTipRole).toString();
        QVERIFY2(tooltip.size() < SafeText::kMaxListLength + 200, qPrintable(QString::number(tooltip.size())));
        QVERIFY(isCleanText(rig.library->job(id)->error));
    }

    // Wrong types and extreme numbers: a balance that is not a sane number is unreadable, never shown as one.
    void extremeBalances_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("1e308") << QByteArray("{\"credits\": 1e308}");
        QTest::newRow("negative") << QByteArray("{\"credits\": -5}");
        QTest::newRow("NaN text") << QByteArray("{\"credits\": \"NaN\"}");
        QTest::newRow("infinity text") << QByteArray("{\"credits\": \"inf\"}");
        QTest::newRow("object") << QByteArray("{\"credits\": {\"value\": 3}}");
        QTest::newRow("bool") << QByteArray("{\"credits\": true}");
        QTest::newRow("free credits 1e300") << QByteArray("{\"credits\": 1, \"free-credits\": 1e300}");
    }
    void extremeBalances()
    {
        QFETCH(QByteArray, body);
        HostileServer server;
        QVERIFY(server.listen());
        QByteArray answer = "{\"credits\": 12.5}";
        server.on("/v1/get-user-credits",
                  [&answer](const HostileServer::Request &) { return Response::json(200, answer); });
        BackendChoice backend;
        backend.kind = BackendChoice::Kind::Segmind;
        backend.endpoint = server.url();
        Session session(backend, QString::fromLatin1(kKey), Session::queueSettingsFor(backend, QString()));
        QSignalSpy changed(&session, &Session::balanceChanged);
        session.refreshBalance();
        QVERIFY(changed.wait(5000));
        QCOMPARE(session.balanceCents(), std::optional<qint64>(1250));
        answer = body;
        session.refreshBalance();
        QVERIFY(changed.wait(5000));
        QCOMPARE(session.balanceCents(), std::nullopt); // the old $12.50 is no longer current
        QVERIFY(session.isBalanceUnreadable());
        QVERIFY2(session.balanceProblem().contains(u"unreadable"_s), qPrintable(session.balanceProblem()));
    }

    // Extreme metrics are dropped, not turned into money.
    void extremeMetrics()
    {
        Rig rig;
        rig.serveFinishedClips(m_clip, QJsonObject{{u"cost"_s, 1e308},
                                                   {u"total_time"_s, -5},
                                                   {u"queue_time"_s, u"NaN"_s},
                                                   {u"remaining_credits"_s, -1e300}});
        rig.start();
        const Job *job = rig.runToEnd();
        QVERIFY(job);
        QCOMPARE(job->state, JobState::Ready);
        QCOMPARE(job->chargedCents, -1);
        QCOMPARE(job->metrics.totalSeconds, std::nullopt);
        QCOMPARE(job->metrics.queueSeconds, std::nullopt);
        QCOMPARE(job->metrics.remainingCreditsCents, std::nullopt);
    }

    // A status URL on another host ends that job alone; the key never goes there; the rest of the queue goes on.
    void statusUrlOnAnotherHost()
    {
        Rig rig;
        HostileServer elsewhere;
        QVERIFY(elsewhere.listen());
        rig.statusBase = elsewhere.url(u"/v2/requests"_s).toString();
        rig.serveFinishedClips(m_clip);
        rig.start();
        const qint64 bad = rig.queue->enqueue(textRequest());
        QTRY_VERIFY_WITH_TIMEOUT(!rig.queue->job(bad)->isRunning(), 10000);
        QCOMPARE(rig.queue->job(bad)->state, JobState::Unknown);
        QVERIFY2(rig.queue->job(bad)->error.contains(u"another host"_s), qPrintable(rig.queue->job(bad)->error));
        QVERIFY(!rig.queue->isPaused());
        rig.statusBase.clear();
        const qint64 good = rig.queue->enqueue(textRequest());
        QTRY_VERIFY_WITH_TIMEOUT(!rig.queue->job(good)->isRunning(), 10000);
        QCOMPARE(rig.queue->job(good)->state, JobState::Ready);
        QCOMPARE(elsewhere.requests().size(), 0);
    }

    // Redirects: the API's are never followed (the key stays home); a download's only to an allowed address.
    void crossHostRedirects()
    {
        Rig rig;
        HostileServer elsewhere;
        QVERIFY(elsewhere.listen());
        rig.server.on("/v2/requests/", [&elsewhere](const HostileServer::Request &) {
            return Response::json(302, "{}", "\r\nLocation: " + elsewhere.url(u"/steal"_s).toEncoded());
        });
        rig.start([](JobQueueSettings &s) { s.maxUnusableAnswers = 3; });
        const qint64 api = rig.queue->enqueue(textRequest());
        QTRY_VERIFY_WITH_TIMEOUT(!rig.queue->job(api)->isRunning(), 10000);
        QCOMPARE(elsewhere.requests().size(), 0);

        Rig download;
        download.completeWith(download.server.url(u"/files/clip.mp4"_s).toString());
        download.server.on("/files/", [](const HostileServer::Request &) {
            return Response::json(302, "{}", "\r\nLocation: file:///etc/hostname");
        });
        download.start();
        const qint64 id = download.queue->enqueue(textRequest());
        QTRY_VERIFY_WITH_TIMEOUT(!download.queue->job(id)->isRunning(), 10000);
        const Job *job = download.queue->job(id);
        QCOMPARE(job->state, JobState::Failed);
        QVERIFY2(job->error.contains(u"redirected"_s), qPrintable(job->error));
        QCOMPARE(filesOutside(download.root.path(), download.libraryPath()), QStringList());
    }

    // A rate-limit reset time far away is not believed: the queue waits a short while, not until then.
    void farRateLimitReset()
    {
        Rig rig;
        int calls = 0;
        rig.server.on("/v2/requests/", [&calls, &rig](const HostileServer::Request &) {
            if (++calls == 1)
                return Response::json(429, "{\"error\":\"slow down\"}",
                                      "\r\nx-rate-limit-reset-at-utc: 2200-01-01T00:00:00Z");
            const QJsonObject body{{u"status"_s, u"COMPLETED"_s},
                                   {u"output"_s, rig.server.url(u"/files/clip.mp4"_s).toString()}};
            return Response::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
        });
        rig.serveClip(m_clip);
        rig.start([](JobQueueSettings &s) { s.rateLimitFallbackMs = 200; });
        const Job *job = rig.runToEnd();
        QVERIFY2(job, "the job waited for the year 2200");
        QCOMPARE(job->state, JobState::Ready);
    }

    // One job's problem that pauses the queue leaves no stale "Retrying in …" on the others.
    void pausedJobsSayWhy()
    {
        Rig rig;
        int calls = 0;
        rig.server.on("/v2/requests/1",
                      [](const HostileServer::Request &) { return Response::json(503, "{\"error\":\"busy\"}"); });
        rig.server.on("/v2/requests/2", [&calls](const HostileServer::Request &) {
            return ++calls < 3 ? Response::json(200, "{\"status\":\"PROCESSING\"}")
                               : Response::json(401, "{\"error\":\"Unauthorized\"}");
        });
        rig.start([](JobQueueSettings &s) {
            s.retryBaseMs = 100;
            s.retryCapMs = 100;
        });
        // Either job may reach the service first: both must say why they wait.
        const QList<qint64> ids{rig.queue->enqueue(textRequest()), rig.queue->enqueue(textRequest())};
        QTRY_VERIFY_WITH_TIMEOUT(rig.queue->isPaused(), 10000);
        for (qint64 id : ids)
            QTRY_VERIFY_WITH_TIMEOUT(rig.queue->job(id)->note.startsWith(u"Paused"_s), 3000);
        QTest::qWait(300); // an earlier retry timer would have fired by now
        for (qint64 id : ids)
            QVERIFY2(!rig.queue->job(id)->note.contains(u"Retrying in"_s), qPrintable(rig.queue->job(id)->note));
    }
};

QTEST_MAIN(TestHostileServer)
#include "tst_hostileserver.moc"
