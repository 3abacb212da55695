#include "sim/SimSettings.h"

#include <QCommandLineParser>

#include <cmath>

using namespace Qt::StringLiterals;

SimSettings SimSettings::forTests()
{
    SimSettings settings;
    settings.queueMs = 20;
    settings.processingMs = 60;
    settings.logRequests = false;
    return settings;
}

namespace {

struct OptionSpec
{
    const char *name;
    const char *valueName;
    const char *description;
};

// The options, in the order --help shows them.
constexpr OptionSpec kOptions[] = {
    {"port", "N", "Port of the API (0 = any free port; the chosen port is printed). Default 8080."},
    {"files-port", "N", "Port of the files host that serves outputs (0 = any free port). Default 0."},
    {"bind", "ADDRESS", "Loopback address to listen on: 127.0.0.1 (default) or ::1."},
    {"queue-time", "S", "Seconds each job stays QUEUED (fractions allowed). Default 2."},
    {"processing-time", "S", "Seconds each job stays PROCESSING. Default 6."},
    {"speed", "F", "Divides both times: 10 makes every job ten times faster. Default 1."},
    {"run-time-spread", "LOW,HIGH", "Multiplies each job's times by a factor drawn log-uniformly from LOW to HIGH "
                                    "(e.g. 0.1,4), as real run times vary. Default 1,1."},
    {"keys", "K1,K2", "Accepted API keys. Without it any non-empty key is accepted."},
    {"forbidden-keys", "K1,K2", "Keys whose account may not use the model (403)."},
    {"balance", "DOLLARS", "Starting balance of every account. Default 25."},
    {"free-credits", "DOLLARS", "Free credits reported beside the balance. Default 0."},
    {"reservation", "DOLLARS", "What a call must have available before it runs (about the model's average "
                               "cost). Default 0.90."},
    {"retired", nullptr, "Act as if the model were retired: every call answers 410."},
    {"credits-not-found", nullptr, "get-user-credits answers 404 \"No credits found for the user\", as for an "
                                   "account with no balance record."},
    {"rate-limit", "PER_MINUTE", "Requests per minute per key before 429 (0 = unlimited). Default 0."},
    {"rate-window", "S", "The window --rate-limit counts in, in seconds (shorter for fast tests). Default 60."},
    {"uncounted-polls", nullptr, "Status, result and poll GETs do not count towards --rate-limit (by default they "
                                 "do; Segmind does not document which)."},
    {"request-retention", "S", "Seconds status and result URLs stay available. Default 3600."},
    {"file-retention", "S", "Seconds output files stay available. Default 604800 (7 days)."},
    {"failure-rate", "P", "Share of jobs that end FAILED, 0 to 1. Default 0."},
    {"never-complete-rate", "P", "Share of jobs that stay PROCESSING for ever. Default 0."},
    {"server-error-rate", "P", "Share of requests answered with a 5xx error. Default 0."},
    {"malformed-json-rate", "P", "Share of GETs answered with truncated JSON. Default 0."},
    {"html-error-rate", "P", "Share of requests answered with an HTML 502 page. Default 0."},
    {"lost-submit-rate", "P", "Share of submits whose job is created but whose answer is lost. Default 0."},
    {"no-answer-rate", "P", "Share of requests never answered. Default 0."},
    {"download-rate", "BYTES_PER_S", "Throttle output downloads (0 = unlimited). Default 0."},
    {"cut-download-rate", "P", "Share of downloads cut off part-way. Default 0."},
    {"output-padding", "BYTES", "Extra bytes added to each served MP4, to test big downloads. Default 0."},
    {"seed", "N", "Seed for every random choice (faults, request ids). Default 1."},
    {"cache-dir", "DIR", "Where rendered clips are kept. Default: a folder in the temporary directory."},
    {"ffmpeg", "PROGRAM", "The ffmpeg program to render with. Default: ffmpeg from PATH."},
    {"renders", "N", "Clips rendered at the same time. Default 2."},
    {"honour-exif", nullptr, "Apply an input image's EXIF orientation when drawing and measuring it. By default the "
                             "pixels are used as stored, as a service that ignores EXIF would."},
    {"quiet", nullptr, "Do not log one line per request."},
    {"stats-file", "FILE", "On quitting (Ctrl+C, SIGTERM), write what the simulator saw as JSON to FILE: request "
                           "counts, and every POST to the model with its outcome and request id."},
};

QString name(const OptionSpec &spec)
{
    return QString::fromLatin1(spec.name);
}

bool parseSeconds(const QString &text, qint64 *ms)
{
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds < 0 || seconds > 1e9)
        return false;
    *ms = qint64(std::llround(seconds * 1000.0));
    return true;
}

bool parseDollars(const QString &text, qint64 *cents)
{
    bool ok = false;
    const double dollars = text.toDouble(&ok);
    if (!ok || !std::isfinite(dollars) || dollars < 0 || dollars > 1e9)
        return false;
    *cents = qint64(std::llround(dollars * 100.0));
    return true;
}

bool parseRate(const QString &text, double *rate)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !(value >= 0.0 && value <= 1.0))
        return false;
    *rate = value;
    return true;
}

QStringList parseKeys(const QString &text)
{
    QStringList keys;
    const QStringList parts = text.split(u',', Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        if (!part.trimmed().isEmpty())
            keys << part.trimmed();
    }
    return keys;
}

} // namespace

void SimSettings::addOptions(QCommandLineParser &parser)
{
    for (const OptionSpec &spec : kOptions) {
        QCommandLineOption option(name(spec), QString::fromUtf8(spec.description));
        if (spec.valueName)
            option.setValueName(QString::fromLatin1(spec.valueName));
        parser.addOption(option);
    }
}

bool SimSettings::fromParser(const QCommandLineParser &parser, SimSettings *s, QString *error)
{
    auto bad = [error](const QString &option, const QString &what) {
        *error = u"--%1: %2"_s.arg(option, what);
        return false;
    };
    auto value = [&parser](const char *option) { return parser.value(QString::fromLatin1(option)); };
    auto isSet = [&parser](const char *option) { return parser.isSet(QString::fromLatin1(option)); };

    s->port = 8080;
    if (isSet("port")) {
        bool ok = false;
        const uint port = value("port").toUInt(&ok);
        if (!ok || port > 65535)
            return bad(u"port"_s, u"expected a port number from 0 to 65535"_s);
        s->port = quint16(port);
    }
    if (isSet("files-port")) {
        bool ok = false;
        const uint port = value("files-port").toUInt(&ok);
        if (!ok || port > 65535)
            return bad(u"files-port"_s, u"expected a port number from 0 to 65535"_s);
        s->filesPort = quint16(port);
    }
    if (isSet("bind")) {
        s->bindAddress = QHostAddress(value("bind"));
        if (s->bindAddress.isNull())
            return bad(u"bind"_s, u"“%1” is not an IP address"_s.arg(value("bind")));
    }

    struct TimeOption
    {
        const char *option;
        qint64 *target;
    };
    for (const TimeOption &t : {TimeOption{"queue-time", &s->queueMs}, TimeOption{"processing-time", &s->processingMs},
                                TimeOption{"request-retention", &s->requestRetentionMs},
                                TimeOption{"file-retention", &s->fileRetentionMs}}) {
        if (isSet(t.option) && !parseSeconds(value(t.option), t.target))
            return bad(QString::fromLatin1(t.option), u"expected a number of seconds, 0 or more"_s);
    }
    if (isSet("speed")) {
        bool ok = false;
        s->speed = value("speed").toDouble(&ok);
        if (!ok || !(s->speed > 0.0 && s->speed <= 1e6))
            return bad(u"speed"_s, u"expected a factor greater than 0"_s);
    }

    if (isSet("run-time-spread")) {
        const QStringList parts = value("run-time-spread").split(u',');
        bool okLow = false;
        bool okHigh = false;
        const double low = parts.size() == 2 ? parts.at(0).trimmed().toDouble(&okLow) : 0.0;
        const double high = parts.size() == 2 ? parts.at(1).trimmed().toDouble(&okHigh) : 0.0;
        if (!okLow || !okHigh || !(low > 0.0 && low <= high && high <= 1000.0))
            return bad(u"run-time-spread"_s, u"expected two factors LOW,HIGH with 0 < LOW <= HIGH <= 1000"_s);
        s->runTimeFactorLow = low;
        s->runTimeFactorHigh = high;
    }

    if (isSet("keys")) {
        s->acceptedKeys = parseKeys(value("keys"));
        if (s->acceptedKeys.isEmpty())
            return bad(u"keys"_s, u"expected one or more keys separated by commas"_s);
    }
    if (isSet("forbidden-keys"))
        s->forbiddenKeys = parseKeys(value("forbidden-keys"));

    struct MoneyOption
    {
        const char *option;
        qint64 *target;
    };
    for (const MoneyOption &m : {MoneyOption{"balance", &s->balanceCents},
                                 MoneyOption{"free-credits", &s->freeCreditsCents},
                                 MoneyOption{"reservation", &s->reservationCents}}) {
        if (isSet(m.option) && !parseDollars(value(m.option), m.target))
            return bad(QString::fromLatin1(m.option), u"expected an amount in dollars, 0 or more"_s);
    }
    s->modelRetired = isSet("retired");
    s->creditsNotFound = isSet("credits-not-found");
    s->pollsCountTowardsLimit = !isSet("uncounted-polls");
    s->honourExif = isSet("honour-exif");

    if (isSet("rate-limit")) {
        bool ok = false;
        s->rateLimitPerMinute = value("rate-limit").toInt(&ok);
        if (!ok || s->rateLimitPerMinute < 0)
            return bad(u"rate-limit"_s, u"expected a whole number of requests per minute, 0 or more"_s);
    }
    if (isSet("rate-window")) {
        if (!parseSeconds(value("rate-window"), &s->rateWindowMs) || s->rateWindowMs < 1)
            return bad(u"rate-window"_s, u"expected a number of seconds greater than 0"_s);
    }

    struct RateOption
    {
        const char *option;
        double *target;
    };
    for (const RateOption &r :
         {RateOption{"failure-rate", &s->failureRate}, RateOption{"never-complete-rate", &s->neverCompleteRate},
          RateOption{"server-error-rate", &s->serverErrorRate},
          RateOption{"malformed-json-rate", &s->malformedJsonRate},
          RateOption{"html-error-rate", &s->htmlErrorRate}, RateOption{"lost-submit-rate", &s->lostSubmitRate},
          RateOption{"no-answer-rate", &s->noAnswerRate}, RateOption{"cut-download-rate", &s->cutDownloadRate}}) {
        if (isSet(r.option) && !parseRate(value(r.option), r.target))
            return bad(QString::fromLatin1(r.option), u"expected a probability from 0 to 1"_s);
    }

    struct CountOption
    {
        const char *option;
        qint64 *target;
    };
    for (const CountOption &c : {CountOption{"download-rate", &s->downloadBytesPerSecond},
                                 CountOption{"output-padding", &s->outputPaddingBytes}}) {
        if (isSet(c.option)) {
            bool ok = false;
            *c.target = value(c.option).toLongLong(&ok);
            if (!ok || *c.target < 0)
                return bad(QString::fromLatin1(c.option), u"expected a whole number of bytes, 0 or more"_s);
        }
    }
    if (isSet("seed")) {
        bool ok = false;
        s->seed = value("seed").toULongLong(&ok);
        if (!ok)
            return bad(u"seed"_s, u"expected a whole number, 0 or more"_s);
    }
    if (isSet("cache-dir"))
        s->cacheDirectory = value("cache-dir");
    if (isSet("ffmpeg"))
        s->ffmpegProgram = value("ffmpeg");
    if (isSet("renders")) {
        bool ok = false;
        s->maxConcurrentRenders = value("renders").toInt(&ok);
        if (!ok || s->maxConcurrentRenders < 1 || s->maxConcurrentRenders > 64)
            return bad(u"renders"_s, u"expected a number from 1 to 64"_s);
    }
    s->logRequests = !isSet("quiet");
    if (isSet("stats-file"))
        s->statsFile = value("stats-file");
    return s->validate(error);
}

bool SimSettings::validate(QString *error) const
{
    if (!bindAddress.isLoopback()) {
        *error = u"The simulator only listens on this computer: use 127.0.0.1 or ::1, not %1."_s.arg(
            bindAddress.toString());
        return false;
    }
    if (!(speed > 0.0)) {
        *error = u"The speed factor must be greater than 0."_s;
        return false;
    }
    if (!(runTimeFactorLow > 0.0 && runTimeFactorLow <= runTimeFactorHigh && runTimeFactorHigh <= 1000.0)) {
        *error = u"The run-time spread must be two factors LOW,HIGH with 0 < LOW <= HIGH <= 1000."_s;
        return false;
    }
    return true;
}
