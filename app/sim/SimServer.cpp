#include "sim/SimServer.h"

#include "sim/ClipRenderer.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QtEndian>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

using StatusCode = QHttpServerResponder::StatusCode;

const QString kModelSlug = u"happyhorse-1.1"_s;

// Segmind's documented 401 texts.
const QString kMissingKey = u"Missing Authorization or x-api-key in header"_s;
const QString kInvalidKey = u"Unauthorized. API key is invalid or may have expired."_s;

const QByteArray kMethodNotAllowedPage =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>405 Method Not Allowed</title></head>\n"
    "<body><h1>Method Not Allowed</h1><p>The method is not allowed for the requested URL.</p></body>\n</html>\n";

const QByteArray kBadGatewayPage =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n"
    "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

QByteArray headerValue(const QHttpServerRequest &request, const QByteArray &name)
{
    const auto headers = request.headers();
    for (const auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return {};
}

QString methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return u"GET"_s;
    case QHttpServerRequest::Method::Post:
        return u"POST"_s;
    case QHttpServerRequest::Method::Put:
        return u"PUT"_s;
    case QHttpServerRequest::Method::Delete:
        return u"DELETE"_s;
    case QHttpServerRequest::Method::Head:
        return u"HEAD"_s;
    case QHttpServerRequest::Method::Options:
        return u"OPTIONS"_s;
    case QHttpServerRequest::Method::Patch:
        return u"PATCH"_s;
    default:
        return u"OTHER"_s;
    }
}

// Logs show which key called, never the key itself.
QString maskedKey(const QString &key)
{
    if (key.isEmpty())
        return u"none"_s;
    return key.left(3) + u"…"_s;
}

QString dollars(qint64 cents)
{
    return u"$%1.%2"_s.arg(cents / 100).arg(qAbs(cents % 100), 2, 10, QLatin1Char('0'));
}

} // namespace

// Streams one output file to a client: throttled when asked, cut off part-way when asked, and with
// optional padding (an MP4 'free' box) so big downloads can be tested without big renders.
class SimDownload final : public QObject
{
public:
    SimDownload(QHttpServerResponder &&responder, QObject *parent)
        : QObject(parent), m_responder(std::make_unique<QHttpServerResponder>(std::move(responder)))
    {
    }

    bool start(const QString &path, qint64 padding, qint64 bytesPerSecond, double cutFraction)
    {
        m_file.setFileName(path);
        if (!m_file.open(QIODevice::ReadOnly))
            return false;
        m_padding = padding > 0 ? qMax<qint64>(padding, 8) : 0;
        m_total = m_file.size() + m_padding;
        m_cutAfter = cutFraction > 0 ? qint64(double(m_total) * cutFraction) : -1;
        m_bytesPerSecond = bytesPerSecond;
        m_socket = m_responder->socket();

        m_responder->writeStatusLine(StatusCode::Ok);
        m_responder->writeHeader("Content-Type", "video/mp4");
        m_responder->writeHeader("Content-Length", QByteArray::number(m_total));
        // The body goes straight to the socket, chunk by chunk, so that it can be paced and cut.
        m_socket->write("\r\n");

        connect(m_socket, &QTcpSocket::bytesWritten, this, &SimDownload::pump);
        connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
        if (m_bytesPerSecond > 0) {
            m_throttle.setInterval(50);
            connect(&m_throttle, &QTimer::timeout, this, [this] {
                m_allowance = qMin(m_allowance + m_bytesPerSecond / 20, m_bytesPerSecond);
                pump();
            });
            m_throttle.start();
        }
        pump();
        return true;
    }

private:
    static constexpr qint64 kChunk = 64 * 1024;
    static constexpr qint64 kMaxBuffered = 256 * 1024;

    void pump()
    {
        if (!m_socket || m_finished)
            return;
        while (m_sent < m_total && m_socket->bytesToWrite() < kMaxBuffered) {
            qint64 want = qMin(kChunk, m_total - m_sent);
            if (m_bytesPerSecond > 0)
                want = qMin(want, m_allowance);
            if (m_cutAfter >= 0)
                want = qMin(want, m_cutAfter - m_sent);
            if (want <= 0)
                break;
            const QByteArray chunk = readChunk(want);
            if (chunk.isEmpty()) {
                m_socket->abort();
                finish();
                return;
            }
            m_socket->write(chunk);
            m_sent += chunk.size();
            if (m_bytesPerSecond > 0)
                m_allowance -= chunk.size();
        }
        if (m_cutAfter >= 0 && m_sent >= m_cutAfter) {
            // The connection drops with the body incomplete, as a flaky network or CDN would.
            m_socket->flush();
            m_socket->disconnectFromHost();
            finish();
        } else if (m_sent >= m_total) {
            finish();
        }
    }

    QByteArray readChunk(qint64 want)
    {
        const qint64 fileSize = m_file.size();
        if (m_sent < fileSize)
            return m_file.read(qMin(want, fileSize - m_sent));
        // Padding: a 'free' box header followed by zeros.
        QByteArray chunk(want, '\0');
        const qint64 offsetInPadding = m_sent - fileSize;
        if (offsetInPadding < 8) {
            QByteArray header(8, '\0');
            qToBigEndian<quint32>(quint32(m_padding), header.data());
            header.replace(4, 4, "free");
            for (qint64 i = offsetInPadding; i < 8 && i - offsetInPadding < want; ++i)
                chunk[i - offsetInPadding] = header.at(i);
        }
        return chunk;
    }

    void finish()
    {
        m_finished = true;
        m_throttle.stop();
        deleteLater();
    }

    std::unique_ptr<QHttpServerResponder> m_responder;
    QPointer<QTcpSocket> m_socket;
    QFile m_file;
    QTimer m_throttle;
    qint64 m_padding = 0;
    qint64 m_total = 0;
    qint64 m_sent = 0;
    qint64 m_cutAfter = -1;
    qint64 m_bytesPerSecond = 0;
    qint64 m_allowance = 0;
    bool m_finished = false;
};

SimServer::SimServer(const SimSettings &settings, QObject *parent)
    : QObject(parent), m_settings(settings), m_random(settings.seed),
      m_rateLimiter(settings.rateLimitPerMinute, settings.rateWindowMs), m_balanceCents(settings.balanceCents)
{
    m_clock.start();

    QString cacheDirectory = m_settings.cacheDirectory;
    if (cacheDirectory.isEmpty()) {
        m_ownCacheDir = std::make_unique<QTemporaryDir>(QDir::tempPath() + u"/paddock-sim-XXXXXX"_s);
        cacheDirectory = m_ownCacheDir->path();
    }
    m_renderer = new ClipRenderer(cacheDirectory, this);
    m_renderer->setFfmpegProgram(m_settings.ffmpegProgram);
    m_renderer->setMaxConcurrentRenders(m_settings.maxConcurrentRenders);
    connect(m_renderer, &ClipRenderer::finished, this, &SimServer::renderFinished);
    connect(m_renderer, &ClipRenderer::failed, this, &SimServer::renderFailed);

    m_api = new QHttpServer(this);
    m_files = new QHttpServer(this);
    installRoutes();
}

SimServer::~SimServer() = default;

bool SimServer::start(QString *error)
{
    QString problem;
    if (!m_settings.validate(&problem)) {
        *error = problem;
        return false;
    }
    QString ffmpegProblem;
    if (m_settings.checkFfmpegAtStart && !ClipRenderer::ffmpegAvailable(m_settings.ffmpegProgram, &ffmpegProblem)) {
        *error = ffmpegProblem;
        return false;
    }
    m_apiPort = m_api->listen(m_settings.bindAddress, m_settings.port);
    if (m_apiPort == 0) {
        *error = u"Could not listen on %1 port %2: it may be in use by another program. Choose another with "
                 u"--port, or 0 for any free port."_s.arg(m_settings.bindAddress.toString())
                     .arg(m_settings.port);
        return false;
    }
    m_filesPort = m_files->listen(m_settings.bindAddress, m_settings.filesPort);
    if (m_filesPort == 0) {
        *error = u"Could not listen for the files host on port %1: choose another with --files-port."_s.arg(
            m_settings.filesPort);
        return false;
    }
    return true;
}

QUrl SimServer::baseUrl() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(m_settings.bindAddress.toString());
    url.setPort(m_apiPort);
    return url;
}

QUrl SimServer::filesUrl() const
{
    QUrl url = baseUrl();
    url.setPort(m_filesPort);
    return url;
}

QUrl SimServer::requestUrl(const QString &path) const
{
    QUrl url = baseUrl();
    url.setPath(path);
    return url;
}

QString SimServer::jobStatus(const QString &requestId) const
{
    const auto it = m_jobs.constFind(requestId);
    return it == m_jobs.constEnd() ? QString() : it->statusName();
}

bool SimServer::looksLikeRequestId(const QString &text)
{
    static const QRegularExpression pattern(u"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"_s);
    return pattern.match(text).hasMatch();
}

QString SimServer::newRequestId()
{
    // Drawn from the seeded generator so that a run is repeatable; shaped like a version 4 UUID.
    QByteArray bytes(16, '\0');
    for (int i = 0; i < 16; i += 8)
        qToBigEndian<quint64>(m_random.generate(), bytes.data() + i);
    bytes[6] = char((bytes[6] & 0x0f) | 0x40);
    bytes[8] = char((bytes[8] & 0x3f) | 0x80);
    const QString hex = QString::fromLatin1(bytes.toHex());
    return hex.left(8) + u'-' + hex.mid(8, 4) + u'-' + hex.mid(12, 4) + u'-' + hex.mid(16, 4) + u'-' + hex.mid(20);
}

void SimServer::installRoutes()
{
    const auto anyMethod = QHttpServerRequest::Methods(QHttpServerRequest::Method::AnyKnown);

    m_api->route(u"/v2/"_s + kModelSlug, anyMethod,
                 [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                     handleApi(Route::Submit, {}, request, std::move(responder));
                 });
    m_api->route(u"/v2/requests/<arg>/status"_s, anyMethod,
                 [this](const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                     handleApi(Route::Status, id, request, std::move(responder));
                 });
    m_api->route(u"/v2/requests/<arg>"_s, anyMethod,
                 [this](const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                     handleApi(Route::Result, id, request, std::move(responder));
                 });
    m_api->route(u"/v1/requests/<arg>"_s, anyMethod,
                 [this](const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                     handleApi(Route::Poll, id, request, std::move(responder));
                 });
    m_api->route(u"/v1/get-user-credits"_s, anyMethod,
                 [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                     handleApi(Route::Credits, {}, request, std::move(responder));
                 });
    m_api->route(u"/v1/"_s + kModelSlug, anyMethod,
                 [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                     handleApi(Route::SyncSubmit, {}, request, std::move(responder));
                 });
    m_api->route(u"/v1/<arg>"_s, anyMethod,
                 [this](const QString &slug, const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                     handleApi(Route::OtherModel, slug, request, std::move(responder));
                 });
    m_api->route(u"/v2/<arg>"_s, anyMethod,
                 [this](const QString &slug, const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                     handleApi(Route::OtherModel, slug, request, std::move(responder));
                 });
    m_api->setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        const QString prefix = methodName(request.method()) + u' ' + request.url().path();
        respondJson(responder, 404, QJsonObject{{u"error"_s, u"Not found"_s}}, prefix);
    });

    m_files->route(u"/files/<arg>"_s, anyMethod,
                   [this](const QString &name, const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                       handleFile(name, request, std::move(responder));
                   });
    m_files->setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        const QString prefix = u"files "_s + methodName(request.method()) + u' ' + request.url().path();
        respondRaw(responder, 404, "Not Found\n", "text/plain", prefix);
    });
}

void SimServer::handleApi(Route route, const QString &argument, const QHttpServerRequest &request,
                          QHttpServerResponder &&responder)
{
    const QString key = QString::fromUtf8(headerValue(request, "x-api-key")).trimmed();
    const QString prefix =
        methodName(request.method()) + u' ' + request.url().path() + u" key="_s + maskedKey(key);

    const bool wantsPost = route == Route::Submit || route == Route::SyncSubmit || route == Route::OtherModel;
    const auto expected = wantsPost ? QHttpServerRequest::Method::Post : QHttpServerRequest::Method::Get;
    if (request.method() != expected) {
        // The real service answers a wrong method with an HTML page, not JSON.
        respondRaw(responder, 405, kMethodNotAllowedPage, "text/html; charset=utf-8", prefix,
                   {{"Allow", wantsPost ? "POST" : "GET"}});
        return;
    }

    // Cleared however this request is answered: only a POST answered right here has a current record.
    const auto endOfSubmit = qScopeGuard([this] { m_currentSubmit = -1; });
    switch (route) {
    case Route::Submit:
    case Route::SyncSubmit:
        if (!m_settings.statsFile.isEmpty()) {
            const QJsonObject body = QJsonDocument::fromJson(request.body()).object();
            SubmitRecord record;
            record.atMs = nowMs();
            record.prompt = body.value(u"prompt"_s).toString();
            record.negativePrompt = body.value(u"negative_prompt"_s).toString();
            m_currentSubmit = m_submitRecords.size();
            m_submitRecords << record;
        }
        ++m_counters.submits;
        break;
    case Route::OtherModel:
        ++m_counters.submits;
        break;
    case Route::Status:
        ++m_counters.statusCalls;
        break;
    case Route::Result:
        ++m_counters.resultCalls;
        break;
    case Route::Poll:
        ++m_counters.pollCalls;
        break;
    case Route::Credits:
        ++m_counters.creditCalls;
        break;
    }

    // Faults first: they stand for trouble between Paddock and the service.
    if (roll(m_settings.noAnswerRate)) {
        log(prefix + u" → no answer (fault)"_s);
        if (m_currentSubmit >= 0)
            m_submitRecords[m_currentSubmit].outcome = u"no-answer"_s;
        m_unanswered.push_back(std::make_unique<QHttpServerResponder>(std::move(responder)));
        return;
    }
    if (roll(m_settings.serverErrorRate)) {
        static const int codes[] = {500, 502, 503, 504};
        static const char *messages[] = {"Internal server error", "Bad gateway", "Service temporarily unavailable",
                                         "Gateway timeout"};
        const int pick = int(m_random.bounded(4u));
        respondJson(responder, codes[pick], QJsonObject{{u"error"_s, QString::fromLatin1(messages[pick])}}, prefix);
        return;
    }
    if (roll(m_settings.htmlErrorRate)) {
        respondRaw(responder, 502, kBadGatewayPage, "text/html", prefix);
        return;
    }

    // Segmind's documented texts. A key sent as a bearer token is an Authorization header the service cannot
    // accept, so it gets the invalid-key text [chosen]; the docs quote that text only up to "expired".
    if (key.isEmpty()) {
        const bool authorization = !headerValue(request, "authorization").trimmed().isEmpty();
        respondJson(responder, 401, QJsonObject{{u"error"_s, authorization ? kInvalidKey : kMissingKey}}, prefix);
        return;
    }
    if (!m_settings.acceptedKeys.isEmpty() && !m_settings.acceptedKeys.contains(key)) {
        respondJson(responder, 401, QJsonObject{{u"error"_s, kInvalidKey}}, prefix);
        return;
    }

    const bool isPoll = route == Route::Status || route == Route::Result || route == Route::Poll;
    qint64 resetAtMs = 0;
    if ((!isPoll || m_settings.pollsCountTowardsLimit) && !m_rateLimiter.allow(key, nowMs(), &resetAtMs)) {
        ++m_counters.rateLimited;
        const QDateTime resetAt = QDateTime::currentDateTimeUtc().addMSecs(resetAtMs - nowMs());
        respondJson(responder, 429, QJsonObject{{u"error"_s, u"Rate limit exceeded"_s}}, prefix,
                    {{"x-rate-limit-reset-at-utc", resetAt.toString(Qt::ISODateWithMs).toLatin1()}});
        return;
    }

    switch (route) {
    case Route::Submit:
    case Route::SyncSubmit:
        handleSubmit(request, key, std::move(responder), prefix, route == Route::SyncSubmit);
        return;
    case Route::OtherModel:
        respondJson(responder, 404, QJsonObject{{u"error"_s, u"Model %1 not found"_s.arg(argument)}}, prefix);
        return;
    case Route::Status:
    case Route::Result:
    case Route::Poll:
        handleRequestLookup(route, argument, std::move(responder), prefix);
        return;
    case Route::Credits:
        if (m_settings.creditsNotFound) {
            respondJson(responder, 404, QJsonObject{{u"error"_s, u"No credits found for the user"_s}}, prefix);
            return;
        }
        if (roll(m_settings.malformedJsonRate)) {
            respondRaw(responder, 200, "{\"credits\": 12.", "application/json", prefix + u" (malformed)"_s);
            return;
        }
        respondJson(responder, 200,
                    QJsonObject{{u"credits"_s, double(m_balanceCents) / 100.0},
                                {u"free-credits"_s, double(m_settings.freeCreditsCents) / 100.0}},
                    prefix);
        return;
    }
}

void SimServer::handleSubmit(const QHttpServerRequest &request, const QString &key, QHttpServerResponder &&responder,
                             const QString &prefix, bool sync)
{
    if (m_settings.modelRetired) {
        respondJson(responder, 410,
                    QJsonObject{{u"error"_s, u"Model %1 has been retired and is no longer available"_s.arg(kModelSlug)}},
                    prefix);
        return;
    }
    if (m_settings.forbiddenKeys.contains(key)) {
        respondJson(responder, 403,
                    QJsonObject{{u"error"_s, u"Your account does not have access to %1"_s.arg(kModelSlug)}}, prefix);
        return;
    }
    const QByteArray contentType = headerValue(request, "content-type").trimmed().toLower();
    if (!contentType.startsWith("application/json")) {
        respondJson(responder, 406, QJsonObject{{u"error"_s, u"Invalid content type"_s}}, prefix);
        return;
    }

    const SimValidation validation = SimValidator::validate(request.body(), m_settings.honourExif);
    if (!validation.ok()) {
        respondJson(responder, validation.httpStatus, QJsonObject{{u"error"_s, validation.error}}, prefix);
        return;
    }

    const SimJobRequest &jobRequest = validation.request;
    const qint64 cost = jobRequest.costCents();
    const qint64 required = qMax(cost, m_settings.reservationCents);
    const qint64 available = m_balanceCents + m_settings.freeCreditsCents;
    if (available < required) {
        respondJson(responder, 406,
                    QJsonObject{{u"error"_s, u"Insufficient credits: your balance is %1 and this call needs %2 "
                                             u"available (estimated cost %3)"_s.arg(dollars(available),
                                                                                   dollars(required), dollars(cost))}},
                    prefix);
        return;
    }

    SimJob job;
    job.id = newRequestId();
    job.apiKey = key;
    job.request = jobRequest;
    job.submittedAtMs = nowMs();
    // Each job's fate comes from its own generator, seeded from the simulator's seed and the job's number,
    // so fates do not depend on how many GETs happened in between.
    QRandomGenerator64 fate(m_settings.seed * 0x9E3779B97F4A7C15ULL + quint64(m_counters.jobsCreated + 1));
    job.seed = jobRequest.seed.value_or(qint64(fate.bounded(quint64(2147483648ULL))));
    if (m_settings.failureRate > 0 && fate.generateDouble() < m_settings.failureRate) {
        job.fate = SimJob::Fate::Fail;
        static const char *reasons[] = {
            "The generated video was flagged by the content safety filter.",
            "Generation failed: the model could not produce a video for this input. Please try again.",
            "Inference timed out on the GPU worker. Please try again.",
        };
        job.failureMessage = QString::fromLatin1(reasons[fate.bounded(3u)]);
    } else if (m_settings.neverCompleteRate > 0 && fate.generateDouble() < m_settings.neverCompleteRate) {
        job.fate = SimJob::Fate::NeverComplete;
    }
    if (m_settings.runTimeFactorHigh > m_settings.runTimeFactorLow) {
        const double low = std::log(m_settings.runTimeFactorLow);
        const double high = std::log(m_settings.runTimeFactorHigh);
        job.runTimeFactor = std::exp(low + (high - low) * fate.generateDouble());
    } else {
        job.runTimeFactor = m_settings.runTimeFactorLow;
    }
    ++m_counters.jobsCreated;
    const QString id = job.id;

    RenderSpec spec;
    spec.modeLabel = jobRequest.modeLabel();
    spec.prompt = jobRequest.prompt;
    spec.seed = job.seed;
    spec.width = jobRequest.outputSize.width();
    spec.height = jobRequest.outputSize.height();
    spec.durationSeconds = jobRequest.durationSeconds;
    for (const SimImage &image : jobRequest.images)
        spec.images << image.bytes;
    spec.honourExif = m_settings.honourExif;
    m_jobs.insert(id, job);
    m_jobsByTicket[m_renderer->render(spec)] << id;
    if (m_currentSubmit >= 0)
        m_submitRecords[m_currentSubmit].requestId = id;

    const double factor = job.runTimeFactor / m_settings.speed;
    const auto scaled = [factor](qint64 ms) { return qint64(double(ms) * factor); };
    QTimer::singleShot(scaled(m_settings.queueMs), this, [this, id, scaled] {
        startProcessing(id);
        QTimer::singleShot(scaled(m_settings.processingMs), this, [this, id] { timeUp(id); });
    });
    Q_EMIT jobCreated(id);

    if (roll(m_settings.lostSubmitRate)) {
        // The job exists and will be billed, but its answer never arrives.
        log(prefix + u" → connection dropped after creating %1 (fault)"_s.arg(id));
        if (m_currentSubmit >= 0)
            m_submitRecords[m_currentSubmit].outcome = u"answer-lost"_s;
        if (QTcpSocket *socket = responder.socket())
            socket->abort();
        return;
    }

    const QString modeText =
        jobRequest.modeName() + (jobRequest.promptTruncated ? u" (prompt truncated)"_s : QString());
    if (sync) {
        // Answered when the job ends (answerSync); the event loop goes on serving everyone else meanwhile.
        log(prefix + u" "_s + modeText + u" → held until %1 ends"_s.arg(id));
        if (m_currentSubmit >= 0)
            m_submitRecords[m_currentSubmit].outcome = u"created"_s;
        SyncWaiter waiter;
        waiter.socket = responder.socket();
        waiter.responder = std::make_unique<QHttpServerResponder>(std::move(responder));
        waiter.logPrefix = prefix;
        m_syncWaiters[id] = std::move(waiter);
        return;
    }

    const QString idPath = u"/v2/requests/"_s + id;
    respondJson(responder, 200,
                QJsonObject{{u"request_id"_s, id},
                            {u"status"_s, u"QUEUED"_s},
                            {u"poll_url"_s, requestUrl(u"/v1/requests/"_s + id).toString()},
                            {u"status_url"_s, requestUrl(idPath + u"/status"_s).toString()},
                            {u"response_url"_s, requestUrl(idPath).toString()}},
                prefix + u" "_s + modeText);
}

void SimServer::answerSync(const SimJob &job)
{
    const auto it = m_syncWaiters.find(job.id);
    if (it == m_syncWaiters.end())
        return;
    SyncWaiter waiter = std::move(it->second);
    m_syncWaiters.erase(it);
    if (!waiter.socket || waiter.socket->state() != QAbstractSocket::ConnectedState) {
        log(waiter.logPrefix + u" → the caller left before %1 ended"_s.arg(job.id));
        return;
    }
    if (job.status == SimJob::Status::Failed) {
        // v1 has no FAILED body: a generation that fails surfaces as a server error [chosen].
        respondJson(*waiter.responder, 500, QJsonObject{{u"error"_s, job.failureMessage}}, waiter.logPrefix);
        return;
    }
    QFile clip(job.clipPath);
    if (!clip.open(QIODevice::ReadOnly)) {
        respondJson(*waiter.responder, 500, QJsonObject{{u"error"_s, u"Internal server error"_s}}, waiter.logPrefix);
        return;
    }
    // The output itself, with the accounting in headers instead of a metrics object.
    const auto number = [](double value) { return QByteArray::number(value, 'f', 2); };
    respondRaw(*waiter.responder, 200, clip.readAll(), "video/mp4", waiter.logPrefix,
               {{"x-request-id", job.id.toLatin1()},
                {"x-cost", number(double(job.chargedCents) / 100.0)},
                {"x-remaining-credits", number(double(job.remainingCreditsCents) / 100.0)},
                {"x-generation-time", QByteArray::number(job.totalSeconds(nowMs()), 'f', 3)},
                {"x-seed-value", QByteArray::number(job.seed)}});
}

void SimServer::handleRequestLookup(Route route, const QString &id, QHttpServerResponder &&responder,
                                    const QString &prefix)
{
    const auto it = m_jobs.constFind(id);
    if (it == m_jobs.constEnd() || nowMs() - it->submittedAtMs > m_settings.requestRetentionMs) {
        respondJson(responder, 404, QJsonObject{{u"error"_s, u"Request %1 not found"_s.arg(id)}}, prefix);
        return;
    }
    if (roll(m_settings.malformedJsonRate)) {
        respondRaw(responder, 200, "{\"status\": \"PROCESS", "application/json", prefix + u" (malformed)"_s);
        return;
    }
    const SimJob &job = *it;
    if (job.status == SimJob::Status::Failed) {
        QJsonObject body{{u"status"_s, u"FAILED"_s},
                         {u"error"_s, job.failureMessage},
                         {u"metrics"_s, metrics(job)},
                         {u"request_id"_s, job.id}};
        respondJson(responder, 422, body, prefix);
        return;
    }
    if (route != Route::Status && job.status == SimJob::Status::Completed) {
        respondJson(responder, 200, resultBody(job), prefix);
        return;
    }
    respondJson(responder, 200, statusBody(job), prefix);
}

QJsonObject SimServer::metrics(const SimJob &job) const
{
    // While a job runs its metrics are empty, as the documented status example shows.
    if (!job.isTerminal())
        return {};
    QJsonObject m{{u"queue_time"_s, job.queueSeconds(nowMs())},
                  {u"inference_time"_s, job.inferenceSeconds(nowMs())},
                  {u"total_time"_s, job.totalSeconds(nowMs())}};
    // Only a completed job is billed: a failed one's metrics leave the billing fields out altogether.
    if (job.status == SimJob::Status::Completed) {
        m.insert(u"cost"_s, double(job.chargedCents) / 100.0);
        m.insert(u"remaining_credits"_s, double(job.remainingCreditsCents) / 100.0);
    }
    return m;
}

QJsonObject SimServer::statusBody(const SimJob &job) const
{
    const QString idPath = u"/v2/requests/"_s + job.id;
    return QJsonObject{{u"status"_s, job.statusName()},
                       {u"request_id"_s, job.id},
                       {u"status_url"_s, requestUrl(idPath + u"/status"_s).toString()},
                       {u"response_url"_s, requestUrl(idPath).toString()},
                       {u"metrics"_s, metrics(job)}};
}

QJsonObject SimServer::resultBody(const SimJob &job) const
{
    QUrl output = filesUrl();
    output.setPath(u"/files/"_s + job.id + u".mp4"_s);
    return QJsonObject{{u"status"_s, u"COMPLETED"_s},
                       {u"request_id"_s, job.id},
                       {u"output"_s, output.toString()},
                       {u"metrics"_s, metrics(job)}};
}

void SimServer::startProcessing(const QString &id)
{
    const auto it = m_jobs.find(id);
    if (it == m_jobs.end() || it->status != SimJob::Status::Queued)
        return;
    it->status = SimJob::Status::Processing;
    it->processingAtMs = nowMs();
}

void SimServer::timeUp(const QString &id)
{
    const auto it = m_jobs.find(id);
    if (it == m_jobs.end())
        return;
    it->timeUp = true;
    finishIfReady(*it);
}

void SimServer::renderFinished(quint64 ticket, const QString &clipPath)
{
    const QStringList ids = m_jobsByTicket.take(ticket);
    for (const QString &id : ids) {
        const auto it = m_jobs.find(id);
        if (it == m_jobs.end())
            continue;
        it->renderDone = true;
        it->clipPath = clipPath;
        finishIfReady(*it);
    }
}

void SimServer::renderFailed(quint64 ticket, const QString &message)
{
    log(u"render failed: "_s + message);
    const QStringList ids = m_jobsByTicket.take(ticket);
    for (const QString &id : ids) {
        const auto it = m_jobs.find(id);
        if (it == m_jobs.end())
            continue;
        it->renderDone = true;
        it->renderError = message;
        finishIfReady(*it);
    }
}

void SimServer::finishIfReady(SimJob &job)
{
    if (job.status != SimJob::Status::Processing || !job.timeUp || job.fate == SimJob::Fate::NeverComplete)
        return;
    if (job.fate == SimJob::Fate::Complete && !job.renderDone)
        return; // a slow render keeps the job PROCESSING a little longer, as a busy GPU would

    job.finishedAtMs = nowMs();
    if (job.fate == SimJob::Fate::Fail || !job.renderError.isEmpty()) {
        job.status = SimJob::Status::Failed;
        // The simulator's own trouble (no ffmpeg, say) is said as it is: the person reading it can fix it.
        if (job.failureMessage.isEmpty() && !job.renderError.isEmpty())
            job.failureMessage = u"The simulator could not draw this clip: "_s + job.renderError;
        if (job.failureMessage.isEmpty())
            job.failureMessage = u"Generation failed: the video could not be encoded. Please try again."_s;
    } else {
        // Completed jobs are billed; failed ones are not.
        job.status = SimJob::Status::Completed;
        job.chargedCents = job.request.costCents();
        m_balanceCents -= job.chargedCents;
        job.remainingCreditsCents = m_balanceCents;
        m_jobByClipName.insert(job.id + u".mp4"_s, job.id);
    }
    log(u"job %1 %2"_s.arg(job.id, job.statusName()));
    answerSync(job);
    Q_EMIT jobFinished(job.id, job.statusName());
}

void SimServer::handleFile(const QString &name, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QString prefix = u"files "_s + methodName(request.method()) + u' ' + request.url().path();
    if (!headerValue(request, "x-api-key").isEmpty())
        ++m_counters.keysSentToFilesHost;
    if (request.method() != QHttpServerRequest::Method::Get) {
        respondRaw(responder, 405, kMethodNotAllowedPage, "text/html; charset=utf-8", prefix);
        return;
    }
    ++m_counters.downloads;

    const QString id = m_jobByClipName.value(name);
    const auto it = m_jobs.constFind(id);
    if (id.isEmpty() || it == m_jobs.constEnd() || nowMs() - it->finishedAtMs > m_settings.fileRetentionMs
        || !QFile::exists(it->clipPath)) {
        respondRaw(responder, 404,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
                   "<Message>The specified key does not exist.</Message></Error>\n",
                   "application/xml", prefix);
        return;
    }

    const bool cut = roll(m_settings.cutDownloadRate);
    // Cut somewhere between a tenth and nine tenths of the way, so the MP4 header may or may not be whole.
    const double cutFraction = cut ? 0.1 + 0.8 * m_random.generateDouble() : 0.0;
    auto *download = new SimDownload(std::move(responder), this);
    if (!download->start(it->clipPath, m_settings.outputPaddingBytes, m_settings.downloadBytesPerSecond,
                         cutFraction)) {
        delete download;
        return;
    }
    log(prefix + u" → 200 video/mp4"_s + (cut ? u" (will be cut off)"_s : QString()));
}

void SimServer::respondJson(QHttpServerResponder &responder, int status, const QJsonObject &body,
                            const QString &prefix, const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    respondRaw(responder, status, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", prefix,
               extraHeaders);
}

void SimServer::respondRaw(QHttpServerResponder &responder, int status, const QByteArray &body, const QByteArray &mime,
                           const QString &prefix, const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    // Written piece by piece because the 6.4 responder only takes a fixed initializer list of headers.
    responder.writeStatusLine(StatusCode(status));
    responder.writeHeader("Content-Type", mime);
    for (const auto &header : extraHeaders)
        responder.writeHeader(header.first, header.second);
    responder.writeHeader("Content-Length", QByteArray::number(body.size()));
    responder.writeBody(body);
    log(prefix + u" → "_s + QString::number(status));
    if (m_currentSubmit >= 0) {
        SubmitRecord &record = m_submitRecords[m_currentSubmit];
        record.httpStatus = status;
        record.outcome = status == 200   ? u"created"_s
                         : status == 429 ? u"rate-limited"_s
                         : status >= 500 ? u"server-error"_s
                                         : u"refused"_s;
    }
}

QJsonObject SimServer::stats() const
{
    const Counters &c = m_counters;
    const QJsonObject counters{{u"submits"_s, c.submits},
                               {u"jobs_created"_s, c.jobsCreated},
                               {u"status_calls"_s, c.statusCalls},
                               {u"result_calls"_s, c.resultCalls},
                               {u"poll_calls"_s, c.pollCalls},
                               {u"credit_calls"_s, c.creditCalls},
                               {u"downloads"_s, c.downloads},
                               {u"rate_limited"_s, c.rateLimited},
                               {u"keys_sent_to_files_host"_s, c.keysSentToFilesHost}};
    QJsonArray submits;
    for (const SubmitRecord &record : m_submitRecords) {
        submits.append(QJsonObject{{u"at_ms"_s, record.atMs},
                                   {u"outcome"_s, record.outcome},
                                   {u"http_status"_s, record.httpStatus},
                                   {u"request_id"_s, record.requestId},
                                   {u"prompt"_s, record.prompt},
                                   {u"negative_prompt"_s, record.negativePrompt}});
    }
    return QJsonObject{{u"counters"_s, counters}, {u"submit_records"_s, submits}};
}

bool SimServer::writeStats(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(stats()).toJson()) < 0 || !file.commit()) {
        *error = u"Could not write the statistics to %1: %2"_s.arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

void SimServer::log(const QString &line)
{
    if (m_settings.logRequests)
        qInfo().noquote() << QDateTime::currentDateTime().toString(u"HH:mm:ss.zzz"_s) << line;
    Q_EMIT requestLogged(line);
}
