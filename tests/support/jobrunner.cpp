// paddock_jobrunner: Paddock's job machinery without a window, for the crash-and-restart test. It builds what
// main.cpp builds (library, session against a Segmind-compatible endpoint, resume of unfinished jobs), may add
// a few jobs, and can SIGKILL itself at a chosen moment of a job's life, so that the test sees exactly what a
// crash leaves behind. Without --die-at it runs until every job is final and prints "job <id> <state>" lines.
#include "account/BackendChoice.h"
#include "api/GenerationRequest.h"
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
};

bool parseDiePoint(const QString &text, DiePoint *point)
{
    static const QList<std::pair<QString, DiePoint>> names = {
        {u"none"_s, DiePoint::None},
        {u"before-post"_s, DiePoint::BeforePost},
        {u"after-post"_s, DiePoint::AfterPost},
        {u"polling"_s, DiePoint::Polling},
        {u"mid-download"_s, DiePoint::MidDownload},
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

// Forwards every save to the library and kills the process right after the save that marks the chosen moment,
// so the row on disk is exactly the one a crash at that moment would leave.
class DyingStore final : public JobStore
{
public:
    DyingStore(JobStore *inner, DiePoint point) : m_inner(inner), m_point(point) {}

    bool saveJob(Job &job, QString *error) override
    {
        const bool saved = m_inner->saveJob(job, error);
        if (!saved)
            return false;
        if (m_point == DiePoint::BeforePost && job.state == JobState::Submitting && job.submittedAt.isValid() &&
            job.requestId.isEmpty())
            die("before-post", job.id);
        if (m_point == DiePoint::AfterPost && job.state == JobState::Submitted && !job.requestId.isEmpty())
            die("after-post", job.id);
        return true;
    }

private:
    JobStore *m_inner;
    DiePoint m_point;
};

GenerationRequest jobRequest(int number)
{
    GenerationRequest request;
    request.prompt = u"job %1"_s.arg(number);
    request.durationSeconds = 3;
    // A fixed seed per prompt: the simulator renders each clip once and serves it from its cache afterwards.
    request.seed = 7000 + number;
    return request;
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
                                       u"or none."_s,
                                       u"POINT"_s, u"none"_s);
    for (const QCommandLineOption &option : {libraryOption, endpointOption, keyOption, submitOption, dieOption})
        parser.addOption(option);
    parser.process(app);

    DiePoint diePoint = DiePoint::None;
    bool submitOk = false;
    const int submit = parser.value(submitOption).toInt(&submitOk);
    if (!parser.isSet(libraryOption) || !parser.isSet(endpointOption) || !submitOk || submit < 0 ||
        !parseDiePoint(parser.value(dieOption), &diePoint)) {
        std::fprintf(stderr, "paddock_jobrunner: bad arguments\n%s", qPrintable(parser.helpText()));
        return 2;
    }

    QString error;
    std::unique_ptr<Library> library = Library::open(parser.value(libraryOption), &error);
    if (!library) {
        std::fprintf(stderr, "paddock_jobrunner: %s\n", qPrintable(error));
        return 1;
    }
    DyingStore store(library.get(), diePoint);

    // Segmind, not demo: a restart re-attaches Segmind jobs, while demo jobs from an earlier run are expired.
    BackendChoice backend;
    backend.kind = BackendChoice::Kind::Segmind;
    backend.endpoint = QUrl(parser.value(endpointOption));
    JobQueueSettings settings = Session::queueSettingsFor(backend, library->clipsDirectory());
    // main.cpp reads this from AppSettings (default 4); a test helper must not read the user's settings.
    settings.maxConcurrent = 4;
    // The simulator finishes a job in about a second: the real polling shape on that time scale.
    constexpr double kJobSeconds = 1.5;
    settings.poll = PollPolicy().scaled(kJobSeconds / 150.0);
    settings.msPerOutputSecond = kJobSeconds * 1000.0 / 3.0;
    settings.retryBaseMs = 100;
    settings.retryCapMs = 2000;

    Session session(backend, parser.value(keyOption), settings, &store);
    if (!session.endpointProblem().isEmpty()) {
        std::fprintf(stderr, "paddock_jobrunner: %s\n", qPrintable(session.endpointProblem()));
        return 2;
    }
    JobQueue *queue = session.queue();

    if (diePoint == DiePoint::Polling) {
        // Status answers that change nothing are not saved, so the moment is seen on the queue's signal.
        QObject::connect(queue, &JobQueue::jobChanged, queue, [queue](qint64 id) {
            const Job *job = queue->job(id);
            if (job && job->state == JobState::Submitted && job->statusCalls >= 1)
                die("polling", id);
        });
    }
    if (diePoint == DiePoint::MidDownload) {
        QObject::connect(queue, &JobQueue::downloadProgress, queue, [](qint64 id, qint64 received, qint64 total) {
            if (received > 0 && received < total)
                die("mid-download", id);
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
        if (queue->enqueue(jobRequest(number)) == 0) {
            std::fprintf(stderr, "paddock_jobrunner: could not add job %d\n", number);
            return 1;
        }
    }
    armed = true;
    // Nothing to do, or every resumed job ended during resume: no state change will come to notice it.
    QTimer::singleShot(0, &app, finishIfAllFinal);
    return app.exec();
}
