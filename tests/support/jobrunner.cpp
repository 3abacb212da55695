// paddock_jobrunner: Paddock's job machinery without a window, for the crash-and-restart test and the fault soak. It
// builds what main.cpp builds (library, session against a Segmind-compatible endpoint, resume of unfinished jobs),
// may add jobs, and can SIGKILL itself at a chosen moment of a job's life (the Nth time it comes), so that a test
// sees exactly what a crash leaves behind. Without --die-at it runs until every job is final and prints
// "job <id> <state>" lines; with --trace it also prints "ended <id> <state>" the moment each job ends.
#include "account/BackendChoice.h"
#include "api/GenerationRequest.h"
#include "api/SegmindClient.h"
#include "jobs/Job.h"
#include "jobs/JobQueue.h"
#include "jobs/JobStore.h"
#include "library/Library.h"
#include "session/Session.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

enum class DiePoint
{
    None,
    BeforePost,  // the job is saved with submittedAt and no request id: the POST is about to leave
    AfterPost,   // the save that records the request id
    Polling,     // after the first status answer
    MidDownload, // part of the clip is on disk
    AnySave,     // right after any change to a job already in the library is committed
};

bool parseDiePoint(const QString &text, DiePoint *point)
{
    static const QList<std::pair<QString, DiePoint>> names = {
        {u"none"_s, DiePoint::None},
        {u"before-post"_s, DiePoint::BeforePost},
        {u"after-post"_s, DiePoint::AfterPost},
        {u"polling"_s, DiePoint::Polling},
        {u"mid-download"_s, DiePoint::MidDownload},
        {u"any-save"_s, DiePoint::AnySave},
    };
    for (const auto &[name, value] : names) {
        if (name == text) {
            *point = value;
            return true;
        }
    }
    return false;
}

// A crash, not a shutdown: no destructor, no flush of Qt's state, no SQLite close. Only what was already
// committed survives, which is the point of the test.
[[noreturn]] void die(const char *where, qint64 id)
{
    std::fprintf(stderr, "paddock_jobrunner: SIGKILL at %s (job %lld)\n", where, id);
    std::fflush(stderr);
    ::raise(SIGKILL);
    std::abort(); // not reached: SIGKILL cannot be caught
}

// Counts the times the chosen moment comes and kills the process the Nth time.
class Reaper final
{
public:
    Reaper(DiePoint point, int times) : m_point(point), m_left(times) {}

    void reached(DiePoint point, const char *where, qint64 id)
    {
        if (point == m_point && --m_left == 0)
            die(where, id);
    }

private:
    DiePoint m_point;
    int m_left;
};

// Forwards every save to the library and reports the saves that mark a moment to the reaper, right after they are
// committed, so that the row on disk is exactly the one a crash at that moment would leave.
class DyingStore final : public JobStore
{
public:
    DyingStore(JobStore *inner, Reaper *reaper) : m_inner(inner), m_reaper(reaper) {}

    bool saveJob(Job &job, QString *error) override
    {
        const bool inserting = job.id == 0; // adding jobs is set-up, not a moment to die in
        const bool saved = m_inner->saveJob(job, error);
        if (!saved)
            return false;
        if (job.state == JobState::Submitting && job.submittedAt.isValid() && job.requestId.isEmpty())
            m_reaper->reached(DiePoint::BeforePost, "before-post", job.id);
        if (job.state == JobState::Submitted && !job.requestId.isEmpty())
            m_reaper->reached(DiePoint::AfterPost, "after-post", job.id);
        if (!inserting)
            m_reaper->reached(DiePoint::AnySave, "any-save", job.id);
        return true;
    }

private:
    JobStore *m_inner;
    Reaper *m_reaper;
};

// Job number (from 1). With distinctClips > 0 the jobs share that many prompts and seeds, so that the simulator
// renders each clip once and serves it from its cache after, and are told apart by their negative prompts.
GenerationRequest jobRequest(int number, int distinctClips)
{
    GenerationRequest request;
    request.durationSeconds = 3;
    if (distinctClips > 0) {
        const int clip = (number - 1) % distinctClips + 1;
        request.prompt = u"clip %1"_s.arg(clip);
        request.negativePrompt = u"job %1"_s.arg(number);
        request.seed = 7000 + clip;
        return request;
    }
    request.prompt = u"job %1"_s.arg(number);
    // A fixed seed per prompt: the simulator renders each clip once and serves it from its cache afterwards.
    request.seed = 7000 + number;
    return request;
}

bool positiveNumber(const QString &text, double *value)
{
    bool ok = false;
    *value = text.toDouble(&ok);
    return ok && *value > 0 && *value < 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"paddock_jobrunner"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Runs Paddock's jobs against a simulator and can crash on cue (tests only)."_s);
    parser.addHelpOption();
    const QCommandLineOption libraryOption(u"library"_s, u"The library folder."_s, u"DIR"_s);
    const QCommandLineOption endpointOption(u"endpoint"_s, u"A paddock-sim base URL."_s, u"URL"_s);
    const QCommandLineOption keyOption(u"key"_s, u"The API key."_s, u"K"_s, u"SG_0123456789abcdef"_s);
    const QCommandLineOption submitOption(u"submit"_s, u"Add N text-to-video jobs of 3 s."_s, u"N"_s, u"0"_s);
    const QCommandLineOption dieOption(u"die-at"_s,
                                       u"SIGKILL this process at before-post, after-post, polling, mid-download, "
                                       u"any-save, or none."_s,
                                       u"POINT"_s, u"none"_s);
    const QCommandLineOption dieAfterOption(u"die-after"_s, u"Die the Nth time the --die-at moment comes."_s, u"N"_s,
                                            u"1"_s);
    const QCommandLineOption clipsOption(u"distinct-clips"_s,
                                         u"Jobs share K prompts and seeds (told apart by their negative prompts); "
                                         u"0: every job its own."_s,
                                         u"K"_s, u"0"_s);
    const QCommandLineOption concurrentOption(u"concurrent"_s, u"Jobs sent at once."_s, u"N"_s, u"4"_s);
    const QCommandLineOption jobSecondsOption(u"job-seconds"_s,
                                              u"How long a job takes on the service: sets the "
                                              u"polling shape and retry delays."_s,
                                              u"S"_s, u"1.5"_s);
    const QCommandLineOption timeoutOption(u"timeout"_s,
                                           u"Seconds without a byte before an API call gives up (default: the "
                                           u"client's own)."_s,
                                           u"S"_s);
    const QCommandLineOption traceOption(u"trace"_s, u"Print \"ended <id> <state>\" as each job ends."_s);
    for (const QCommandLineOption &option :
         {libraryOption, endpointOption, keyOption, submitOption, dieOption, dieAfterOption, clipsOption,
          concurrentOption, jobSecondsOption, timeoutOption, traceOption})
        parser.addOption(option);
    parser.process(app);

    DiePoint diePoint = DiePoint::None;
    bool submitOk = false;
    bool dieAfterOk = false;
    bool clipsOk = false;
    bool concurrentOk = false;
    const int submit = parser.value(submitOption).toInt(&submitOk);
    const int dieAfter = parser.value(dieAfterOption).toInt(&dieAfterOk);
    const int distinctClips = parser.value(clipsOption).toInt(&clipsOk);
    const int concurrent = parser.value(concurrentOption).toInt(&concurrentOk);
    double jobSeconds = 0;
    double timeoutSeconds = 0;
    if (!parser.isSet(libraryOption) || !parser.isSet(endpointOption) || !submitOk || submit < 0 || !dieAfterOk ||
        dieAfter < 1 || !clipsOk || distinctClips < 0 || !concurrentOk || concurrent < 1 ||
        !positiveNumber(parser.value(jobSecondsOption), &jobSeconds) ||
        (parser.isSet(timeoutOption) && !positiveNumber(parser.value(timeoutOption), &timeoutSeconds)) ||
        !parseDiePoint(parser.value(dieOption), &diePoint)) {
        std::fprintf(stderr, "paddock_jobrunner: bad arguments\n%s", qPrintable(parser.helpText()));
        return 2;
    }
    const bool trace = parser.isSet(traceOption);

    QString error;
    std::unique_ptr<Library> library = Library::open(parser.value(libraryOption), &error);
    if (!library) {
        std::fprintf(stderr, "paddock_jobrunner: %s\n", qPrintable(error));
        return 1;
    }
    Reaper reaper(diePoint, dieAfter);
    DyingStore store(library.get(), &reaper);

    // Segmind, not demo: a restart re-attaches Segmind jobs, while demo jobs from an earlier run are expired.
    BackendChoice backend;
    backend.kind = BackendChoice::Kind::Segmind;
    backend.endpoint = QUrl(parser.value(endpointOption));
    JobQueueSettings settings = Session::queueSettingsFor(backend, library->clipsDirectory());
    // main.cpp reads this from AppSettings (default 4); a test helper must not read the user's settings.
    settings.maxConcurrent = concurrent;
    // The simulator finishes a job in about a second: the real polling shape on that time scale.
    settings.poll = PollPolicy().scaled(jobSeconds / 150.0);
    settings.msPerOutputSecond = jobSeconds * 1000.0 / 3.0;
    settings.retryBaseMs = qint64(jobSeconds * 1000.0 / 15.0);
    settings.retryCapMs = qint64(jobSeconds * 1000.0 * 4.0 / 3.0);

    Session session(backend, parser.value(keyOption), settings, &store);
    if (!session.endpointProblem().isEmpty()) {
        std::fprintf(stderr, "paddock_jobrunner: %s\n", qPrintable(session.endpointProblem()));
        return 2;
    }
    if (parser.isSet(timeoutOption)) {
        const int timeoutMs = int(timeoutSeconds * 1000.0);
        session.client()->setTimeouts(timeoutMs, timeoutMs);
    }
    JobQueue *queue = session.queue();

    if (diePoint == DiePoint::Polling) {
        // Status answers that change nothing are not saved, so the moment is seen on the queue's signal.
        QObject::connect(queue, &JobQueue::jobChanged, queue, [queue, &reaper](qint64 id) {
            const Job *job = queue->job(id);
            if (job && job->state == JobState::Submitted && job->statusCalls >= 1)
                reaper.reached(DiePoint::Polling, "polling", id);
        });
    }
    if (diePoint == DiePoint::MidDownload) {
        QObject::connect(queue, &JobQueue::downloadProgress, queue,
                         [&reaper](qint64 id, qint64 received, qint64 total) {
                             if (received > 0 && received < total)
                                 reaper.reached(DiePoint::MidDownload, "mid-download", id);
                         });
    }
    if (trace) {
        QObject::connect(queue, &JobQueue::jobStateChanged, queue, [](qint64 id, JobState state) {
            if (!isFinalState(state))
                return;
            std::printf("ended %lld %s\n", id, qPrintable(jobStateName(state)));
            std::fflush(stdout);
        });
    }

    // Armed only once resume and submits are done: a resumed job that ends at once (Unknown) must not be taken
    // for the end of the run while later ones are still being re-attached.
    bool armed = false;
    bool finished = false;
    const auto finishIfAllFinal = [queue, &armed, &finished] {
        if (!armed || finished)
            return;
        const QList<qint64> ids = queue->jobIds();
        if (!std::all_of(ids.cbegin(), ids.cend(), [queue](qint64 id) { return !queue->job(id)->isRunning(); }))
            return;
        finished = true;
        for (qint64 id : ids)
            std::printf("job %lld %s\n", id, qPrintable(jobStateName(queue->job(id)->state)));
        std::fflush(stdout);
        // Queued so that the slot that noticed the last change returns before the session is torn down.
        QTimer::singleShot(0, qApp, [] { QCoreApplication::exit(0); });
    };
    QObject::connect(queue, &JobQueue::jobStateChanged, &app, finishIfAllFinal);

    session.resumeUnfinished(library->unfinishedJobs());
    for (int number = 1; number <= submit; ++number) {
        if (queue->enqueue(jobRequest(number, distinctClips)) == 0) {
            std::fprintf(stderr, "paddock_jobrunner: could not add job %d\n", number);
            return 1;
        }
    }
    armed = true;
    std::fprintf(stderr, "paddock_jobrunner: running %lld jobs\n", qlonglong(queue->jobIds().size()));
    std::fflush(stderr);
    // Nothing to do, or every resumed job ended during resume: no state change will come to notice it.
    QTimer::singleShot(0, &app, finishIfAllFinal);
    return app.exec();
}
