// The compare view: takes on one clock (play, seek, frame steps, loop), side by side, wipe and grid, fitted
// pictures, ratings recorded in the library, and what differs between two recipes.
#include "library/Library.h"
#include "media/ClipSound.h"
#include "media/ClipStream.h"
#include "media/FrameDecoder.h"
#include "media/ProxyMaker.h"
#include "review/CompareSource.h"
#include "review/CompareWindow.h"

#include <QAction>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kFrameUs = 41667; // 24 fps
constexpr int kTimeoutMs = 20000;

// A clip of the given shape and length at 24 fps, with sound; empty when ffmpeg failed.
QString makeClip(const QString &path, const QSize &size, double seconds, const QString &pattern)
{
    QProcess ffmpeg;
    ffmpeg.start(u"ffmpeg"_s, {u"-loglevel"_s, u"error"_s, u"-y"_s, u"-f"_s, u"lavfi"_s, u"-i"_s,
                              u"%1=s=%2x%3:r=24:d=%4"_s.arg(pattern).arg(size.width()).arg(size.height()).arg(seconds),
                              u"-f"_s, u"lavfi"_s, u"-i"_s, u"sine=f=440:d=%1"_s.arg(seconds), u"-c:v"_s,
                              u"libx264"_s, u"-preset"_s, u"ultrafast"_s, u"-pix_fmt"_s, u"yuv420p"_s, u"-g"_s,
                              u"24"_s, u"-c:a"_s, u"aac"_s, u"-shortest"_s, path});
    if (!ffmpeg.waitForFinished(60000) || ffmpeg.exitCode() != 0) {
        ffmpeg.kill();
        ffmpeg.waitForFinished();
        return {};
    }
    return path;
}

CompareTake fileTake(const QString &path)
{
    CompareTake take;
    take.clipPath = path;
    take.title = QFileInfo(path).fileName();
    return take;
}

} // namespace

class TestCompare : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void theDecoderSeeksToTheExactFrame();
    void theSoundIsDecodedWhole();
    void bothPlayTheSameInstant();
    void aSeekShowsTheFrameSoughtOnBoth();
    void frameStepsMoveBothByOneFrame();
    void speedActsOnBoth();
    void aLoopStartsBothAgainTogether();
    void theShorterTakeHoldsItsLastFrame();
    void takesOfOtherShapesAreFittedNotStretched();
    void theWipeDividerFollowsKeysAndMouse();
    void aGridOfNineAndOneAlone();
    void ratingKeysAreRecordedForTheTakeHeard();
    void aBigGridPlaysProxiesKeptWithTheLibrary();
    void aFileCannotBeRatedAndSaysSo();
    void whatDiffersIsShownBesideTwoTakes();
    void argumentsAreCheckedBeforeAnythingOpens();

private:
    CompareWindow *open(const QList<CompareTake> &takes, Library *library = nullptr);
    // True once every take shows the frame due at the clock's time (give or take toleranceFrames while playing).
    bool inStep(qint64 toleranceFrames) const;
    // Frame numbers at 24 fps: a frame's time in the file is rounded to the microsecond.
    static qint64 frameAt(qint64 us) { return us * 24 / 1000000; }
    static qint64 frameOf(qint64 pts) { return std::llround(double(pts) * 24 / 1e6); }
    QList<qint64> shownFrames() const
    {
        QList<qint64> frames;
        for (const qint64 pts : m_window->picture()->shownTimes())
            frames << (pts < 0 ? -1 : frameOf(pts));
        return frames;
    }

    QTemporaryDir m_dir;
    QString m_wide;   // 640x360, 3 s
    QString m_tall;   // 360x640, 2 s
    QString m_square; // 320x320, 1 s
    QString m_hd;     // 1280x720, 2 s
    std::unique_ptr<CompareWindow> m_window;
};

void TestCompare::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_wide = makeClip(m_dir.filePath(u"wide.mp4"_s), {640, 360}, 3, u"testsrc2"_s);
    m_tall = makeClip(m_dir.filePath(u"tall.mp4"_s), {360, 640}, 2, u"smptebars"_s);
    m_square = makeClip(m_dir.filePath(u"square.mp4"_s), {320, 320}, 1, u"testsrc"_s);
    m_hd = makeClip(m_dir.filePath(u"hd.mp4"_s), {1280, 720}, 2, u"testsrc2"_s);
    QVERIFY2(!m_wide.isEmpty() && !m_tall.isEmpty() && !m_square.isEmpty() && !m_hd.isEmpty(),
             "ffmpeg could not make the test clips");
}

void TestCompare::cleanup()
{
    m_window.reset();
}

CompareWindow *TestCompare::open(const QList<CompareTake> &takes, Library *library)
{
    m_window = std::make_unique<CompareWindow>(takes, library);
    m_window->setAttribute(Qt::WA_DeleteOnClose, false);
    m_window->resize(1000, 600);
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window.get()))
        return nullptr;
    if (!QTest::qWaitFor([this] { return m_window->isReady(); }, kTimeoutMs))
        return nullptr;
    return m_window.get();
}

bool TestCompare::inStep(qint64 toleranceFrames) const
{
    const qint64 now = m_window->clock().position();
    const QList<qint64> shown = m_window->picture()->shownTimes();
    for (qsizetype i = 0; i < shown.size(); ++i) {
        const qint64 length = m_window->streams().at(i)->info().durationUs;
        const qint64 lap = now / m_window->clock().length() * m_window->clock().length();
        // A take past its end in this lap shows its last frame.
        const qint64 due = std::min(now, lap + length - kFrameUs / 2);
        if (shown.at(i) < 0 || std::abs(frameAt(due) - frameOf(shown.at(i))) > toleranceFrames)
            return false;
    }
    return true;
}

void TestCompare::theDecoderSeeksToTheExactFrame()
{
    // Frame 30 reached by decoding from the start, and by seeking straight to its time (past a key frame at 24):
    // the same picture, the same time.
    FrameDecoder sequential;
    QString error;
    QVERIFY2(sequential.open(m_wide, &error), qPrintable(error));
    QCOMPARE(sequential.info().size, QSize(640, 360));
    QVERIFY(std::abs(sequential.info().framesPerSecond - 24) < 0.01);
    QVERIFY(std::abs(sequential.info().durationUs - 3'000'000) < kFrameUs);
    DecodedFrame thirtieth;
    for (int i = 0; i <= 30; ++i)
        thirtieth = sequential.next();
    QCOMPARE(frameOf(thirtieth.ptsUs), 30);
    FrameDecoder seeking;
    QVERIFY(seeking.open(m_wide, &error));
    QVERIFY(seeking.seekTo(30 * 1'000'000 / 24 + 1000));
    const DecodedFrame sought = seeking.next();
    QCOMPARE(sought.ptsUs, thirtieth.ptsUs);
    QCOMPARE(sought.image, thirtieth.image);
    // Scaled to the size asked for; past the end it clamps to the last frame, then ends.
    seeking.setOutputSize(QSize(101, 57));
    QVERIFY(seeking.seekTo(10'000'000));
    const DecodedFrame last = seeking.next();
    QCOMPARE(last.image.size(), QSize(101, 57));
    QCOMPARE(frameOf(last.ptsUs), 71);
    QVERIFY(!seeking.next().isValid());
    QVERIFY(seeking.atEnd());
    // Not a video: plain words, no crash.
    FrameDecoder junk;
    QVERIFY(!junk.open(m_dir.filePath(u"missing.mp4"_s), &error));
    QVERIFY(!error.isEmpty());
}

void TestCompare::theSoundIsDecodedWhole()
{
    QString error;
    const QByteArray pcm = ClipSound::decode(m_wide, &error);
    const double seconds = double(pcm.size()) / (ClipSound::kSampleRate * ClipSound::kChannels * 2);
    QVERIFY2(std::abs(seconds - 3.0) < 0.1, qPrintable(QString::number(seconds)));
    // A sine, not silence.
    const auto *samples = reinterpret_cast<const qint16 *>(pcm.constData());
    int loudest = 0;
    for (qsizetype i = 0; i < pcm.size() / 2; i += 97)
        loudest = std::max(loudest, std::abs(int(samples[i])));
    QVERIFY(loudest > 1000);
    QVERIFY(ClipSound::decode(m_dir.filePath(u"missing.mp4"_s), &error).isEmpty());
    QVERIFY(!error.isEmpty());
}

void TestCompare::bothPlayTheSameInstant()
{
    QVERIFY(open({fileTake(m_wide), fileTake(m_wide)}));
    QVERIFY(m_window->isPlaying());
    QTest::qWait(300);
    int samples = 0;
    int together = 0;
    QElapsedTimer watch;
    watch.start();
    while (watch.elapsed() < 1500) {
        QTest::qWait(37);
        const QList<qint64> shown = m_window->picture()->shownTimes();
        QCOMPARE(shown.size(), 2);
        ++samples;
        // The same clip twice on one clock: the very same frame on both sides, every time.
        if (shown.at(0) == shown.at(1))
            ++together;
    }
    QVERIFY(samples > 20);
    QVERIFY2(together >= samples - 1, qPrintable(u"%1 of %2 samples in step"_s.arg(together).arg(samples)));
    QVERIFY(QTest::qWaitFor([this] { return inStep(1); }, 2000));
}

void TestCompare::aSeekShowsTheFrameSoughtOnBoth()
{
    QVERIFY(open({fileTake(m_wide), fileTake(m_tall)}));
    m_window->pause();
    m_window->seek(1'500'000);
    QVERIFY(QTest::qWaitFor([this] { return inStep(0); }, kTimeoutMs));
    QCOMPARE(shownFrames(), (QList<qint64>{frameAt(1'500'000), frameAt(1'500'000)}));
    // Seeking while playing: both start again together from there.
    m_window->play();
    m_window->seek(500'000);
    QVERIFY(QTest::qWaitFor([this] { return m_window->clock().isPlaying(); }, kTimeoutMs));
    QTest::qWait(200);
    QVERIFY(QTest::qWaitFor([this] { return inStep(1); }, 2000));
}

void TestCompare::frameStepsMoveBothByOneFrame()
{
    QVERIFY(open({fileTake(m_wide), fileTake(m_tall)}));
    m_window->pause();
    m_window->seek(0);
    QVERIFY(QTest::qWaitFor([this] { return inStep(0); }, kTimeoutMs));
    for (int i = 1; i <= 3; ++i) {
        QTest::keyClick(m_window.get(), Qt::Key_Right);
        QVERIFY(QTest::qWaitFor([this, i] { return shownFrames() == QList<qint64>{i, i}; }, kTimeoutMs));
    }
    QTest::keyClick(m_window.get(), Qt::Key_Left);
    QVERIFY(QTest::qWaitFor([this] { return shownFrames() == QList<qint64>{2, 2}; }, kTimeoutMs));
    QVERIFY(!m_window->isPlaying());
    QTest::keyClick(m_window.get(), Qt::Key_Space);
    QVERIFY(m_window->isPlaying());
}

void TestCompare::speedActsOnBoth()
{
    QVERIFY(open({fileTake(m_wide), fileTake(m_tall)}));
    m_window->pause();
    m_window->seek(0);
    QVERIFY(QTest::qWaitFor([this] { return inStep(0); }, kTimeoutMs));
    QTest::keyClick(m_window.get(), Qt::Key_Plus);
    QTest::keyClick(m_window.get(), Qt::Key_Plus); // 1x, then 1.5x, then 2x
    QCOMPARE(m_window->clock().rate(), 2.0);
    m_window->play();
    QElapsedTimer watch;
    watch.start();
    QTest::qWait(500);
    const qint64 played = m_window->clock().position();
    const double rate = double(played) / 1000.0 / double(watch.elapsed());
    QVERIFY2(rate > 1.7 && rate < 2.3, qPrintable(QString::number(rate)));
    QVERIFY(QTest::qWaitFor([this] { return inStep(1); }, 2000));
    QTest::keyClick(m_window.get(), Qt::Key_Minus);
    QCOMPARE(m_window->clock().rate(), 1.5);
}

void TestCompare::aLoopStartsBothAgainTogether()
{
    QVERIFY(open({fileTake(m_wide), fileTake(m_tall)}));
    QCOMPARE(m_window->clock().length() / 100000, 3'000'000 / 100000); // the longer take sets the lap
    m_window->seek(m_window->clock().length() - 300'000);
    QVERIFY(QTest::qWaitFor([this] { return m_window->clock().lap() >= 1 && m_window->clock().timeInLap() > 200'000; },
                            kTimeoutMs));
    QVERIFY(QTest::qWaitFor([this] { return inStep(1); }, 2000));
    const QList<qint64> shown = m_window->picture()->shownTimes();
    QVERIFY(shown.at(0) >= m_window->clock().length()); // frames of the second lap
    QVERIFY(shown.at(1) >= m_window->clock().length());

    // Without looping, the clock stops on the last frame and both hold there.
    QTest::keyClick(m_window.get(), Qt::Key_L);
    QVERIFY(!m_window->clock().isLooping());
    QVERIFY(QTest::qWaitFor([this] { return !m_window->isPlaying(); }, 5000));
    QVERIFY(QTest::qWaitFor([this] { return inStep(1); }, 2000));
}

void TestCompare::theShorterTakeHoldsItsLastFrame()
{
    QVERIFY(open({fileTake(m_wide), fileTake(m_square)}));
    m_window->pause();
    m_window->seek(2'000'000); // the square take ended at 1 s
    QVERIFY(QTest::qWaitFor([this] { return inStep(0); }, kTimeoutMs));
    const qint64 squareLength = m_window->streams().at(1)->info().durationUs;
    QCOMPARE(shownFrames().at(1), frameAt(squareLength - 1));
    QCOMPARE(shownFrames().at(0), frameAt(2'000'000));
}

void TestCompare::takesOfOtherShapesAreFittedNotStretched()
{
    QVERIFY(open({fileTake(m_wide), fileTake(m_tall)}));
    for (const auto layout : {ComparePicture::Layout::SideBySide, ComparePicture::Layout::Wipe}) {
        m_window->setCompareLayout(layout);
        const QRect wide = m_window->picture()->pictureRect(0);
        const QRect tall = m_window->picture()->pictureRect(1);
        QVERIFY(!wide.isEmpty() && !tall.isEmpty());
        QVERIFY(std::abs(double(wide.width()) / wide.height() - 16.0 / 9) < 0.02);
        QVERIFY(std::abs(double(tall.width()) / tall.height() - 9.0 / 16) < 0.02);
        QVERIFY(m_window->picture()->rect().contains(wide));
        QVERIFY(m_window->picture()->rect().contains(tall));
    }
    // Decoders scale to the picture's size: the frames shown are that size, not the clip's.
    const QSize target = m_window->picture()->pictureRect(0).size() * m_window->picture()->devicePixelRatioF();
    m_window->pause();
    m_window->seek(1'000'000);
    QVERIFY(QTest::qWaitFor([this, target] { return m_window->streams().at(0)->currentFrame().image.size() == target; },
                            kTimeoutMs));
}

void TestCompare::theWipeDividerFollowsKeysAndMouse()
{
    QVERIFY(open({fileTake(m_wide), fileTake(m_tall)}));
    QTest::keyClick(m_window.get(), Qt::Key_W);
    ComparePicture *picture = m_window->picture();
    QCOMPARE(picture->compareLayout(), ComparePicture::Layout::Wipe);
    QCOMPARE(picture->wipePosition(), 0.5);
    QTest::keyClick(m_window.get(), Qt::Key_Right, Qt::ShiftModifier);
    QVERIFY(std::abs(picture->wipePosition() - 0.55) < 1e-9);
    QTest::keyClick(m_window.get(), Qt::Key_Left, Qt::ShiftModifier);
    QTest::keyClick(m_window.get(), Qt::Key_Left, Qt::ShiftModifier);
    QVERIFY(std::abs(picture->wipePosition() - 0.45) < 1e-9);
    // Dragging the divider.
    const int y = picture->height() / 2;
    const QPoint divider(int(picture->width() * 0.45), y);
    QTest::mousePress(picture, Qt::LeftButton, {}, divider);
    QMouseEvent move(QEvent::MouseMove, QPointF(picture->width() / 4, y), picture->mapToGlobal(QPointF(picture->width() / 4, y)),
                     Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(picture, &move);
    QTest::mouseRelease(picture, Qt::LeftButton, {}, QPoint(picture->width() / 4, y));
    QVERIFY(std::abs(picture->wipePosition() - 0.25) < 0.01);
    // Left of the divider is A, right of it B.
    QCOMPARE(picture->takeAt(QPoint(picture->width() / 8, y)), 0);
    QCOMPARE(picture->takeAt(QPoint(picture->width() / 2, y)), 1);
    QTest::keyClick(m_window.get(), Qt::Key_W);
    QCOMPARE(picture->compareLayout(), ComparePicture::Layout::SideBySide);
}

void TestCompare::aGridOfNineAndOneAlone()
{
    QList<CompareTake> takes;
    for (int i = 0; i < 9; ++i)
        takes << fileTake(i % 3 == 0 ? m_wide : i % 3 == 1 ? m_tall : m_square);
    QVERIFY(open(takes));
    ComparePicture *picture = m_window->picture();
    QCOMPARE(picture->compareLayout(), ComparePicture::Layout::Grid);
    QCOMPARE(ComparePicture::gridShape(9), QSize(3, 3));
    QCOMPARE(ComparePicture::gridShape(4), QSize(2, 2));
    QCOMPARE(ComparePicture::gridShape(5), QSize(3, 2));
    for (int i = 0; i < 9; ++i)
        QVERIFY(!picture->pictureRect(i).isEmpty());
    QVERIFY(QTest::qWaitFor([this] { return inStep(1); }, kTimeoutMs));
    // A click plays one alone (and it is heard); another brings the grid back, still in step.
    const QRect inGrid = picture->pictureRect(4);
    const QPoint middle = inGrid.center();
    QTest::mouseClick(picture, Qt::LeftButton, {}, middle);
    QCOMPARE(picture->solo(), 4);
    QCOMPARE(m_window->active(), 4);
    QVERIFY(picture->pictureRect(0).isEmpty());
    QCOMPARE(picture->pictureRect(4).height(), picture->height()); // a tall take, fitted to the whole picture
    QVERIFY(picture->pictureRect(4).width() > 2 * inGrid.width());
    QTest::mouseClick(picture, Qt::LeftButton, {}, picture->rect().center());
    QCOMPARE(picture->solo(), -1);
    QVERIFY(!picture->pictureRect(0).isEmpty());
    QVERIFY(QTest::qWaitFor([this] { return inStep(1); }, kTimeoutMs));
    // Esc leaves a solo take first, then the window.
    QTest::keyClick(m_window.get(), Qt::Key_Return);
    QCOMPARE(picture->solo(), 4);
    QTest::keyClick(m_window.get(), Qt::Key_Escape);
    QCOMPARE(picture->solo(), -1);
    QVERIFY(m_window->isVisible());
}

void TestCompare::ratingKeysAreRecordedForTheTakeHeard()
{
    QTemporaryDir libraryDir;
    QString error;
    std::unique_ptr<Library> library = Library::open(libraryDir.path(), &error);
    QVERIFY2(library, qPrintable(error));
    QList<qint64> ids;
    for (int i = 0; i < 2; ++i) {
        Job job;
        job.request.prompt = u"A horse at dusk, take %1"_s.arg(i + 1);
        job.request.seed = 7 + i;
        QVERIFY2(library->saveJob(job, &error), qPrintable(error));
        job.state = JobState::Ready;
        job.clipPath = library->clipsDirectory() + u"/%1.mp4"_s.arg(job.id);
        QVERIFY(QFile::copy(i == 0 ? m_wide : m_tall, job.clipPath));
        QVERIFY2(library->saveJob(job, &error), qPrintable(error));
        ids << job.id;
    }
    const std::optional<QList<CompareTake>> takes = CompareSource::fromIds(*library, ids, &error);
    QVERIFY2(takes, qPrintable(error));
    QVERIFY(open(*takes, library.get()));
    QSignalSpy changed(m_window.get(), &CompareWindow::takeChanged);
    QTest::keyClick(m_window.get(), Qt::Key_4);
    QCOMPARE(library->entry(ids.at(0))->rating, 4);
    QTest::keyClick(m_window.get(), Qt::Key_A); // B is heard now, and rated
    QCOMPARE(m_window->active(), 1);
    QTest::keyClick(m_window.get(), Qt::Key_2);
    QTest::keyClick(m_window.get(), Qt::Key_F);
    QCOMPARE(library->entry(ids.at(1))->rating, 2);
    QVERIFY(library->entry(ids.at(1))->favourite);
    QCOMPARE(library->entry(ids.at(0))->rating, 4);
    QTest::keyClick(m_window.get(), Qt::Key_0);
    QCOMPARE(library->entry(ids.at(1))->rating, 0);
    QCOMPARE(changed.size(), 4);
    m_window.reset();
}

void TestCompare::aBigGridPlaysProxiesKeptWithTheLibrary()
{
    QTemporaryDir libraryDir;
    QString error;
    std::unique_ptr<Library> library = Library::open(libraryDir.path(), &error);
    QVERIFY2(library, qPrintable(error));
    QList<qint64> ids;
    for (int i = 0; i < CompareWindow::kMostTakesAtFullSize + 1; ++i) {
        Job job;
        job.request.prompt = u"Take %1"_s.arg(i + 1);
        QVERIFY2(library->saveJob(job, &error), qPrintable(error));
        job.state = JobState::Ready;
        job.clipPath = library->clipsDirectory() + u"/%1.mp4"_s.arg(job.id);
        QVERIFY(QFile::copy(m_hd, job.clipPath));
        QVERIFY2(library->saveJob(job, &error), qPrintable(error));
        ids << job.id;
    }
    const std::optional<QList<CompareTake>> takes = CompareSource::fromIds(*library, ids, &error);
    QVERIFY2(takes, qPrintable(error));
    QVERIFY(open(*takes, library.get()));
    // The takes play at once from their clips, then move to their proxies as they are made, without losing step.
    QVERIFY(QTest::qWaitFor([this] { return m_window->takesOnProxies() == 5; }, 60000));
    for (int i = 0; i < 5; ++i) {
        const QString proxy = ProxyMaker::proxyPath(library->directory(), ids.at(i));
        QCOMPARE(m_window->streams().at(i)->path(), proxy);
        QVERIFY(QFile::exists(proxy));
    }
    QVERIFY(QTest::qWaitFor([this] { return m_window->streams().at(4)->info().size == QSize(640, 360); }, kTimeoutMs));
    QVERIFY(QTest::qWaitFor([this] { return inStep(1); }, kTimeoutMs));
    const auto *status = m_window->findChild<QLabel *>(u"Compare status"_s);
    QVERIFY2(status->text().contains(u"lighter copies"_s), qPrintable(status->text()));
    // Two takes never need them.
    m_window.reset();
    QVERIFY(open(takes->mid(0, 2), library.get()));
    QTest::qWait(300);
    QCOMPARE(m_window->takesOnProxies(), 0);
    QCOMPARE(m_window->streams().at(0)->path(), takes->at(0).clipPath);
    m_window.reset();
}

void TestCompare::aFileCannotBeRatedAndSaysSo()
{
    QVERIFY(open({fileTake(m_wide), fileTake(m_tall)}));
    QTest::keyClick(m_window.get(), Qt::Key_3);
    const auto *status = m_window->findChild<QLabel *>(u"Compare status"_s);
    QVERIFY(status);
    QVERIFY2(status->text().contains(u"cannot be rated"_s), qPrintable(status->text()));
    QVERIFY(m_window->differences()->toPlainText().contains(u"No recipe"_s));
}

void TestCompare::whatDiffersIsShownBesideTwoTakes()
{
    CompareTake a = fileTake(m_wide);
    CompareTake b = fileTake(m_tall);
    GenerationRequest recipeA;
    recipeA.prompt = u"A red fox trots through snow"_s;
    recipeA.seed = 1;
    GenerationRequest recipeB = recipeA;
    recipeB.prompt = u"A blue fox trots through snow"_s;
    recipeB.seed = 2;
    a.recipe = recipeA;
    b.recipe = recipeB;
    QVERIFY(open({a, b}));
    QTextBrowser *differences = m_window->differences();
    QVERIFY(differences->isVisible());
    const QString text = differences->toPlainText();
    QVERIFY2(text.contains(u"red"_s) && text.contains(u"blue"_s), qPrintable(text));
    QVERIFY2(text.contains(u"Seed"_s), qPrintable(text));
}

void TestCompare::argumentsAreCheckedBeforeAnythingOpens()
{
    QString error;
    QVERIFY(!CompareSource::fromArguments(nullptr, {m_wide}, &error));
    QVERIFY(error.contains(u"2 to 9"_s));
    QVERIFY(!CompareSource::fromArguments(nullptr, {m_wide, m_dir.path()}, &error));
    QVERIFY2(error.contains(u"not a file"_s), qPrintable(error));
    QVERIFY(!CompareSource::fromArguments(nullptr, {m_wide, u"#12"_s}, &error));
    QVERIFY2(error.contains(u"no take 12"_s), qPrintable(error));
    QVERIFY(!CompareSource::fromArguments(nullptr, {m_wide, u"nothing-here.mp4"_s}, &error));
    QVERIFY2(error.contains(u"neither a file nor a library id"_s), qPrintable(error));
    const auto takes = CompareSource::fromArguments(nullptr, {m_wide, m_tall}, &error);
    QVERIFY(takes);
    QCOMPARE(takes->size(), 2);
    QCOMPARE(takes->at(1).title, u"tall.mp4"_s);
    // A file that is not a video opens, and says so in the picture instead of crashing.
    QFile junk(m_dir.filePath(u"junk.mp4"_s));
    QVERIFY(junk.open(QIODevice::WriteOnly) && junk.write("not a video at all") > 0);
    junk.close();
    m_window = std::make_unique<CompareWindow>(QList<CompareTake>{fileTake(m_wide), fileTake(junk.fileName())}, nullptr);
    m_window->setAttribute(Qt::WA_DeleteOnClose, false);
    m_window->show();
    QVERIFY(QTest::qWaitFor([this] { return m_window->isReady(); }, kTimeoutMs));
    const auto *status = m_window->findChild<QLabel *>(u"Compare status"_s);
    QVERIFY2(status->text().contains(u"B cannot be played"_s), qPrintable(status->text()));
}

QTEST_MAIN(TestCompare)
#include "tst_compare.moc"
