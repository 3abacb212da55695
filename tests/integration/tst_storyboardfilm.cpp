// A storyboard's film and its folder export, against a real library with real MP4 takes made by the ffmpeg program:
// the plan refuses in words what cannot be joined, the film copies the chosen takes' packets and carries the
// storyboard's recipe, and the export writes every take beside the film and storyboard.json, inside its folder only.
#include "FfprobeInfo.h"
#include "library/Library.h"
#include "library/Recipe.h"
#include "RunProgram.h"
#include "storyboard/StoryboardExport.h"
#include "storyboard/StoryboardFilm.h"
#include "TestImages.h"
#include "TestLibraries.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>
#include <tuple>

using namespace Qt::StringLiterals;

namespace {

constexpr double kFrameSeconds = 1.0 / 24;

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QJsonObject jsonFile(const QString &path)
{
    return QJsonDocument::fromJson(contents(path)).object();
}

// The MD5 of the payload of each packet of one stream type ("v" or "a"), in order, as ffprobe reads them.
QStringList packetHashes(const QString &clip, const QString &stream)
{
    QByteArray out;
    const QString failed =
        runProgram(u"ffprobe"_s,
                   {u"-v"_s, u"error"_s, u"-select_streams"_s, stream + u":0"_s, u"-show_entries"_s,
                    u"packet=data_hash"_s, u"-show_data_hash"_s, u"MD5"_s, u"-of"_s, u"csv=p=0"_s, clip},
                   &out);
    if (!failed.isEmpty())
        qWarning("%s", qPrintable(failed));
    // Only the payload's hash: a packet's side data (the encoder's padding at a clip's end) is not compared.
    QStringList hashes;
    for (const QString &line : QString::fromUtf8(out).split(u'\n', Qt::SkipEmptyParts)) {
        const qsizetype at = line.indexOf(u"MD5:"_s);
        hashes << (at < 0 ? line : line.mid(at));
    }
    return hashes;
}

// The files in folder, hidden ones too.
QStringList filesIn(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::Name);
}

} // namespace

class TestStoryboardFilm final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Library> m_library;
    QStringList m_clips; // in the library's clips folder: three made alike, then a fourth and fifth for other takes
    QString m_outsideClip;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    // An H.264 + AAC clip of a lavfi picture source with a tone, all made with the same settings so that they join
    // by copying packets.
    static QString makeClip(const QString &clip, const QString &picture, const QString &seconds, int frequency)
    {
        const QString failed = runProgram(u"ffmpeg"_s, {u"-v"_s,
                                                        u"error"_s,
                                                        u"-y"_s,
                                                        u"-f"_s,
                                                        u"lavfi"_s,
                                                        u"-i"_s,
                                                        picture,
                                                        u"-f"_s,
                                                        u"lavfi"_s,
                                                        u"-i"_s,
                                                        u"sine=frequency=%1"_s.arg(frequency),
                                                        u"-t"_s,
                                                        seconds,
                                                        u"-c:v"_s,
                                                        u"libx264"_s,
                                                        u"-preset"_s,
                                                        u"fast"_s,
                                                        u"-g"_s,
                                                        u"10"_s,
                                                        u"-pix_fmt"_s,
                                                        u"yuv420p"_s,
                                                        u"-c:a"_s,
                                                        u"aac"_s,
                                                        clip});
        if (!failed.isEmpty())
            qWarning("%s", qPrintable(failed));
        return failed.isEmpty() ? clip : QString();
    }

    // A generation as the queue leaves it, saved in the library and recorded as a take of shotId.
    qint64 addTake(qint64 shotId, const QString &prompt, JobState state, const QString &clip,
                   const QString &firstFrame = {})
    {
        Job job = TestLibraries::textJob(prompt);
        job.state = state;
        job.clipPath = clip;
        job.requestId = u"req-%1"_s.arg(shotId);
        if (!firstFrame.isEmpty())
            job.request.firstFrame = ImageSource::fromFile(firstFrame);
        if (state == JobState::Failed)
            job.error = u"The service could not make this video."_s;
        QString error;
        if (!m_library->saveJob(job, &error) || !m_library->addTake(shotId, job.id, 0, &error)) {
            qWarning("%s", qPrintable(error));
            return 0;
        }
        return job.id;
    }

    // A storyboard of three shots, each with its chosen take on m_clips[0..2]; shot 1 has a second ready take
    // (m_clips[3]) and shot 2 a failed one after its ready one. The first shot's take was made from an image.
    qint64 makeBoard(const QString &name, const QStringList &prompts = {})
    {
        QString error;
        const qint64 id = m_library->createStoryboard(name, &error);
        if (id == 0) {
            qWarning("%s", qPrintable(error));
            return 0;
        }
        const QStringList texts =
            prompts.isEmpty() ? QStringList{u"A horse at dawn in a misty field"_s, u"The horse breaks into a gallop"_s,
                                            u"Dust settles as the sun rises"_s}
                              : prompts;
        for (int i = 0; i < texts.size(); ++i) {
            Shot shot;
            shot.prompt = texts.at(i);
            shot.linked = i != 1;
            if (i == 2) {
                shot.durationSeconds = 3;
                shot.resolution = Pricing::Resolution::P1080;
            }
            const qint64 shotId = m_library->addShot(id, shot, &error);
            const qint64 chosen = addTake(shotId, texts.at(i), JobState::Ready, m_clips.at(i),
                                          i == 0 ? path(u"first frame.png"_s) : QString());
            if (shotId == 0 || chosen == 0 || !m_library->chooseTake(shotId, chosen, &error)) {
                qWarning("%s", qPrintable(error));
                return 0;
            }
            if (i == 0)
                addTake(shotId, texts.at(i), JobState::Ready, m_clips.at(3));
            if (i == 1)
                addTake(shotId, texts.at(i), JobState::Failed, QString());
        }
        return id;
    }

    Storyboard board(qint64 id) const { return m_library->storyboard(id).value_or(Storyboard()); }

    double sumOfChosen() const
    {
        double sum = 0;
        for (int i = 0; i < 3; ++i)
            sum += FfprobeInfo::probe(m_clips.at(i)).formatDuration;
        return sum;
    }

    // Makes the film of storyboard id where the library keeps it.
    StoryboardFilm::Made makeFilm(qint64 id, bool crossfade, QString *film)
    {
        const StoryboardFilm::Plan plan = StoryboardFilm::plan(board(id), *m_library);
        if (!plan.ok())
            qWarning("%s", qPrintable(plan.error));
        *film = StoryboardFilm::filmPath(m_library->directory(), id);
        return StoryboardFilm::make(plan, *film, crossfade);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (!ffmpegToolsFound())
            QSKIP("The ffmpeg and ffprobe programs are needed to make and check real MP4s (Debian package ffmpeg).");
        QString error;
        m_library = Library::open(path(u"library"_s), &error);
        QVERIFY2(m_library, qPrintable(error));
        QVERIFY(QDir().mkpath(m_library->clipsDirectory()));
        const QDir clips(m_library->clipsDirectory());
        const QList<std::tuple<QString, QString, int>> made = {
            {u"testsrc2=size=320x240:rate=24"_s, u"1"_s, 330},
            {u"smptebars=size=320x240:rate=24"_s, u"1.5"_s, 440},
            {u"testsrc=size=320x240:rate=24"_s, u"0.75"_s, 550},
            {u"rgbtestsrc=size=320x240:rate=24"_s, u"1"_s, 660},
        };
        for (int i = 0; i < made.size(); ++i) {
            const auto &[picture, seconds, frequency] = made.at(i);
            m_clips << makeClip(clips.filePath(u"take-%1.mp4"_s.arg(i + 1)), picture, seconds, frequency);
            QVERIFY(!m_clips.last().isEmpty());
        }
        m_outsideClip = path(u"outside.mp4"_s);
        QVERIFY(QFile::copy(m_clips.at(2), m_outsideClip));
        QFile image(path(u"first frame.png"_s));
        QVERIFY(image.open(QIODevice::WriteOnly));
        image.write(TestImages::encoded(QSize(320, 240), "PNG", 40));
    }

    void cleanupTestCase() { m_library.reset(); }

    void filmPathIsInTheLibrary()
    {
        QCOMPARE(StoryboardFilm::filmPath(u"/data/lib"_s, 42), u"/data/lib/films/storyboard-42.mp4"_s);
    }

    void planRefusesInWords_data()
    {
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("expected"); // a part of the message
        QTest::newRow("no shots") << u"no shots"_s << u"has no shots yet"_s;
        QTest::newRow("nothing chosen") << u"nothing chosen"_s << u"Shot 2 has no chosen finished take"_s;
        QTest::newRow("chosen failed") << u"failed"_s << u"Shot 2's chosen take failed"_s;
        QTest::newRow("chosen still running") << u"running"_s << u"Shot 2's chosen take is not finished yet"_s;
        QTest::newRow("clip outside the library") << u"outside"_s << u"is not in Paddock's library folder"_s;
        QTest::newRow("clip missing") << u"missing"_s << u"is missing"_s;
    }

    void planRefusesInWords()
    {
        QFETCH(QString, problem);
        QFETCH(QString, expected);
        QString error;
        const qint64 id = m_library->createStoryboard(u"Refused: "_s + problem, &error);
        QVERIFY2(id > 0, qPrintable(error));
        for (int i = 0; problem != u"no shots"_s && i < 3; ++i) {
            Shot shot;
            shot.prompt = u"Shot %1"_s.arg(i + 1);
            const qint64 shotId = m_library->addShot(id, shot, &error);
            QVERIFY2(shotId > 0, qPrintable(error));
            JobState state = JobState::Ready;
            QString clip = m_clips.at(i);
            if (i == 1 && problem == u"failed"_s)
                state = JobState::Failed;
            if (i == 1 && problem == u"running"_s)
                state = JobState::Submitted;
            if (i == 1 && problem == u"outside"_s)
                clip = m_outsideClip;
            if (i == 1 && problem == u"missing"_s)
                clip = QDir(m_library->clipsDirectory()).filePath(u"gone.mp4"_s);
            const qint64 take = addTake(shotId, shot.prompt, state, clip);
            QVERIFY(take > 0);
            if (!(i == 1 && problem == u"nothing chosen"_s))
                QVERIFY2(m_library->chooseTake(shotId, take, &error), qPrintable(error));
        }
        const StoryboardFilm::Plan plan = StoryboardFilm::plan(board(id), *m_library);
        QVERIFY(!plan.ok());
        QVERIFY2(plan.error.contains(expected) && plan.error.endsWith(u'.'), qPrintable(plan.error));
        QVERIFY2(problem == u"no shots"_s || plan.error.startsWith(u"Shot 2"_s), qPrintable(plan.error));
        QVERIFY(plan.clips.isEmpty());
        qInfo("%s", qPrintable(plan.error));
        // make() refuses such a plan and writes nothing.
        const QString film = path(u"refused/film.mp4"_s);
        const StoryboardFilm::Made made = StoryboardFilm::make(plan, film, false);
        QVERIFY(!made.stitch.ok);
        QCOMPARE(made.stitch.error, plan.error);
        QVERIFY(!QFileInfo::exists(film));
    }

    // The chosen takes' packets, copied unchanged and in order, with the storyboard's recipe as the film's tag.
    void filmJoinsTheChosenTakes()
    {
        const qint64 id = makeBoard(u"Dawn gallop"_s);
        QVERIFY(id > 0);
        const StoryboardFilm::Plan plan = StoryboardFilm::plan(board(id), *m_library);
        QVERIFY2(plan.ok(), qPrintable(plan.error));
        QCOMPARE(plan.clips, m_clips.mid(0, 3));
        QString film;
        const StoryboardFilm::Made made = makeFilm(id, false, &film);
        QVERIFY2(made.stitch.ok, qPrintable(made.stitch.error));
        QVERIFY(!made.stitch.reencoded);
        QVERIFY(QFileInfo(film).isFile());
        QCOMPARE(QFileInfo(film).dir().dirName(), u"films"_s);

        for (const QString &stream : {u"v"_s, u"a"_s}) {
            QStringList expected;
            for (int i = 0; i < 3; ++i)
                expected += packetHashes(m_clips.at(i), stream);
            QVERIFY(!expected.isEmpty());
            QCOMPARE(packetHashes(film, stream), expected);
        }

        const FfprobeInfo probed = FfprobeInfo::probe(film);
        QVERIFY2(probed.ok, qPrintable(probed.error));
        const double sum = sumOfChosen();
        const double allowed = 2 * kFrameSeconds + 1e-3;
        qInfo("chosen takes %.4f s; film: video %.4f s, audio %.4f s", sum, probed.videoDuration, probed.audioDuration);
        QVERIFY(std::abs(probed.videoDuration - sum) <= allowed);
        QVERIFY(std::abs(probed.audioDuration - sum) <= allowed);

        const QString tag = probed.formatTags.value(QString::fromLatin1(StoryboardFilm::kMetadataKey));
        QVERIFY(!tag.isEmpty());
        QCOMPARE(tag.toUtf8(), made.recipe);
        QVERIFY2(!tag.contains(m_dir.path()), qPrintable(tag));
        QVERIFY(!tag.contains(QDir::homePath() + u'/'));
        const QJsonObject recipe = QJsonDocument::fromJson(tag.toUtf8()).object();
        QCOMPARE(recipe.value(u"paddock_storyboard"_s).toInt(), 1);
        QCOMPARE(recipe.value(u"name"_s).toString(), u"Dawn gallop"_s);
        QCOMPARE(recipe.value(u"aspect_ratio"_s).toString(), u"16:9"_s);
        QCOMPARE(recipe.value(u"resolution"_s).toString(), u"720P"_s);
        QCOMPARE(recipe.value(u"duration"_s).toInt(), 5);
        const QJsonArray shots = recipe.value(u"shots"_s).toArray();
        QCOMPARE(shots.size(), 3);
        const Storyboard b = board(id);
        for (int i = 0; i < 3; ++i) {
            const QJsonObject shot = shots.at(i).toObject();
            QCOMPARE(shot.value(u"position"_s).toInt(), i + 1);
            QCOMPARE(shot.value(u"prompt"_s).toString(), b.shots.at(i).prompt);
            QCOMPARE(shot.value(u"continues_from_previous"_s).toBool(), i == 2);
            QCOMPARE(shot.value(u"takes"_s).toInt(), i == 2 ? 1 : 2);
            const QJsonObject chosen = shot.value(u"chosen_take"_s).toObject();
            QCOMPARE(chosen, Recipe::recipeJson(*m_library->entry(b.shots.at(i).chosenTake)));
            QCOMPARE(chosen.value(u"request"_s).toObject().value(u"prompt"_s).toString(), b.shots.at(i).prompt);
        }
        QVERIFY(shots.at(0).toObject().value(u"duration"_s).isNull());
        QVERIFY(shots.at(0).toObject().value(u"resolution"_s).isNull());
        QCOMPARE(shots.at(2).toObject().value(u"duration"_s).toInt(), 3);
        QCOMPARE(shots.at(2).toObject().value(u"resolution"_s).toString(), u"1080P"_s);
        // The first take's image is named by its content, never by where it is.
        const QJsonArray images =
            shots.at(0).toObject().value(u"chosen_take"_s).toObject().value(u"images"_s).toArray();
        QCOMPARE(images.size(), 1);
        QCOMPARE(images.at(0).toObject().value(u"sha256"_s).toString().size(), 64);
        // Nothing but films is left beside it (no temporary file).
        for (const QString &name : filesIn(QFileInfo(film).absolutePath()))
            QVERIFY2(name.startsWith(u"storyboard-"_s) && name.endsWith(u".mp4"_s), qPrintable(name));
    }

    void crossfadeReencodesWithSound()
    {
        const qint64 id = makeBoard(u"Faded gallop"_s);
        QVERIFY(id > 0);
        QString film;
        const StoryboardFilm::Made made = makeFilm(id, true, &film);
        QVERIFY2(made.stitch.ok, qPrintable(made.stitch.error));
        QVERIFY(made.stitch.reencoded);
        const FfprobeInfo probed = FfprobeInfo::probe(film);
        QVERIFY2(probed.ok, qPrintable(probed.error));
        QVERIFY(probed.hasVideo && probed.hasAudio);
        QCOMPARE(probed.audioCodec, u"aac"_s);
        const double expected = sumOfChosen() - 2 * Stitcher::StitchOptions().crossfadeMs / 1000.0;
        qInfo("expected %.4f s; film: video %.4f s, audio %.4f s", expected, probed.videoDuration,
              probed.audioDuration);
        QVERIFY(std::abs(probed.audioDuration - expected) <= 2 * kFrameSeconds + 0.03);
        QVERIFY(packetHashes(film, u"v"_s) != packetHashes(m_clips.at(0), u"v"_s) +
                                                  packetHashes(m_clips.at(1), u"v"_s) +
                                                  packetHashes(m_clips.at(2), u"v"_s));
        QCOMPARE(probed.formatTags.value(QString::fromLatin1(StoryboardFilm::kMetadataKey)).toUtf8(), made.recipe);
    }

    // The folder holds the film, every take with a clip, and storyboard.json naming them; it replaces an earlier
    // export of its own and refuses a folder of other files.
    void exportWritesEveryTake()
    {
        const qint64 id = makeBoard(u"Exported gallop"_s);
        QVERIFY(id > 0);
        QString film;
        const StoryboardFilm::Made made = makeFilm(id, false, &film);
        QVERIFY2(made.stitch.ok, qPrintable(made.stitch.error));
        const QString folder = path(u"exports/Exported gallop"_s);
        QString error;
        StoryboardExport::ExportPlan plan = StoryboardExport::exportPlan(board(id), *m_library, film);
        QVERIFY2(StoryboardExport::write(plan, folder, &error), qPrintable(error));

        const QString shot1 = u"Shot 01 - Take 1 - A horse at dawn in a misty field.mp4"_s;
        const QString shot1b = u"Shot 01 - Take 2 - A horse at dawn in a misty field.mp4"_s;
        const QString shot2 = u"Shot 02 - Take 1 - The horse breaks into a gallop.mp4"_s;
        const QString shot3 = u"Shot 03 - Take 1 - Dust settles as the sun rises.mp4"_s;
        QStringList expected = {shot1, shot1b, shot2, shot3, u"film.mp4"_s, u"storyboard.json"_s};
        expected.sort();
        QCOMPARE(filesIn(folder), expected);
        QCOMPARE(contents(QDir(folder).filePath(u"film.mp4"_s)), contents(film));
        QCOMPARE(contents(QDir(folder).filePath(shot1)), contents(m_clips.at(0)));
        QCOMPARE(contents(QDir(folder).filePath(shot1b)), contents(m_clips.at(3)));
        QCOMPARE(contents(QDir(folder).filePath(shot2)), contents(m_clips.at(1)));
        QCOMPARE(contents(QDir(folder).filePath(shot3)), contents(m_clips.at(2)));

        const QByteArray text = contents(QDir(folder).filePath(u"storyboard.json"_s));
        QVERIFY2(!text.contains(m_dir.path().toUtf8()), text.constData());
        const QJsonObject json = QJsonDocument::fromJson(text).object();
        QCOMPARE(json.value(u"paddock_storyboard"_s).toInt(), 1);
        QCOMPARE(json.value(u"film"_s).toString(), u"film.mp4"_s);
        QVERIFY(QDateTime::fromString(json.value(u"exported"_s).toString(), Qt::ISODateWithMs).isValid());
        const QJsonArray shots = json.value(u"shots"_s).toArray();
        QCOMPARE(shots.size(), 3);
        const auto takeFiles = [&shots](int shot) {
            return shots.at(shot).toObject().value(u"take_files"_s).toArray();
        };
        QCOMPARE(takeFiles(0).size(), 2);
        QCOMPARE(takeFiles(0).at(0).toObject(),
                 (QJsonObject{{u"file"_s, shot1}, {u"chosen"_s, true}, {u"state"_s, u"ready"_s}}));
        QCOMPARE(takeFiles(0).at(1).toObject(),
                 (QJsonObject{{u"file"_s, shot1b}, {u"chosen"_s, false}, {u"state"_s, u"ready"_s}}));
        QCOMPARE(takeFiles(1).size(), 2);
        QCOMPARE(takeFiles(1).at(0).toObject().value(u"file"_s).toString(), shot2);
        QVERIFY(takeFiles(1).at(0).toObject().value(u"chosen"_s).toBool());
        QVERIFY(takeFiles(1).at(1).toObject().value(u"file"_s).isNull());
        QCOMPARE(takeFiles(1).at(1).toObject().value(u"state"_s).toString(), u"failed"_s);
        QVERIFY(!takeFiles(1).at(1).toObject().value(u"chosen"_s).toBool());
        QCOMPARE(takeFiles(2).size(), 1);
        QCOMPARE(shots.at(0).toObject().value(u"chosen_take"_s).toObject(),
                 Recipe::recipeJson(*m_library->entry(board(id).shots.at(0).chosenTake)));

        // A folder of someone else's files is refused and left as it was.
        const QString foreign = path(u"exports/holiday"_s);
        QVERIFY(QDir().mkpath(foreign));
        QFile notes(QDir(foreign).filePath(u"notes.txt"_s));
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("mine");
        notes.close();
        QVERIFY(!StoryboardExport::canWriteInto(foreign, &error));
        QVERIFY(!StoryboardExport::write(plan, foreign, &error));
        QVERIFY2(error.contains(u"already holds other files"_s), qPrintable(error));
        QCOMPARE(filesIn(foreign), QStringList{u"notes.txt"_s});

        // Exported again after choosing shot 1's other take and without the film: the folder is replaced.
        const Shot first = board(id).shots.at(0);
        QVERIFY2(m_library->chooseTake(first.id, first.takes.at(1).generationId, &error), qPrintable(error));
        QVERIFY(StoryboardExport::canWriteInto(folder, &error));
        plan = StoryboardExport::exportPlan(board(id), *m_library, QString());
        QVERIFY2(StoryboardExport::write(plan, folder, &error), qPrintable(error));
        expected.removeOne(u"film.mp4"_s);
        QCOMPARE(filesIn(folder), expected);
        const QJsonObject again = jsonFile(QDir(folder).filePath(u"storyboard.json"_s));
        QVERIFY(again.value(u"film"_s).isNull());
        const QJsonArray firstFiles =
            again.value(u"shots"_s).toArray().at(0).toObject().value(u"take_files"_s).toArray();
        QVERIFY(!firstFiles.at(0).toObject().value(u"chosen"_s).toBool());
        QVERIFY(firstFiles.at(1).toObject().value(u"chosen"_s).toBool());
    }

    // A clip gone since the plan was made is named in words, and nothing is written.
    void missingClipIsReportedInWords()
    {
        const qint64 id = makeBoard(u"Lost take"_s);
        QVERIFY(id > 0);
        const StoryboardExport::ExportPlan plan = StoryboardExport::exportPlan(board(id), *m_library, QString());
        const QString moved = path(u"moved away.mp4"_s);
        QVERIFY(QFile::rename(m_clips.at(3), moved));
        const QString folder = path(u"exports/lost"_s);
        QString error;
        const bool written = StoryboardExport::write(plan, folder, &error);
        QVERIFY(QFile::rename(moved, m_clips.at(3)));
        QVERIFY(!written);
        QVERIFY2(error.contains(u"shot 1's take 2"_s) && error.contains(u"missing"_s) && error.endsWith(u'.'),
                 qPrintable(error));
        qInfo("%s", qPrintable(error));
        QVERIFY(!QFileInfo::exists(folder));
    }

    void hostilePromptsMakePlainNames_data()
    {
        QTest::addColumn<QString>("prompt");
        QTest::newRow("climbs out") << u"../../etc/passwd"_s;
        QTest::newRow("backslashes") << u"..\\..\\Windows\\win.ini"_s;
        QTest::newRow("control characters") << u"a\u0001b\nc\td\u0007\u001b[31m"_s;
        QTest::newRow("direction override") << u"\u202Egpj.exe"_s;
        QTest::newRow("only dots") << u"...."_s;
        QTest::newRow("long") << QString(500, u'x');
    }

    void hostilePromptsMakePlainNames()
    {
        QFETCH(QString, prompt);
        const QString name = StoryboardExport::fileNameFor(0, 3, 0, prompt);
        QVERIFY2(name.startsWith(u"Shot 01 - Take 1 - "_s) && name.endsWith(u".mp4"_s), qPrintable(name));
        QVERIFY(!name.contains(u'/') && !name.contains(u'\\') && !name.contains(u".."_s));
        for (const QChar c : name)
            QVERIFY(c.category() != QChar::Other_Control && c.category() != QChar::Other_Format);
    }

    // Exported for real, every file lands in the folder itself.
    void hostilePromptStaysInTheFolder()
    {
        const QString hostile = u"../../etc/passwd\u0001\n\u202E"_s;
        const qint64 id = makeBoard(u"Hostile"_s, {hostile, u"..\\..\\win.ini"_s, u"/tmp/x"_s});
        QVERIFY(id > 0);
        const QString exports = path(u"exports/hostile"_s);
        const QString folder = QDir(exports).filePath(u"inside"_s);
        QString error;
        QVERIFY2(
            StoryboardExport::write(StoryboardExport::exportPlan(board(id), *m_library, QString()), folder, &error),
            qPrintable(error));
        QCOMPARE(filesIn(exports), QStringList{u"inside"_s});
        QCOMPARE(filesIn(path(u"etc"_s)), QStringList());
        const QStringList files = filesIn(folder);
        QCOMPARE(files.size(), 5); // four takes and storyboard.json
        for (const QString &name : files)
            QVERIFY2(QFileInfo(QDir(folder).filePath(name)).isFile(), qPrintable(name));
        const QJsonArray shots = jsonFile(QDir(folder).filePath(u"storyboard.json"_s)).value(u"shots"_s).toArray();
        QCOMPARE(shots.at(0).toObject().value(u"prompt"_s).toString(), hostile);
        QVERIFY(files.contains(
            shots.at(0).toObject().value(u"take_files"_s).toArray().at(0).toObject().value(u"file"_s).toString()));
    }
};

QTEST_GUILESS_MAIN(TestStoryboardFilm)
#include "tst_storyboardfilm.moc"
