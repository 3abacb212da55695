// Fills a library with synthetic generations for scale tests and benchmarks: realistic prompts, a year of
// dates, every mode, resolution, aspect and state, ratings, favourites, tags and notes, and a few real clips
// (rendered by the simulator's renderer) shared by the ready ones.
// Usage: paddock_fill_library --library DIR [--count 10000] [--clips 6] [--seed 1]
#include "library/Library.h"
#include "sim/ClipRenderer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QUuid>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

const QStringList kSubjects = {u"A white horse"_s,      u"A herd of wild horses"_s, u"A foal"_s,
                               u"A rider in a red coat"_s, u"Two horses"_s,         u"A black stallion"_s,
                               u"An old carthorse"_s,   u"A pony"_s,                u"A racehorse"_s,
                               u"A horse and a dog"_s};
const QStringList kActions = {u"gallops through surf"_s, u"crosses a misty river"_s, u"grazes in a meadow"_s,
                              u"jumps a stone wall"_s,   u"trots down a cobbled street"_s, u"sleeps in the straw"_s,
                              u"races along a dune"_s,   u"shakes off the rain"_s};
const QStringList kSettings = {u"at sunset"_s,          u"at dawn, fog rolling in"_s, u"under a thunderstorm"_s,
                               u"in falling snow"_s,    u"on a neon-lit film set"_s,   u"in golden autumn light"_s,
                               u"by a lighthouse"_s,    u"in a desert canyon"_s};
const QStringList kStyles = {u"cinematic, slow motion"_s, u"handheld documentary"_s, u"drone shot, wide"_s,
                             u"35mm film grain"_s,        u"macro close-up"_s,       u"anime style"_s};
const QStringList kSounds = {u"hooves on wet sand"_s, u"wind and distant gulls"_s, u"a soft piano"_s,
                             u"crackling thunder"_s,   u"birdsong"_s,             u"crowd cheering"_s};
const QStringList kTags = {u"client-acme"_s, u"pitch"_s, u"keeper"_s, u"b-roll"_s, u"moodboard"_s, u"rejected"_s};

QString pick(const QStringList &list, QRandomGenerator &random)
{
    return list.at(int(random.bounded(quint32(list.size()))));
}

QStringList renderClips(const QString &directory, int count)
{
    ClipRenderer renderer(directory + u"/renders"_s);
    QSignalSpy finished(&renderer, &ClipRenderer::finished);
    QSignalSpy failed(&renderer, &ClipRenderer::failed);
    const QList<QPair<int, int>> sizes{{1280, 720}, {720, 1280}, {720, 720}, {960, 720}, {720, 960}, {1920, 1080}};
    for (int i = 0; i < count; ++i) {
        RenderSpec spec;
        spec.modeLabel = u"Text to video"_s;
        spec.prompt = u"Library sample clip %1"_s.arg(i + 1);
        spec.seed = 1000 + i;
        spec.width = sizes.at(i % sizes.size()).first;
        spec.height = sizes.at(i % sizes.size()).second;
        spec.durationSeconds = 3;
        renderer.render(spec);
    }
    while (finished.size() + failed.size() < count)
        finished.wait(1000);
    QStringList clips;
    for (int i = 0; i < finished.size(); ++i) {
        const QString target = directory + u"/clips/sample-%1.mp4"_s.arg(i + 1);
        QFile::remove(target);
        QFile::copy(finished.at(i).at(1).toString(), target);
        clips << target;
    }
    return clips;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Fills a Paddock library with synthetic generations."_s);
    parser.addHelpOption();
    const QCommandLineOption libraryOption(u"library"_s, u"The library folder."_s, u"DIR"_s);
    const QCommandLineOption countOption(u"count"_s, u"How many generations (default 10000)."_s, u"N"_s, u"10000"_s);
    const QCommandLineOption clipsOption(u"clips"_s, u"How many real clips to render (default 6)."_s, u"N"_s, u"6"_s);
    const QCommandLineOption seedOption(u"seed"_s, u"Random seed (default 1)."_s, u"N"_s, u"1"_s);
    parser.addOptions({libraryOption, countOption, clipsOption, seedOption});
    parser.process(app);
    if (!parser.isSet(libraryOption)) {
        std::fprintf(stderr, "paddock_fill_library: give the library folder with --library DIR\n");
        return 2;
    }

    QString error;
    std::unique_ptr<Library> library = Library::open(parser.value(libraryOption), &error);
    if (!library) {
        std::fprintf(stderr, "paddock_fill_library: %s\n", qPrintable(error));
        return 1;
    }
    QElapsedTimer clock;
    clock.start();
    const QStringList clips = renderClips(library->directory(), qMax(1, parser.value(clipsOption).toInt()));
    const qint64 renderMs = clock.restart();

    QRandomGenerator random(parser.value(seedOption).toUInt());
    const int count = parser.value(countOption).toInt();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<AspectRatio> aspects = allAspectRatios();
    QList<Job> batch;
    int written = 0;
    while (written < count) {
        Job job;
        GenerationRequest &r = job.request;
        r.prompt = u"%1 %2 %3; %4; sound of %5."_s.arg(pick(kSubjects, random), pick(kActions, random),
                                                       pick(kSettings, random), pick(kStyles, random),
                                                       pick(kSounds, random));
        if (random.bounded(4) == 0)
            r.negativePrompt = u"text, watermark, blurry"_s;
        r.resolution = random.bounded(3) == 0 ? Pricing::Resolution::P1080 : Pricing::Resolution::P720;
        r.durationSeconds = 3 + int(random.bounded(13));
        r.aspect = aspects.at(int(random.bounded(quint32(aspects.size()))));
        r.seed = random.bounded(2147483647);
        if (random.bounded(5) == 0)
            r.references = {ImageSource::fromUrl(QUrl(u"https://example.com/ref-%1.png"_s.arg(random.bounded(50))))};
        job.service = u"https://api.segmind.com"_s;
        job.createdAt = now.addSecs(-qint64(random.bounded(365 * 24 * 3600)));
        job.submittedAt = job.createdAt;
        job.acceptedAt = job.createdAt.addMSecs(400);
        job.estimatedCents = r.costCents();
        job.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const quint32 fate = random.bounded(100);
        if (fate < 88) {
            job.state = JobState::Ready;
            job.completedAt = job.createdAt.addSecs(120 + random.bounded(120));
            job.chargedCents = job.estimatedCents;
            job.clipPath = clips.at(int(random.bounded(quint32(clips.size()))));
        } else if (fate < 95) {
            job.state = JobState::Failed;
            job.error = u"The content was flagged by the service's safety filter. This generation was not charged."_s;
            job.chargedCents = 0;
        } else {
            job.state = JobState::Expired;
            job.error = u"The service no longer knows this request (it keeps results for one hour)."_s;
        }
        job.finishedAt = job.completedAt.isValid() ? job.completedAt.addSecs(3) : job.createdAt.addSecs(60);
        batch.append(job);
        ++written;
        if (batch.size() == 500 || written == count) {
            if (!library->saveJobs(batch, &error)) {
                std::fprintf(stderr, "paddock_fill_library: %s\n", qPrintable(error));
                return 1;
            }
            // What people add afterwards: ratings, favourites, tags and notes on some of them.
            for (const Job &saved : std::as_const(batch)) {
                if (random.bounded(3) == 0)
                    library->setRating(saved.id, 1 + int(random.bounded(5)));
                if (random.bounded(10) == 0)
                    library->setFavourite(saved.id, true);
                if (random.bounded(6) == 0)
                    library->setTags(saved.id, {pick(kTags, random)});
                if (random.bounded(20) == 0)
                    library->setNote(saved.id, u"Shown to the client on %1"_s.arg(saved.createdAt.date().toString()));
            }
            batch.clear();
        }
    }
    std::printf("Filled %s with %d generations in %.1f s (%d clips rendered in %.1f s)\n",
                qPrintable(library->directory()), count, double(clock.elapsed()) / 1000.0, int(clips.size()),
                double(renderMs) / 1000.0);
    return 0;
}
