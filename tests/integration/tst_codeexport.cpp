// CodeExport: the exported cURL and Python scripts, run for real (bash, sh, python3) against the simulator.
#include "api/CodeExport.h"
#include "api/GenerationRequest.h"
#include "media/Mp4Info.h"
#include "SimFixture.h"
#include "TestImages.h"
#include "TestTiming.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// Which generator, and which program runs its output: the shell script must work in bash and in a plain POSIX sh.
enum class Runner
{
    Bash,
    Sh,
    Python
};

struct RunResult
{
    bool finished = false;
    int exitCode = -1;
    QString out;
    QString err;

    // The script prints the downloaded file's path as its last line.
    QString lastLine() const { return out.trimmed().split(u'\n').constLast().trimmed(); }
};

const QString kKey = QString::fromLatin1(SimFixture::kKey);

CodeExport::Options fastOptions()
{
    CodeExport::Options options;
    options.pollSeconds = 1; // the simulator finishes in well under a second of job time
    return options;
}

CodeExport::Export generate(Runner runner, const GenerationRequest &request,
                            const CodeExport::Options &options = fastOptions())
{
    return runner == Runner::Python ? CodeExport::python(request, options) : CodeExport::curl(request, options);
}

GenerationRequest textRequest(const QString &prompt)
{
    GenerationRequest request;
    request.prompt = prompt;
    request.durationSeconds = 3;
    request.aspect = AspectRatio::R9x16;
    return request;
}

// Every character a shell, a JSON writer or a template might trip over, and our own template markers.
QString hostilePrompt()
{
    return u"It's a \"quoted\" 'test': $HOME ${PATH} `id` $(whoami) \\ back\\slash \\n \\' %1 %s @DATA@ @BODY@ "
           u"@POLL@ !! ; | & < > * ? ~ #\nsecond line\ttab 🐎🌅 一匹马在海滩上奔跑 é ü — end'"_s;
}

void addRunnerRows(bool withSh)
{
    QTest::addColumn<Runner>("runner");
    QTest::newRow("curl, bash") << Runner::Bash;
    if (withSh)
        QTest::newRow("curl, sh") << Runner::Sh;
    QTest::newRow("python") << Runner::Python;
}

// A one-shot HTTP endpoint that keeps what a script sent and refuses it: to compare the submitted body with what
// toJson() gives, which the simulator cannot show.
class CaptureServer final : public QObject
{
public:
    bool listen()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
        });
        return m_server.listen(QHostAddress::LocalHost);
    }
    QString url() const { return u"http://127.0.0.1:%1"_s.arg(m_server.serverPort()); }

    int requests = 0;
    QByteArray requestLine;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        QHash<QByteArray, QByteArray> seen;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                seen.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
        }
        if (seen.value("expect").toLower() == "100-continue" && !m_continued.contains(socket)) {
            m_continued.insert(socket);
            socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        const qsizetype length = seen.value("content-length").toLongLong();
        if (buffer.size() < headerEnd + 4 + length)
            return;
        ++requests;
        requestLine = lines.constFirst().trimmed();
        headers = seen;
        body = buffer.mid(headerEnd + 4, length);
        const QByteArray answer = R"({"error":"captured by the test"})";
        socket->write("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n"
                      "Content-Length: " +
                      QByteArray::number(answer.size()) + "\r\n\r\n" + answer);
        socket->disconnectFromHost();
        m_buffers.remove(socket);
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QSet<QTcpSocket *> m_continued;
};

} // namespace

Q_DECLARE_METATYPE(Runner)

class TestCodeExport final : public QObject
{
    Q_OBJECT

    // Writes the script (and its body file) into dir and runs it there. The simulator lives in this thread, so the
    // wait spins the event loop rather than blocking in waitForFinished().
    RunResult run(Runner runner, const CodeExport::Export &code, const QString &dir, const QString &baseUrl,
                  bool withKey = true, bool writeBodyFile = true)
    {
        RunResult result;
        const QString script = dir + u'/' + code.scriptFileName;
        QFile file(script);
        if (!file.open(QIODevice::WriteOnly) || file.write(code.code.toUtf8()) < 0)
            return result;
        file.close();
        if (code.needsBodyFile() && writeBodyFile) {
            QFile body(dir + u'/' + code.bodyFileName);
            if (!body.open(QIODevice::WriteOnly) || body.write(code.bodyJson) != code.bodyJson.size())
                return result;
        }

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"SEGMIND_BASE_URL"_s, baseUrl);
        env.remove(u"SEGMIND_API_KEY"_s);
        if (withKey)
            env.insert(u"SEGMIND_API_KEY"_s, kKey);
        QProcess process;
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(dir);
        const QString program = runner == Runner::Python ? u"python3"_s : runner == Runner::Sh ? u"sh"_s : u"bash"_s;
        process.start(program, {script});
        [&] { QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 120000); }();
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            [&] { QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 10000); }();
        }
        result.finished = process.exitStatus() == QProcess::NormalExit && process.error() != QProcess::FailedToStart;
        result.exitCode = process.exitCode();
        result.out = QString::fromUtf8(process.readAllStandardOutput());
        result.err = QString::fromUtf8(process.readAllStandardError());
        return result;
    }

    // Runs quickly without a simulator: for the quoting checks.
    QByteArray output(const QString &program, const QStringList &arguments)
    {
        QProcess process;
        process.start(program, arguments);
        [&] { QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 30000); }();
        return process.readAllStandardOutput();
    }

    // The run ended with a real clip in dir, named after the request id, with nothing half-written beside it.
    void verifyClip(const RunResult &result, const QString &dir)
    {
        QVERIFY2(result.finished, qPrintable(result.err));
        QVERIFY2(result.exitCode == 0, qPrintable(u"exit %1: %2"_s.arg(result.exitCode).arg(result.err)));
        const QFileInfo clip(result.lastLine());
        QVERIFY2(clip.isFile(), qPrintable(result.out));
        QCOMPARE(clip.canonicalPath(), QDir(dir).canonicalPath());
        QCOMPARE(clip.suffix(), u"mp4"_s);
        QVERIFY2(SimServer::looksLikeRequestId(clip.completeBaseName()), qPrintable(clip.fileName()));
        const Mp4Info info = Mp4Info::fromFile(clip.filePath());
        QVERIFY2(info.valid, qPrintable(info.error));
        QVERIFY(info.complete);
        QVERIFY(info.hasVideo);
        QVERIFY(info.hasAudio);
        QCOMPARE(QDir(dir).entryList({u"*.part"_s}, QDir::Files), QStringList());
    }

    // Exactly one POST, in the expected mode; the key never went to the files host.
    void verifyOneSubmit(SimFixture &sim, const QSignalSpy &log, const QString &modeName)
    {
        QCOMPARE(sim.server().counters().submits, 1);
        QCOMPARE(sim.server().counters().jobsCreated, 1);
        QCOMPARE(sim.server().counters().keysSentToFilesHost, 0);
        QStringList posts;
        for (const QList<QVariant> &entry : log) {
            const QString line = entry.constFirst().toString();
            if (line.startsWith(u"POST "_s))
                posts << line;
        }
        QCOMPARE(posts.size(), 1);
        QVERIFY2(posts.constFirst().contains(u' ' + modeName + u' '), qPrintable(posts.constFirst()));
    }

    static void verifyNoKey(const CodeExport::Export &code)
    {
        QVERIFY(!code.code.contains(kKey));
        QVERIFY(!code.bodyJson.contains(SimFixture::kKey));
        QVERIFY(code.code.contains(u"SEGMIND_API_KEY"_s));
    }

    static SimSettings simSettings()
    {
        SimSettings settings = SimSettings::forTests();
        settings.processingMs = 300;
        return settings;
    }

private Q_SLOTS:
    void quotingRoundTrips_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("single quotes") << u"'''it's'"_s;
        QTest::newRow("double quotes") << u"\"\"\"say \"hi\"\""_s;
        QTest::newRow("shell") << u"$HOME ${x:-y} `id` $(id) \\ \\\\ \\' ! * ~ # ; && || > <"_s;
        QTest::newRow("lines") << u"one\ntwo\r\nthree\tfour\\n"_s;
        QTest::newRow("controls") << u"a\x01"
                                     u"b\x1b[31mc\x7f d"_s;
        QTest::newRow("unicode") << u"🐎🌅 一匹马 é \u00a0 \u2028 \u2029 \u202e evil \u200d 👨\u200d👩\u200d👧 \ufeff"_s;
        QTest::newRow("hostile prompt") << hostilePrompt();
    }

    void quotingRoundTrips()
    {
        QFETCH(QString, text);
        QCOMPARE(output(u"sh"_s, {u"-c"_s, u"printf '%s' "_s + CodeExport::shellQuote(text)}), text.toUtf8());
        QCOMPARE(output(u"bash"_s, {u"-c"_s, u"printf '%s' "_s + CodeExport::shellQuote(text)}), text.toUtf8());
        const QString literal = CodeExport::pythonString(text);
        QCOMPARE(output(u"python3"_s, {u"-c"_s, u"import sys; sys.stdout.buffer.write("_s + literal + u".encode())"_s}),
                 text.toUtf8());
        // What a person sees is what is sent: nothing invisible or line-breaking stays raw in the Python source.
        QVERIFY(!literal.contains(u'\n'));
        QVERIFY(!literal.contains(QChar(0x2028)));
        QVERIFY(!literal.contains(QChar(0x202e)));
    }

    void refusesAnInvalidRequest()
    {
        const CodeExport::Export shell = CodeExport::curl(textRequest(QString()));
        QVERIFY(!shell.ok());
        QVERIFY(shell.code.isEmpty());
        QVERIFY(shell.error.contains(u"Prompt"_s));

        GenerationRequest missingImage = textRequest(u"A horse"_s);
        missingImage.firstFrame = ImageSource::fromFile(u"/nonexistent/frame.png"_s);
        const CodeExport::Export script = CodeExport::python(missingImage);
        QVERIFY(!script.ok());
        QVERIFY(!script.error.isEmpty());
    }

    void textToVideo_data() { addRunnerRows(true); }
    void textToVideo()
    {
        QFETCH(Runner, runner);
        SimFixture sim(simSettings());
        QVERIFY2(sim.started(), qPrintable(sim.startError()));
        QSignalSpy log(&sim.server(), &SimServer::requestLogged);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        const CodeExport::Export code = generate(runner, textRequest(u"A horse running on a beach at sunset"_s));
        QVERIFY2(code.ok(), qPrintable(code.error));
        QVERIFY(!code.needsBodyFile());
        QVERIFY(code.bodyJson.isEmpty());
        verifyNoKey(code);
        // The default address is the real service; the simulator is only reached through SEGMIND_BASE_URL.
        QVERIFY(code.code.contains(u"https://api.segmind.com"_s));

        const RunResult result = run(runner, code, dir.path(), sim.server().baseUrl().toString());
        verifyClip(result, dir.path());
        if (QTest::currentTestFailed())
            return;
        verifyOneSubmit(sim, log, u"text-to-video"_s);
        QVERIFY(sim.server().counters().statusCalls >= 1);
        QVERIFY(sim.server().counters().resultCalls >= 1);
    }

    void hostilePromptRuns_data() { addRunnerRows(true); }
    void hostilePromptRuns()
    {
        QFETCH(Runner, runner);
        SimFixture sim(simSettings());
        QVERIFY2(sim.started(), qPrintable(sim.startError()));
        QSignalSpy log(&sim.server(), &SimServer::requestLogged);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        GenerationRequest request = textRequest(hostilePrompt());
        request.negativePrompt = u"blurry 'low' \"quality\" $(rm -rf ~)"_s;
        request.seed = 42;
        const CodeExport::Export code = generate(runner, request);
        QVERIFY2(code.ok(), qPrintable(code.error));
        verifyNoKey(code);

        const RunResult result = run(runner, code, dir.path(), sim.server().baseUrl().toString());
        verifyClip(result, dir.path());
        if (QTest::currentTestFailed())
            return;
        verifyOneSubmit(sim, log, u"text-to-video"_s);
        // Nothing in the prompt was executed or expanded by the shell.
        QVERIFY(!QFileInfo::exists(dir.filePath(u"whoami"_s)));
    }

    // The simulator cannot show the body it got, so a capturing endpoint compares it with toJson(), field by field.
    void hostilePromptIsSentUnchanged_data() { addRunnerRows(true); }
    void hostilePromptIsSentUnchanged()
    {
        QFETCH(Runner, runner);
        CaptureServer capture;
        QVERIFY(capture.listen());
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        GenerationRequest request = textRequest(hostilePrompt());
        request.negativePrompt = u"`blurry` \\ 'low' \"quality\"\n$((1+1))"_s;
        request.seed = 2147483647;
        request.promptExtend = true;
        const CodeExport::Export code = generate(runner, request);
        QVERIFY2(code.ok(), qPrintable(code.error));

        const RunResult result = run(runner, code, dir.path(), capture.url());
        QVERIFY(result.finished);
        QCOMPARE(capture.requests, 1);
        QCOMPARE(capture.requestLine, QByteArray("POST /v2/happyhorse-1.1 HTTP/1.1"));
        QCOMPARE(capture.headers.value("x-api-key"), QByteArray(SimFixture::kKey));
        QVERIFY(capture.headers.value("content-type").startsWith("application/json"));
        QJsonParseError error;
        const QJsonDocument sent = QJsonDocument::fromJson(capture.body, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(sent.object(), request.toJson());
        QCOMPARE(sent.object().value(u"prompt"_s).toString(), hostilePrompt().trimmed());
        // A refused submit ends the script with the service's words and a failure code.
        QVERIFY(result.exitCode != 0);
        QVERIFY2(result.err.contains(u"captured by the test"_s), qPrintable(result.err));
        QVERIFY2(result.err.contains(u"400"_s), qPrintable(result.err));
    }

    void imageToVideoWithLocalImage_data() { addRunnerRows(false); }
    void imageToVideoWithLocalImage()
    {
        QFETCH(Runner, runner);
        SimFixture sim(simSettings());
        QVERIFY2(sim.started(), qPrintable(sim.startError()));
        QSignalSpy log(&sim.server(), &SimServer::requestLogged);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString framePath = dir.filePath(u"first frame.png"_s);
        QFile frame(framePath);
        QVERIFY(frame.open(QIODevice::WriteOnly));
        QVERIFY(frame.write(TestImages::encoded(QSize(640, 360), "PNG", 30)) > 0);
        frame.close();

        GenerationRequest request = textRequest(u"The horse starts to gallop"_s);
        request.firstFrame = ImageSource::fromFile(framePath);
        const CodeExport::Export code = generate(runner, request);
        QVERIFY2(code.ok(), qPrintable(code.error));
        QVERIFY(!code.needsBodyFile());
        QVERIFY(code.code.contains(u"data:image/png;base64,"_s));
        QVERIFY(!code.code.contains(framePath)); // the image travels with the code, not as a path on this computer
        QVERIFY(!code.code.contains(u"aspect_ratio"_s)); // only image-to-video's fields
        verifyNoKey(code);

        const RunResult result = run(runner, code, dir.path(), sim.server().baseUrl().toString());
        verifyClip(result, dir.path());
        if (QTest::currentTestFailed())
            return;
        verifyOneSubmit(sim, log, u"image-to-video"_s);
    }

    void largeBodyGoesToSideFile_data() { addRunnerRows(false); }
    void largeBodyGoesToSideFile()
    {
        QFETCH(Runner, runner);
        SimFixture sim(simSettings());
        QVERIFY2(sim.started(), qPrintable(sim.startError()));
        QSignalSpy log(&sim.server(), &SimServer::requestLogged);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        // Noise does not compress: a PNG of about 700 KB, whose data URI is far over the inline limit.
        QImage noise(480, 480, QImage::Format_RGB32);
        QRandomGenerator random(7);
        for (int y = 0; y < noise.height(); ++y) {
            auto *line = reinterpret_cast<QRgb *>(noise.scanLine(y));
            for (int x = 0; x < noise.width(); ++x)
                line[x] = 0xff000000u | (random.generate() & 0xffffffu);
        }
        const QString framePath = dir.filePath(u"noise.png"_s);
        QVERIFY(noise.save(framePath, "PNG"));
        QVERIFY(QFileInfo(framePath).size() > 500 * 1000);

        GenerationRequest request = textRequest(u"It's \"noise\" — $HOME"_s);
        request.firstFrame = ImageSource::fromFile(framePath);
        const CodeExport::Export code = generate(runner, request);
        QVERIFY2(code.ok(), qPrintable(code.error));
        QVERIFY(code.needsBodyFile());
        QCOMPARE(code.bodyFileName, CodeExport::Options().bodyFileName);
        QVERIFY(code.code.contains(code.bodyFileName));
        QVERIFY(!code.code.contains(u"data:image"_s));
        QVERIFY(code.code.size() < 20000);
        QCOMPARE(QJsonDocument::fromJson(code.bodyJson).object(), request.toJson());
        verifyNoKey(code);

        // Without its body file the script says so and sends nothing.
        QTemporaryDir bare;
        QVERIFY(bare.isValid());
        const RunResult missing =
            run(runner, code, bare.path(), sim.server().baseUrl().toString(), true, /*writeBodyFile=*/false);
        QVERIFY(missing.finished);
        QVERIFY(missing.exitCode != 0);
        QVERIFY2(missing.err.contains(code.bodyFileName), qPrintable(missing.err));
        QCOMPARE(sim.server().counters().submits, 0);

        const RunResult result = run(runner, code, dir.path(), sim.server().baseUrl().toString());
        verifyClip(result, dir.path());
        if (QTest::currentTestFailed())
            return;
        verifyOneSubmit(sim, log, u"image-to-video"_s);
    }

    void smallLimitAlsoUsesSideFile()
    {
        // The limit is the caller's: a plain text request can go to a side file too, under a name of its choosing,
        // and a name that would need quoting falls back to the default.
        CodeExport::Options options;
        options.inlineLimitBytes = 10;
        options.bodyFileName = u"my-body.json"_s;
        const CodeExport::Export shell = CodeExport::curl(textRequest(u"A horse"_s), options);
        QCOMPARE(shell.bodyFileName, u"my-body.json"_s);
        QCOMPARE(QJsonDocument::fromJson(shell.bodyJson).object(), textRequest(u"A horse"_s).toJson());
        options.bodyFileName = u"$(id) 'x'.json"_s;
        QCOMPARE(CodeExport::python(textRequest(u"A horse"_s), options).bodyFileName,
                 CodeExport::Options().bodyFileName);
    }

    void failedJobExitsWithTheServiceError_data() { addRunnerRows(false); }
    void failedJobExitsWithTheServiceError()
    {
        QFETCH(Runner, runner);
        SimSettings settings = simSettings();
        settings.failureRate = 1.0;
        SimFixture sim(settings);
        QVERIFY2(sim.started(), qPrintable(sim.startError()));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        const CodeExport::Export code = generate(runner, textRequest(u"A horse that will not be rendered"_s));
        QVERIFY2(code.ok(), qPrintable(code.error));
        const RunResult result = run(runner, code, dir.path(), sim.server().baseUrl().toString());
        QVERIFY(result.finished);
        QVERIFY(result.exitCode != 0);
        QCOMPARE(sim.server().counters().submits, 1);
        QCOMPARE(QDir(dir.path()).entryList({u"*.mp4"_s, u"*.part"_s}, QDir::Files), QStringList());

        // The message printed is the one the service gives for this job.
        const QRegularExpressionMatch id = QRegularExpression(u"Submitted as ([0-9a-f-]{36})"_s).match(result.err);
        QVERIFY2(id.hasMatch(), qPrintable(result.err));
        const HttpResult status = sim.getWithKey(sim.url(u"/v2/requests/%1/status"_s.arg(id.captured(1))));
        QCOMPARE(status.status, 422);
        QVERIFY(!status.errorText().isEmpty());
        QVERIFY2(result.err.contains(u"The job failed: "_s + status.errorText()), qPrintable(result.err));
    }

    void missingKeyStopsBeforeSending_data() { addRunnerRows(true); }
    void missingKeyStopsBeforeSending()
    {
        QFETCH(Runner, runner);
        SimFixture sim(simSettings());
        QVERIFY2(sim.started(), qPrintable(sim.startError()));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        const CodeExport::Export code = generate(runner, textRequest(u"A horse"_s));
        const RunResult result = run(runner, code, dir.path(), sim.server().baseUrl().toString(), false);
        QVERIFY(result.finished);
        QVERIFY(result.exitCode != 0);
        QVERIFY2(result.err.contains(u"SEGMIND_API_KEY is not set"_s), qPrintable(result.err));
        QCOMPARE(sim.server().counters().submits, 0);
    }

    void rateLimitIsWaitedOut_data() { addRunnerRows(false); }
    void rateLimitIsWaitedOut()
    {
        QFETCH(Runner, runner);
        // Two calls per 8 s window: the submit and the first status call pass, and the third call, a second or two
        // later, is refused until the window resets. (At 4 s a loaded machine could start the scripts' curl calls so
        // slowly that the window reset first, and nothing was refused.)
        SimSettings settings = simSettings();
        settings.rateLimitPerMinute = 2;
        settings.rateWindowMs = TestTiming::scaledMs(8000);
        SimFixture sim(settings);
        QVERIFY2(sim.started(), qPrintable(sim.startError()));
        QSignalSpy log(&sim.server(), &SimServer::requestLogged);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        const CodeExport::Export code = generate(runner, textRequest(u"A patient horse"_s));
        const RunResult result = run(runner, code, dir.path(), sim.server().baseUrl().toString());
        verifyClip(result, dir.path());
        if (QTest::currentTestFailed())
            return;
        verifyOneSubmit(sim, log, u"text-to-video"_s);
        QVERIFY(sim.server().counters().rateLimited >= 1);
        QVERIFY2(result.err.contains(u"Rate limited"_s), qPrintable(result.err));
    }
};

QTEST_GUILESS_MAIN(TestCodeExport)
#include "tst_codeexport.moc"
