#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <QtGlobal>

class QCommandLineParser;

// Every knob of the simulator in one place: the same struct is filled by paddock-sim's command line,
// by demo mode and by tests. Times are in milliseconds; probabilities are 0..1.
struct SimSettings
{
    // Where to listen. Only loopback addresses are accepted: the simulator is never a network service.
    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0;          // 0 = any free port
    quint16 filesPort = 0;     // the separate "files host" that serves outputs; 0 = any free port

    // Timing of each job: QUEUED for queueMs, then PROCESSING for processingMs (longer if the render
    // is not done yet). speed divides both, so speed 10 makes a 150 s job take 15 s.
    qint64 queueMs = 2000;
    qint64 processingMs = 6000;
    double speed = 1.0;
    // Real run times vary with load: each job's two times are multiplied by a factor drawn log-uniformly
    // from runTimeFactorLow to runTimeFactorHigh (deterministic under seed). 1 and 1: every job alike.
    double runTimeFactorLow = 1.0;
    double runTimeFactorHigh = 1.0;

    // Accounts. An empty acceptedKeys accepts any non-empty key. forbiddenKeys are valid keys whose
    // account may not use the model (403).
    QStringList acceptedKeys;
    QStringList forbiddenKeys;
    qint64 balanceCents = 2500;        // $25.00
    qint64 freeCreditsCents = 0;
    // The service reserves about the model's average cost before it runs a call, so a balance below that
    // is refused even for a cheap clip [chosen: $0.90, a 5 s 1080P clip].
    qint64 reservationCents = 90;
    bool modelRetired = false;         // every call to the model answers 410
    // get-user-credits answers 404 "No credits found for the user", as it does for an account with no balance record.
    bool creditsNotFound = false;

    int rateLimitPerMinute = 0;        // per key and window; 0 = unlimited
    qint64 rateWindowMs = 60 * 1000;   // the window the limit counts in (a minute; shorter in tests and soaks)
    // Whether status, result and poll GETs count towards the limit: the documentation does not say [chosen: they do].
    bool pollsCountTowardsLimit = true;
    qint64 requestRetentionMs = 3600 * 1000;        // status and result URLs answer 404 afterwards
    qint64 fileRetentionMs = 7LL * 24 * 3600 * 1000; // output files answer 404 afterwards

    // Faults, deterministic under seed.
    quint64 seed = 1;
    double failureRate = 0;            // a job ends FAILED (not charged)
    double neverCompleteRate = 0;      // a job stays PROCESSING for ever
    double serverErrorRate = 0;        // a request answers 500/502/503/504 (a POST then creates no job)
    double malformedJsonRate = 0;      // a GET answers 200 with a truncated JSON body
    double htmlErrorRate = 0;          // a request answers 502 with an HTML page, as a proxy would
    double lostSubmitRate = 0;         // a POST creates (and will bill) the job, then drops the connection
    double noAnswerRate = 0;           // a request gets no answer at all (the connection stays open)
    qint64 downloadBytesPerSecond = 0; // 0 = as fast as possible
    double cutDownloadRate = 0;        // a download stops part-way: the connection closes early
    qint64 outputPaddingBytes = 0;     // extra bytes appended to each served MP4 (in a 'free' box), for big downloads

    // Rendering. Input images are drawn and measured as their pixels are stored, ignoring any EXIF orientation, as a
    // service that does not read EXIF would; honourExif applies it (the kinder behaviour) when rendering and measuring.
    bool honourExif = false;
    QString cacheDirectory;            // empty = a folder in the system's temporary directory
    QString ffmpegProgram = QStringLiteral("ffmpeg");
    // Refuse to start without a working ffmpeg (paddock-sim, tests). Demo mode skips the check, which costs a
    // process start on the way to the first window; a job then fails with the same advice if ffmpeg is missing.
    bool checkFfmpegAtStart = true;
    int maxConcurrentRenders = 2;

    bool logRequests = true;           // one line per request on standard error
    // Where paddock-sim writes, when it quits, what it saw (SimServer::stats()); empty = nowhere. Lets a test that
    // kills and restarts Paddock count the POSTs that reached the service without parsing the request log.
    QString statsFile;

    // Settings for tests: millisecond timings, no logging.
    static SimSettings forTests();

    // Registers every option on parser (paddock-sim's command line).
    static void addOptions(QCommandLineParser &parser);
    // Reads them back; returns false with a message naming the bad option.
    static bool fromParser(const QCommandLineParser &parser, SimSettings *settings, QString *error);

    // Checks ranges and that the bind address is loopback.
    bool validate(QString *error) const;
};
