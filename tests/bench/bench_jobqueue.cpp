// Measures the job queue against a paddock-sim process (so the simulator's own work never counts against
// Paddock): 200 concurrent jobs (total time, status calls per job, the longest stall of the event loop),
// the contract's typical 150 s job (run ten times faster, figures scaled back), jobs whose run time strays
// from 0.1x to 4x the estimate (detection delay p50/p95/worst and status calls), and how much peak memory
// grows while a 100 MB output downloads. Each polling scenario runs twice: as the first jobs of a session
// (the estimator knows nothing yet) and after a session has seen 20 jobs like them.
// Prints figures; it is not a pass/fail test. Usage: bench_jobqueue [jobs] [seconds per job] [scenario]
// (scenario: concurrent, typical, spread or download; all of them without it)
#include "BenchSupport.h"
#include "api/SegmindClient.h"
#include "jobs/JobQueue.h"
#include "jobs/JobStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <numeric>

using namespace Qt::StringLiterals;
using BenchSupport::StallMeter;
using BenchSupport::residentKiB;

namespace {

// paddock-sim in a child process, on free loopback ports.
class SimProcess final
{
public:
    bool start(const QStringList &arguments)
    {
        // Its warnings go straight to this program's standard error: a pipe nobody reads would fill and stall it.
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QString error;
        m_url = BenchSupport::startSimulator(m_process, QStringLiteral(PADDOCK_SIM_PROGRAM),
                                             QStringList{u"--port"_s, u"0"_s, u"--quiet"_s} + arguments, &error);
        if (m_url.isEmpty())
            std::fprintf(stderr, "%s\n", qPrintable(error));
        return !m_url.isEmpty();
    }
    ~SimProcess()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(2000);
    }
    QUrl url() const { return m_url; }

private:
    QProcess m_process;
    QUrl m_url;
};

struct Rig
{
    explicit Rig(const QUrl &base, const QString &downloads, double secondsPerJob, int concurrent)
    {
        client.setBaseUrl(base);
        client.setApiKey(u"SG_0123456789abcdef"_s);
        JobQueueSettings settings;
        settings.downloadDirectory = downloads;
        settings.maxConcurrent = concurrent;
        // The same schedule as for a 150 s job, on this job's time scale.
        settings.poll = PollPolicy().scaled(secondsPerJob / 150.0);
        settings.msPerOutputSecond = secondsPerJob * 1000.0 / 5.0;
        queue = std::make_unique<JobQueue>(&client, &store, settings);
    }

    // A session that has already seen this many jobs of this kind, each taking runMs.
    void learn(int jobs, int seconds, qint64 runMs)
    {
        for (int i = 0; i < jobs; ++i)
            queue->estimator().observe(seconds, false, runMs);
    }

    bool allFinal() const
    {
        const auto ids = queue->jobIds();
        return std::all_of(ids.cbegin(), ids.cend(), [this](qint64 id) { return isFinalState(queue->job(id)->state); });
    }
    void waitUntilAllFinal(int timeoutMs) const
    {
        QElapsedTimer clock;
        clock.start();
        while (!allFinal() && clock.elapsed() < timeoutMs)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }

    QNetworkAccessManager network;
    SegmindClient client{&network};
    MemoryJobStore store;
    std::unique_ptr<JobQueue> queue;
};

GenerationRequest request(int seconds)
{
    GenerationRequest r;
    r.prompt = u"A herd of horses crossing a river at dawn, cinematic, slow motion"_s;
    r.durationSeconds = seconds;
    r.seed = 11; // one render, shared: the benchmark measures the queue, not ffmpeg
    return r;
}

// How long after the service finished the queue noticed, in ms: completion seen minus (sent + total_time).
qint64 detectionDelayMs(const Job &job)
{
    if (!job.metrics.totalSeconds || !job.completedAt.isValid() || !job.submittedAt.isValid())
        return -1;
    const QDateTime finished = job.submittedAt.addMSecs(qint64(*job.metrics.totalSeconds * 1000.0));
    return std::max<qint64>(0, finished.msecsTo(job.completedAt));
}

// What the polling of a set of finished jobs cost and achieved, scaled back to the service's time scale.
struct PollFigures
{
    int jobs = 0;
    int ready = 0;
    double callsPerJob = 0;
    int mostCalls = 0;
    double callsPer8s = 0;  // status calls per 8 s of the service's run time (on the policy's scale), over all jobs
    double meanS = 0;       // detection delays, in seconds
    double p50S = 0;
    double p95S = 0;
    double worstS = 0;

    // delayScale turns delays back into the service's seconds; policyScale turns run times into the time scale
    // the polling policy was written for (the 8 s budget is on that scale).
    static PollFigures of(const QList<Job> &all, double delayScale, double policyScale)
    {
        PollFigures f;
        QList<qint64> delays;
        qint64 calls = 0;
        double runSeconds = 0;
        for (const Job &job : all) {
            ++f.jobs;
            f.ready += job.state == JobState::Ready ? 1 : 0;
            calls += job.statusCalls;
            f.mostCalls = std::max(f.mostCalls, job.statusCalls);
            if (const qint64 delay = detectionDelayMs(job); delay >= 0)
                delays << delay;
            runSeconds += job.metrics.totalSeconds.value_or(0.0);
        }
        if (f.jobs == 0 || delays.isEmpty())
            return f;
        std::sort(delays.begin(), delays.end());
        auto seconds = [delayScale](qint64 ms) { return double(ms) * delayScale / 1000.0; };
        f.callsPerJob = double(calls) / f.jobs;
        f.callsPer8s = runSeconds > 0 ? double(calls) * 8.0 / (runSeconds * policyScale) : 0;
        f.meanS = seconds(std::accumulate(delays.cbegin(), delays.cend(), qint64(0))) / double(delays.size());
        f.p50S = seconds(delays.at(delays.size() / 2));
        f.p95S = seconds(delays.at(std::min<qsizetype>(delays.size() - 1, qsizetype(double(delays.size()) * 0.95))));
        f.worstS = seconds(delays.constLast());
        return f;
    }

    void print(const char *label) const
    {
        std::printf("  %s\n", label);
        std::printf("    ready:                     %d of %d\n", ready, jobs);
        std::printf("    status calls per job:      %.1f on average, %d at most; %.2f per 8 s of run time\n",
                    callsPerJob, mostCalls, callsPer8s);
        std::printf("    completion noticed after:  %.1f s on average; p50 %.1f s, p95 %.1f s, worst %.1f s\n", meanS,
                    p50S, p95S, worstS);
    }
};

void concurrentJobs(int jobs, double secondsPerJob, const QString &downloads)
{
    std::printf("%d concurrent jobs of %.0f s each (delays on this time scale, calls per 8 s on the 150 s scale the "
                "polling is shaped for)\n",
                jobs, secondsPerJob);
    for (const bool known : {false, true}) {
        SimProcess sim;
        // QUEUED for a fifth of the time, PROCESSING for the rest.
        if (!sim.start({u"--queue-time"_s, QString::number(secondsPerJob / 5.0), u"--processing-time"_s,
                        QString::number(secondsPerJob * 4.0 / 5.0), u"--balance"_s, u"100000"_s})) {
            std::fprintf(stderr, "cannot start paddock-sim\n");
            return;
        }
        Rig rig(sim.url(), downloads + (known ? u"-known"_s : u"-first"_s), secondsPerJob, jobs);
        if (known)
            rig.learn(20, 5, qint64(secondsPerJob * 1000.0));
        StallMeter stalls;
        QElapsedTimer clock;
        clock.start();
        rig.queue->enqueueAll(QList<GenerationRequest>(jobs, request(5)));
        rig.waitUntilAllFinal(int(secondsPerJob * 1000) * 6 + 60000);
        const double total = double(clock.elapsed()) / 1000.0;
        PollFigures::of(rig.store.jobs(), 1.0, 150.0 / secondsPerJob)
            .print(known ? "after 20 alike jobs (a good estimate):" : "first jobs of a session:");
        std::printf("    all final after:           %.1f s\n", total);
        std::printf("    longest event-loop stall:  %lld ms\n", stalls.longestMs());
    }
}

void typicalJob(const QString &downloads)
{
    constexpr double kSpeed = 10.0; // the contract's 150 s job, ten times faster
    constexpr int kJobs = 10;
    std::printf("The contract's typical job (5 s at 720P, 150 s on the service; %d of them, run at %.0fx, figures "
                "scaled back; a fixed 2 s interval would need 75 calls)\n",
                kJobs, kSpeed);
    for (const bool known : {false, true}) {
        SimProcess sim;
        if (!sim.start({u"--queue-time"_s, u"10"_s, u"--processing-time"_s, u"140"_s, u"--speed"_s,
                        QString::number(kSpeed)})) {
            std::fprintf(stderr, "cannot start paddock-sim\n");
            return;
        }
        Rig rig(sim.url(), downloads + (known ? u"-known"_s : u"-first"_s), 150.0 / kSpeed, kJobs);
        if (known)
            rig.learn(20, 5, qint64(150000 / kSpeed));
        rig.queue->enqueueAll(QList<GenerationRequest>(kJobs, request(5)));
        rig.waitUntilAllFinal(120000);
        PollFigures::of(rig.store.jobs(), kSpeed, kSpeed)
            .print(known ? "after 20 alike jobs (a good estimate):" : "first jobs of a session (first guess right, "
                                                                     "but not yet trusted):");
    }
}

void runTimeSpread(const QString &downloads)
{
    // Real run times vary with resolution, duration and load: here each job runs 0.1x to 4x (log-uniform) the
    // 150 s the estimator first guesses, i.e. 15 s to 10 min, twenty at a time, so that later jobs are polled
    // with what the earlier ones taught.
    constexpr double kSpeed = 10.0;
    constexpr int kJobs = 100;
    constexpr int kConcurrent = 20;
    std::printf("Run-time spread: %d jobs of 15 s to 10 min (0.1x to 4x the 150 s estimate), %d at a time, run at "
                "%.0fx, figures scaled back\n",
                kJobs, kConcurrent, kSpeed);
    SimProcess sim;
    if (!sim.start({u"--queue-time"_s, u"10"_s, u"--processing-time"_s, u"140"_s, u"--speed"_s,
                    QString::number(kSpeed), u"--run-time-spread"_s, u"0.1,4"_s, u"--balance"_s, u"100000"_s})) {
        std::fprintf(stderr, "cannot start paddock-sim\n");
        return;
    }
    Rig rig(sim.url(), downloads, 150.0 / kSpeed, kConcurrent);
    QElapsedTimer clock;
    clock.start();
    rig.queue->enqueueAll(QList<GenerationRequest>(kJobs, request(5)));
    rig.waitUntilAllFinal(600000);
    PollFigures::of(rig.store.jobs(), kSpeed, kSpeed).print("a session starting with these jobs:");
    std::printf("    estimator after them:      %.0f s expected for a 5 s clip, spread %.2f (log)\n",
                double(rig.queue->estimator().expectedMs(5, false)) * kSpeed / 1000.0,
                rig.queue->estimator().spread());
    std::printf("    all final after:           %.1f s\n", double(clock.elapsed()) / 1000.0);
}

void bigDownload(const QString &downloads)
{
    constexpr qint64 kPadding = 100LL * 1000 * 1000;
    SimProcess sim;
    if (!sim.start({u"--queue-time"_s, u"0.1"_s, u"--processing-time"_s, u"0.2"_s, u"--output-padding"_s,
                    QString::number(kPadding)})) {
        std::fprintf(stderr, "cannot start paddock-sim\n");
        return;
    }
    Rig rig(sim.url(), downloads, 1.0, 1);
    const qint64 before = residentKiB();
    qint64 peak = before;
    QTimer sampler;
    sampler.setInterval(5);
    QObject::connect(&sampler, &QTimer::timeout, &sampler, [&peak] { peak = std::max(peak, residentKiB()); });
    sampler.start();
    QElapsedTimer clock;
    clock.start();
    const qint64 id = rig.queue->enqueue(request(3));
    rig.waitUntilAllFinal(300000);
    const Job *job = rig.queue->job(id);
    const qint64 bytes = QFile(job->clipPath).size();
    std::printf("Downloading a %.0f MB output\n", double(bytes) / 1e6);
    std::printf("  state:                     %s in %.1f s\n", qPrintable(jobStateName(job->state)),
                double(clock.elapsed()) / 1000.0);
    std::printf("  peak memory growth:        %.1f MB (resident, sampled every 5 ms)\n",
                double(peak - before) * 1024.0 / 1e6);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int jobs = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 200;
    const double secondsPerJob = argc > 2 ? QString::fromLocal8Bit(argv[2]).toDouble() : 20.0;
    QTemporaryDir downloads;

    const QString only = argc > 3 ? QString::fromLocal8Bit(argv[3]) : QString();
    auto wanted = [&only](const QString &name) { return only.isEmpty() || only == name; };
    if (wanted(u"concurrent"_s))
        concurrentJobs(jobs, secondsPerJob, downloads.filePath(u"many"_s));
    if (wanted(u"typical"_s))
        typicalJob(downloads.filePath(u"typical"_s));
    if (wanted(u"spread"_s))
        runTimeSpread(downloads.filePath(u"spread"_s));
    if (wanted(u"download"_s))
        bigDownload(downloads.filePath(u"big"_s));
    return 0;
}
