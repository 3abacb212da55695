// soak_jobs: the fault soak. Many jobs run through Paddock's job machinery (paddock_jobrunner, the app without a
// window) against a paddock-sim process with every fault knob on, while the runner is SIGKILLed at random moments
// (by this program at a random time, or by itself at a random save, POST, poll or download) and restarted over the
// same library until every job has ended. Then it checks what must hold whatever the faults and the kills:
//   - every job ended exactly once: one final state each, none lost, none duplicated, none changed after its end;
//   - the POSTs the simulator saw equal the jobs that reached it: no job sent twice, none unaccounted for, and a job
//     the service created whose answer was lost is shown as "unknown — may be billed";
//   - no clip is damaged: each ready clip is a whole MP4 (Mp4Info) starting with an ftyp box, inside the clips
//     folder, and no half-written file is left or shown;
//   - PRAGMA integrity_check is ok after every run.
// It prints its figures and exits non-zero if any invariant fails.
// Usage: soak_jobs [--jobs N] [--kills K] [--seed S] [--concurrent C] [--keep] [--verbose]
#include "BenchSupport.h"
#include "SoakChecks.h"
#include "SoakProcesses.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

// How long a job takes on the simulator (queue + processing) and how the runner is tuned to it.
constexpr double kQueueSeconds = 0.1;
constexpr double kProcessingSeconds = 0.4;
constexpr double kJobSeconds = kQueueSeconds + kProcessingSeconds;
// A call that hears nothing for this long gives up (the no-answer fault): the client's own is 30 s.
constexpr double kTimeoutSeconds = 1.5;
// A job the simulator never finishes ends when the simulator forgets it (404, expired): fast, for the soak.
constexpr int kRequestRetentionSeconds = 8;
constexpr qint64 kGiveUpMs = 10 * 60 * 1000; // one run longer than this has hung

// Every fault knob of the simulator, at rates that still let most jobs finish.
const QStringList kFaults = {
    u"--failure-rate"_s,        u"0.03"_s,    // the job ends FAILED
    u"--never-complete-rate"_s, u"0.02"_s,    // the job stays PROCESSING until it is forgotten
    u"--server-error-rate"_s,   u"0.02"_s,    // 500/502/503/504 with JSON
    u"--html-error-rate"_s,     u"0.01"_s,    // a proxy's HTML 502 page
    u"--malformed-json-rate"_s, u"0.03"_s,    // a GET answers 200 with cut-off JSON
    u"--lost-submit-rate"_s,    u"0.02"_s,    // a POST creates the job, then the connection drops
    u"--no-answer-rate"_s,      u"0.01"_s,    // a request is never answered
    u"--cut-download-rate"_s,   u"0.10"_s,    // a download stops part-way
    u"--download-rate"_s,       u"4000000"_s, // downloads at 4 MB/s
    u"--rate-limit"_s,          u"60"_s,      // 60 requests a second per key (with --rate-window 1), then 429
    u"--rate-window"_s,         u"1"_s,
};

struct Options
{
    int jobs = 1000;
    int kills = 40;
    bool keep = false; // the work folder, for a look after
    bool verbose = false;
    quint32 seed = 1;
    int concurrent = 16;
    int distinctClips = 4;
};

bool parseOptions(const QCoreApplication &app, Options *options)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"The fault soak: jobs against a faulty simulator, the job runner killed at "
                                     u"random and restarted, then every invariant checked."_s);
    parser.addHelpOption();
    const QCommandLineOption jobs(u"jobs"_s, u"Jobs to run (default 1000)."_s, u"N"_s, u"1000"_s);
    const QCommandLineOption kills(u"kills"_s, u"SIGKILLs of the job runner (default 40)."_s, u"K"_s, u"40"_s);
    const QCommandLineOption seed(u"seed"_s, u"Seed of the simulator's faults and of the kills (default 1)."_s, u"S"_s,
                                  u"1"_s);
    const QCommandLineOption concurrent(u"concurrent"_s, u"Jobs sent at once (default 16)."_s, u"C"_s, u"16"_s);
    const QCommandLineOption keep(u"keep"_s, u"Keep the library and the simulator's statistics, and say where."_s);
    const QCommandLineOption verbose(u"verbose"_s, u"Say how each run of the job runner was planned and ended."_s);
    parser.addOptions({jobs, kills, seed, concurrent, keep, verbose});
    parser.process(app);
    bool ok[4] = {};
    options->jobs = parser.value(jobs).toInt(&ok[0]);
    options->kills = parser.value(kills).toInt(&ok[1]);
    options->seed = parser.value(seed).toUInt(&ok[2]);
    options->concurrent = parser.value(concurrent).toInt(&ok[3]);
    options->keep = parser.isSet(keep);
    options->verbose = parser.isSet(verbose);
    return std::all_of(std::begin(ok), std::end(ok), [](bool b) { return b; }) && options->jobs >= 1 &&
           options->kills >= 0 && options->concurrent >= 1;
}

// Where and when the next run of the job runner dies.
struct KillPlan
{
    QString moment; // a --die-at moment, or empty: the soak kills it at killAfterMs
    int times = 1;  // --die-after
    qint64 killAfterMs = -1;
};

// Spreads the remaining kills over the remaining work: each kill comes after a random part (on average three quarters)
// of an equal share of it, so that the kills are spent before the work runs out.
class KillPlanner final
{
public:
    explicit KillPlanner(quint32 seed) : m_random(seed) {}

    // secondsLeft: about how long the runner still needs to end every job.
    KillPlan next(int jobsLeft, int killsLeft, double secondsLeft)
    {
        KillPlan plan;
        const double share = double(std::max(jobsLeft, 1)) / double(killsLeft + 1);
        if (m_random.bounded(2) == 0) {
            const double seconds = secondsLeft / double(killsLeft + 1);
            plan.killAfterMs = qint64(m_random.generateDouble() * 1.5 * seconds * 1000.0);
            return plan;
        }
        // Moments a job passes through, with about how often each comes per job.
        struct Moment
        {
            const char16_t *name;
            double perJob;
            int weight;
        };
        static constexpr Moment kMoments[] = {
            {u"any-save", 5.0, 4}, {u"before-post", 1.0, 2},  {u"after-post", 1.0, 2},
            {u"polling", 2.0, 1},  {u"mid-download", 1.0, 1},
        };
        int pick = int(m_random.bounded(10));
        const Moment *moment = &kMoments[0];
        for (const Moment &m : kMoments) {
            if (pick < m.weight) {
                moment = &m;
                break;
            }
            pick -= m.weight;
        }
        plan.moment = QString::fromUtf16(moment->name);
        const int most = std::max(1, int(std::lround(1.5 * moment->perJob * share)));
        plan.times = 1 + int(m_random.bounded(most));
        return plan;
    }

private:
    QRandomGenerator m_random;
};

// "ready 54, unknown 3"
QString listed(const QMap<QString, int> &counts)
{
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts << u"%1 %2"_s.arg(it.key()).arg(it.value());
    return parts.join(u", "_s);
}

QString mib(qint64 kib)
{
    return kib < 0 ? u"?"_s : QString::number(double(kib) / 1024.0, 'f', 1) + u" MiB"_s;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Options options;
    if (!parseOptions(app, &options)) {
        std::fprintf(stderr, "soak_jobs: bad arguments (see --help)\n");
        return 2;
    }
    QElapsedTimer wall;
    wall.start();

    QTemporaryDir work(QDir::tempPath() + u"/paddock-soak-XXXXXX"_s);
    if (!work.isValid()) {
        std::fprintf(stderr, "soak_jobs: no temporary folder: %s\n", qPrintable(work.errorString()));
        return 1;
    }
    work.setAutoRemove(!options.keep);
    const QString libraryPath = work.filePath(u"library"_s);
    const QString statsPath = work.filePath(u"sim-stats.json"_s);

    SoakSim sim;
    QString error;
    // clang-format off: option and value on one line
    const QStringList simArguments =
        QStringList{u"--port"_s, u"0"_s, u"--quiet"_s, u"--seed"_s, QString::number(options.seed), u"--queue-time"_s,
                    QString::number(kQueueSeconds), u"--processing-time"_s, QString::number(kProcessingSeconds),
                    u"--request-retention"_s, QString::number(kRequestRetentionSeconds),
                    // Enough money for every job: running out would be a refusal, not a fault.
                    u"--balance"_s, u"1000000"_s,
                    // A few prompts and seeds for all jobs: a few ffmpeg runs, every other clip from this cache.
                    u"--cache-dir"_s, work.filePath(u"renders"_s), u"--stats-file"_s, statsPath} +
        kFaults;
    // clang-format on
    if (!sim.start(QStringLiteral(PADDOCK_SIM_PROGRAM), simArguments, &error)) {
        std::fprintf(stderr, "soak_jobs: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("soak_jobs: %d jobs, %d kills, seed %u, %d at once, against %s with %s\n", options.jobs, options.kills,
                options.seed, options.concurrent, qPrintable(sim.url().toString()), qPrintable(kFaults.join(u' ')));
    std::fflush(stdout);

    // clang-format off
    const QStringList common{
        u"--library"_s, libraryPath, u"--endpoint"_s, sim.url().toString(),
        u"--concurrent"_s, QString::number(options.concurrent), u"--job-seconds"_s, QString::number(kJobSeconds),
        u"--timeout"_s, QString::number(kTimeoutSeconds), u"--distinct-clips"_s, QString::number(options.distinctClips),
        u"--trace"_s};
    // clang-format on

    SoakVerdict verdict;
    KillPlanner planner(options.seed);
    LibrarySnapshot library;
    QList<std::pair<qint64, QString>> ended;
    QHash<qint64, QString> lastReport;
    QMap<QString, int> killsByMoment;
    int runs = 0;
    int kills = 0;
    qint64 runningMs = 0;
    qint64 runnerPeakKiB = -1;
    bool finished = false;
    while (!finished && verdict.passed()) {
        QStringList arguments = common;
        if (runs == 0)
            arguments << u"--submit"_s << QString::number(options.jobs);
        KillPlan plan;
        if (kills < options.kills) {
            const int jobsLeft = runs == 0 ? options.jobs
                                           : int(std::count_if(library.jobs.cbegin(), library.jobs.cend(),
                                                               [](const Job &job) { return job.isRunning(); }));
            // The pace so far once there is enough of it to go by, but never slower than a guess (the first seconds
            // go to rendering the clips), so that kills come early rather than after the jobs have ended; plus the
            // tail: a job the simulator never finishes ends only when it is forgotten.
            const int done = options.jobs - jobsLeft;
            const double guess = double(options.concurrent) / (2.0 * kJobSeconds + 1.0);
            const double jobsPerSecond = done >= options.jobs / 10 && runningMs >= 3000
                                             ? std::max(guess, double(done) * 1000.0 / double(runningMs))
                                             : guess;
            plan = planner.next(jobsLeft, options.kills - kills,
                                double(jobsLeft) / jobsPerSecond + kRequestRetentionSeconds);
            if (!plan.moment.isEmpty())
                arguments << u"--die-at"_s << plan.moment << u"--die-after"_s << QString::number(plan.times);
        }
        const RunnerOutcome run =
            runJobRunner(QStringLiteral(PADDOCK_JOBRUNNER_PROGRAM), arguments, plan.killAfterMs, kGiveUpMs);
        ++runs;
        runningMs += run.runningMs;
        runnerPeakKiB = std::max(runnerPeakKiB, run.peakKiB);
        ended += run.ended;

        switch (run.end) {
        case RunnerOutcome::End::Finished:
            finished = true;
            lastReport = run.finalStates;
            break;
        case RunnerOutcome::End::SelfKilled:
            ++kills;
            ++killsByMoment[run.diedAt];
            break;
        case RunnerOutcome::End::Killed:
            ++kills;
            ++killsByMoment[u"random time"_s];
            break;
        case RunnerOutcome::End::Failed:
            verdict.check(false, u"run %1 of the job runner failed: %2"_s.arg(runs).arg(run.describe));
            break;
        }
        const LibrarySnapshot now = readLibrary(libraryPath);
        if (options.verbose) {
            static const char *const kEnds[] = {"finished", "killed itself", "killed", "failed"};
            const QString planned = !plan.moment.isEmpty()  ? u"die at %1 #%2"_s.arg(plan.moment).arg(plan.times)
                                    : plan.killAfterMs >= 0 ? u"kill after %1 ms"_s.arg(plan.killAfterMs)
                                                            : u"no kill"_s;
            std::printf("run %d: %s; %s after %lld ms running; %lld jobs left\n", runs, qPrintable(planned),
                        kEnds[int(run.end)], run.runningMs,
                        qlonglong(std::count_if(now.jobs.cbegin(), now.jobs.cend(),
                                                [](const Job &job) { return job.isRunning(); })));
            std::fflush(stdout);
        }
        checkSnapshot(library, now, options.jobs, verdict);
        library = now;
        verdict.check(runs <= options.kills + 20, u"the jobs did not end after %1 runs"_s.arg(runs));
    }

    // A soak that killed nothing tested no restart: it must fail, not pass.
    verdict.check(options.kills == 0 || kills > 0, u"no kill came before the jobs had ended"_s);
    checkEnds(library, ended, options.jobs, verdict);
    for (auto it = lastReport.cbegin(); it != lastReport.cend(); ++it) {
        const auto job = library.jobs.constFind(it.key());
        verdict.check(job != library.jobs.cend() && jobStateName(job->state) == it.value(),
                      u"the last runner reported job #%1 as %2, unlike the library"_s.arg(it.key()).arg(it.value()));
    }

    QJsonObject stats;
    const bool statsRead = sim.stop(statsPath, &stats, &error);
    verdict.check(statsRead, error);
    const PostFigures posts = statsRead ? checkPosts(stats, library, verdict) : PostFigures{};
    const ClipFigures clips = checkClips(library, QDir(libraryPath).filePath(u"clips"_s), verdict);

    QMap<QString, int> byState;
    for (const Job &job : std::as_const(library.jobs))
        ++byState[jobStateName(job.state)];
    const QJsonObject counters = stats.value(u"counters"_s).toObject();
    const int gets = counters.value(u"status_calls"_s).toInt() + counters.value(u"result_calls"_s).toInt() +
                     counters.value(u"poll_calls"_s).toInt();

    std::printf("jobs:      %d, ended: %s\n", options.jobs, qPrintable(listed(byState)));
    std::printf("kills:     %d (%s); restarts: %d\n", kills, qPrintable(listed(killsByMoment)), runs - 1);
    std::printf("POSTs:     %d seen by the simulator (%d refused with 429) = %d jobs that reached it, each once; "
                "%d jobs created there, %d of them orphans (answer lost, shown unknown)\n",
                posts.posts, posts.rateLimited, posts.reached, posts.created, posts.orphans);
    std::printf("           outcomes: %s; %d status/result calls, %d downloads started, %d answers 429\n",
                qPrintable(listed(posts.outcomes)), gets, counters.value(u"downloads"_s).toInt(),
                counters.value(u"rate_limited"_s).toInt());
    std::printf("clips:     %d ready, each a whole MP4 with an ftyp box; %d .part files left; %d whole clips no job "
                "shows\n",
                clips.clips, clips.leftoverParts, clips.unreferenced);
    std::printf("library:   %d rows, integrity_check %s after each of %d runs\n", library.rows,
                qPrintable(library.integrity), runs);
    std::printf("time:      %.1f s wall, %.1f s of it with the runner going\n", double(wall.elapsed()) / 1000.0,
                double(runningMs) / 1000.0);
    std::printf("memory:    peak job runner %s, simulator %s, soak %s\n", qPrintable(mib(runnerPeakKiB)),
                qPrintable(mib(sim.peakKiB())), qPrintable(mib(BenchSupport::peakResidentKiB())));
    if (options.keep)
        std::printf("kept:      %s\n", qPrintable(work.path()));
    constexpr qsizetype kFailuresShown = 60;
    for (const QString &failure : verdict.failures().first(std::min(kFailuresShown, verdict.failures().size())))
        std::printf("FAIL: %s\n", qPrintable(failure));
    if (verdict.failures().size() > kFailuresShown)
        std::printf("FAIL: … and %lld more\n", qlonglong(verdict.failures().size() - kFailuresShown));
    std::printf("%s\n", verdict.passed() ? "soak_jobs: every invariant holds" : "soak_jobs: INVARIANTS FAILED");
    return verdict.passed() ? 0 : 1;
}
