// Measures the job queue against a paddock-sim process (so the simulator's own work never counts against
// Paddock): 200 concurrent jobs (total time, status calls per job, the longest stall of the event loop),
// the polls and detection delay of the contract's typical 150 s job (run ten times faster, figures scaled
// back), and how much peak memory grows while a 100 MB output downloads.
// Prints figures; it is not a pass/fail test. Usage: bench_jobqueue [jobs] [seconds per job]
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
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
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

void concurrentJobs(int jobs, double secondsPerJob, const QString &downloads)
{
    SimProcess sim;
    // QUEUED for a fifth of the time, PROCESSING for the rest.
    if (!sim.start({u"--queue-time"_s, QString::number(secondsPerJob / 5.0), u"--processing-time"_s,
                    QString::number(secondsPerJob * 4.0 / 5.0), u"--balance"_s, u"100000"_s})) {
        std::fprintf(stderr, "cannot start paddock-sim\n");
        return;
    }
    Rig rig(sim.url(), downloads, secondsPerJob, jobs);
    StallMeter stalls;
    QElapsedTimer clock;
    clock.start();
    rig.queue->enqueueAll(QList<GenerationRequest>(jobs, request(5)));
    rig.waitUntilAllFinal(int(secondsPerJob * 1000) * 6 + 60000);
    const double total = double(clock.elapsed()) / 1000.0;

    int ready = 0;
    int calls = 0;
    int mostCalls = 0;
    qint64 worstDelay = 0;
    qint64 delaySum = 0;
    for (const Job &job : rig.store.jobs()) {
        ready += job.state == JobState::Ready ? 1 : 0;
        calls += job.statusCalls;
        mostCalls = std::max(mostCalls, job.statusCalls);
        const qint64 delay = detectionDelayMs(job);
        worstDelay = std::max(worstDelay, delay);
        delaySum += std::max<qint64>(0, delay);
    }
    std::printf("%d concurrent jobs of %.0f s each\n", jobs, secondsPerJob);
    std::printf("  ready:                     %d of %d in %.1f s\n", ready, jobs, total);
    std::printf("  status calls per job:      %.1f on average, %d at most\n", double(calls) / jobs, mostCalls);
    std::printf("  completion noticed after:  %.2f s on average, %.2f s at worst\n",
                double(delaySum) / jobs / 1000.0, double(worstDelay) / 1000.0);
    std::printf("  longest event-loop stall:  %lld ms\n", stalls.longestMs());
}

void typicalJob(const QString &downloads)
{
    constexpr double kSpeed = 10.0; // the contract's 150 s job, ten times faster
    SimProcess sim;
    if (!sim.start({u"--queue-time"_s, u"10"_s, u"--processing-time"_s, u"140"_s, u"--speed"_s,
                    QString::number(kSpeed)})) {
        std::fprintf(stderr, "cannot start paddock-sim\n");
        return;
    }
    Rig rig(sim.url(), downloads, 150.0 / kSpeed, 1);
    rig.queue->enqueue(request(5));
    rig.waitUntilAllFinal(120000);
    const Job job = rig.store.jobs().constFirst();
    std::printf("The contract's typical job (5 s at 720P, 150 s on the service; run at %.0fx)\n", kSpeed);
    std::printf("  state:                     %s\n", qPrintable(jobStateName(job.state)));
    std::printf("  status calls:              %d (a fixed 2 s interval would need 75)\n", job.statusCalls);
    std::printf("  completion noticed after:  %.1f s (scaled back)\n",
                double(detectionDelayMs(job)) * kSpeed / 1000.0);
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

    concurrentJobs(jobs, secondsPerJob, downloads.filePath(u"many"_s));
    typicalJob(downloads.filePath(u"typical"_s));
    bigDownload(downloads.filePath(u"big"_s));
    return 0;
}
