#include "review/CompareWindow.h"

#include "library/Library.h"
#include "media/ClipSound.h"
#include "media/ClipStream.h"
#include "media/ProxyMaker.h"
#include "review/RecipeDiff.h"
#include "LibraryItemDelegate.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QSlider>
#include <QSplitter>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Time as a reviewer reads it: seconds with the frame number inside the second.
QString timeText(qint64 us, qint64 frameUs)
{
    const qint64 seconds = us / 1000000;
    const qint64 frame = frameUs > 0 ? (us % 1000000) / frameUs : 0;
    return u"%1:%2.%3"_s.arg(seconds / 60)
        .arg(seconds % 60, 2, 10, QChar(u'0'))
        .arg(frame, 2, 10, QChar(u'0'));
}

constexpr double kSpeeds[] = {0.25, 0.5, 1.0, 1.5, 2.0};
constexpr int kTickMs = 8; // well under a frame at 24-60 fps, so a frame is never shown late by the tick itself

} // namespace

CompareWindow::CompareWindow(const QList<CompareTake> &takes, Library *library, QWidget *parent)
    : QWidget(parent, Qt::Window), m_takes(takes.mid(0, CompareSource::kMaxTakes)), m_library(library)
{
    setObjectName(u"Compare"_s);
    setAccessibleName(u"Compare"_s);
    setWindowTitle(m_takes.size() == 2 ? u"Compare two takes — Paddock"_s
                                       : u"Compare %1 takes — Paddock"_s.arg(m_takes.size()));
    setAttribute(Qt::WA_DeleteOnClose);

    m_picture = new ComparePicture(this);
    m_picture->setFocusPolicy(Qt::StrongFocus);
    m_picture->setCompareLayout(m_takes.size() > 2 ? ComparePicture::Layout::Grid
                                                   : ComparePicture::Layout::SideBySide);
    m_picture->setMessage(tr("Opening %n take(s)…", nullptr, int(m_takes.size())));
    connect(m_picture, &ComparePicture::picturesResized, this, &CompareWindow::updateOutputSizes);
    connect(m_picture, &ComparePicture::takeClicked, this, [this](int index) {
        if (m_picture->compareLayout() == ComparePicture::Layout::Grid || m_picture->solo() >= 0)
            toggleSolo(index);
        else
            setActive(index);
    });

    m_differences = new QTextBrowser(this);
    m_differences->setObjectName(u"What differs"_s);
    m_differences->setAccessibleName(u"What differs"_s);
    m_differences->setOpenLinks(false);
    m_differences->setFocusPolicy(Qt::ClickFocus);
    m_differences->setVisible(m_takes.size() == 2);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_picture);
    splitter->addWidget(m_differences);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    m_status = new QLabel(this);
    m_status->setObjectName(u"Compare status"_s);
    m_status->setAccessibleName(u"Compare status"_s);
    m_status->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(splitter, 1);
    layout->addWidget(buildControls());
    layout->addWidget(m_status);

    m_sound = new ClipSound(this);
    connect(m_sound, &ClipSound::decoded, this, [this] { m_sound->follow(m_clock); });

    m_ticker = new QTimer(this);
    m_ticker->setTimerType(Qt::PreciseTimer);
    m_ticker->setInterval(kTickMs);
    connect(m_ticker, &QTimer::timeout, this, &CompareWindow::tick);

    for (const CompareTake &take : std::as_const(m_takes)) {
        auto *stream = new ClipStream(this);
        m_streams << stream;
        m_failed << false;
        m_onProxy << false;
        connect(stream, &ClipStream::opened, this, &CompareWindow::onStreamOpened);
        connect(stream, &ClipStream::failed, this, [this, stream](const QString &message) {
            const int index = int(m_streams.indexOf(stream));
            m_failed[index] = true;
            say(tr("%1 cannot be played: %2").arg(labelFor(index).section(u" · "_s, 0, 0), message));
            onStreamOpened();
        });
        connect(stream, &ClipStream::frameDecoded, this, [this] {
            if (!m_clock.isPlaying())
                showFrames();
        });
        stream->open(take.clipPath);
    }
    buildKeys();
    startProxies();
    updateDifferences();
    updateControls();
    m_picture->setFocus();
}

CompareWindow::~CompareWindow()
{
    m_ticker->stop();
    m_sound->stop();
    qDeleteAll(m_streams); // their decoding threads end before the window goes
    m_streams.clear();
}

QWidget *CompareWindow::buildControls()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    auto button = [bar, row](const QString &name, const QString &tip) {
        auto *b = new QToolButton(bar);
        b->setText(name);
        b->setObjectName(name);
        b->setAccessibleName(name);
        b->setToolTip(tip);
        b->setFocusPolicy(Qt::NoFocus);
        b->setAutoRaise(true);
        row->addWidget(b);
        return b;
    };
    m_playButton = button(u"Play"_s, tr("Play or pause every take (Space)"));
    connect(m_playButton, &QToolButton::clicked, this, &CompareWindow::togglePlay);
    connect(button(u"◀|"_s, tr("One frame back (Left)")), &QToolButton::clicked, this, [this] { step(-1); });
    connect(button(u"|▶"_s, tr("One frame forward (Right)")), &QToolButton::clicked, this, [this] { step(1); });
    row->itemAt(1)->widget()->setAccessibleName(u"Previous frame"_s);
    row->itemAt(2)->widget()->setAccessibleName(u"Next frame"_s);

    m_position = new QSlider(Qt::Horizontal, bar);
    m_position->setObjectName(u"Position"_s);
    m_position->setAccessibleName(u"Position"_s);
    m_position->setFocusPolicy(Qt::NoFocus);
    m_position->setRange(0, 0);
    row->addWidget(m_position, 1);
    connect(m_position, &QSlider::sliderPressed, this, [this] { m_scrubbing = true; });
    connect(m_position, &QSlider::sliderReleased, this, [this] { m_scrubbing = false; });
    connect(m_position, &QSlider::valueChanged, this, [this](int ms) {
        if (m_scrubbing || m_position->isSliderDown())
            seek(qint64(ms) * 1000);
    });
    connect(m_position, &QSlider::actionTriggered, this, [this](int action) {
        if (action != QAbstractSlider::SliderMove && action != QAbstractSlider::SliderNoAction)
            QTimer::singleShot(0, this, [this] { seek(qint64(m_position->value()) * 1000); });
    });

    m_time = new QLabel(bar);
    m_time->setObjectName(u"Time"_s);
    m_time->setAccessibleName(u"Time"_s);
    row->addWidget(m_time);

    m_loopButton = button(u"Loop"_s, tr("Play again from the start at the end (L)"));
    m_loopButton->setCheckable(true);
    m_loopButton->setChecked(true);
    connect(m_loopButton, &QToolButton::toggled, this, &CompareWindow::setLooping);

    m_speedBox = new QComboBox(bar);
    m_speedBox->setObjectName(u"Speed"_s);
    m_speedBox->setAccessibleName(u"Speed"_s);
    m_speedBox->setToolTip(tr("Speed of every take (- slower, + faster); sound plays at 1× only"));
    m_speedBox->setFocusPolicy(Qt::NoFocus);
    for (const double speed : kSpeeds)
        m_speedBox->addItem(u"%1×"_s.arg(speed), speed);
    m_speedBox->setCurrentIndex(2);
    connect(m_speedBox, &QComboBox::activated, this,
            [this](int index) { setRate(m_speedBox->itemData(index).toDouble()); });
    row->addWidget(m_speedBox);

    m_layoutBox = new QComboBox(bar);
    m_layoutBox->setObjectName(u"Layout"_s);
    m_layoutBox->setAccessibleName(u"Layout"_s);
    m_layoutBox->setFocusPolicy(Qt::NoFocus);
    if (m_takes.size() == 2) {
        m_layoutBox->addItem(tr("Side by side"), QVariant::fromValue(ComparePicture::Layout::SideBySide));
        m_layoutBox->addItem(tr("Wipe"), QVariant::fromValue(ComparePicture::Layout::Wipe));
        m_layoutBox->setToolTip(tr("Side by side, or one over the other with a divider to drag (W)"));
    } else {
        m_layoutBox->addItem(tr("Grid"), QVariant::fromValue(ComparePicture::Layout::Grid));
        m_layoutBox->setToolTip(tr("Every take in a grid; click one to see it alone, again to come back"));
        m_layoutBox->setEnabled(false);
    }
    connect(m_layoutBox, &QComboBox::activated, this, [this](int index) {
        setCompareLayout(m_layoutBox->itemData(index).value<ComparePicture::Layout>());
    });
    row->addWidget(m_layoutBox);

    m_soundButton = button(u"Sound: A"_s, tr("Which take is heard and rated; A switches to the next"));
    m_soundButton->setObjectName(u"Sound from"_s);
    m_soundButton->setAccessibleName(u"Sound from"_s);
    connect(m_soundButton, &QToolButton::clicked, this,
            [this] { setActive((m_active + 1) % std::max<qsizetype>(1, m_takes.size())); });
    return bar;
}

QAction *CompareWindow::addKey(const QString &name, const QList<QKeySequence> &keys, std::function<void()> run)
{
    auto *action = new QAction(name, this);
    action->setShortcuts(keys);
    action->setShortcutContext(Qt::WindowShortcut);
    connect(action, &QAction::triggered, this, std::move(run));
    addAction(action);
    m_keys << action;
    return action;
}

void CompareWindow::buildKeys()
{
    addKey(tr("Play or pause"), {Qt::Key_Space}, [this] { togglePlay(); });
    addKey(tr("Next frame"), {Qt::Key_Right, Qt::Key_Period}, [this] { step(1); });
    addKey(tr("Previous frame"), {Qt::Key_Left, Qt::Key_Comma}, [this] { step(-1); });
    addKey(tr("Start"), {Qt::Key_Home}, [this] { seek(0); });
    addKey(tr("Last frame"), {Qt::Key_End}, [this] {
        pause();
        seek(m_clock.length() - m_clock.frameDuration() / 2);
    });
    addKey(tr("Loop"), {Qt::Key_L}, [this] { m_loopButton->toggle(); });
    addKey(tr("Faster"), {Qt::Key_Plus, Qt::Key_Equal}, [this] {
        m_speedBox->setCurrentIndex(std::min(m_speedBox->currentIndex() + 1, m_speedBox->count() - 1));
        setRate(m_speedBox->currentData().toDouble());
    });
    addKey(tr("Slower"), {Qt::Key_Minus}, [this] {
        m_speedBox->setCurrentIndex(std::max(m_speedBox->currentIndex() - 1, 0));
        setRate(m_speedBox->currentData().toDouble());
    });
    addKey(tr("Wipe or side by side"), {Qt::Key_W}, [this] {
        if (m_takes.size() == 2)
            setCompareLayout(m_picture->compareLayout() == ComparePicture::Layout::Wipe
                                 ? ComparePicture::Layout::SideBySide
                                 : ComparePicture::Layout::Wipe);
    });
    addKey(tr("Move the divider left"), {QKeySequence(Qt::SHIFT | Qt::Key_Left)},
           [this] { m_picture->setWipePosition(m_picture->wipePosition() - 0.05); });
    addKey(tr("Move the divider right"), {QKeySequence(Qt::SHIFT | Qt::Key_Right)},
           [this] { m_picture->setWipePosition(m_picture->wipePosition() + 0.05); });
    addKey(tr("Hear the next take"), {Qt::Key_A},
           [this] { setActive((m_active + 1) % std::max<qsizetype>(1, m_takes.size())); });
    addKey(tr("See the active take alone"), {Qt::Key_Return, Qt::Key_Enter}, [this] { toggleSolo(m_active); });
    for (int stars = 0; stars <= 5; ++stars)
        addKey(stars ? tr("Rate %n star(s)", nullptr, stars) : tr("Clear the rating"), {Qt::Key_0 + stars},
               [this, stars] { rateActive(stars); });
    addKey(tr("Favourite"), {Qt::Key_F}, [this] { toggleFavouriteOfActive(); });
    addKey(tr("Tags…"), {Qt::Key_T}, [this] { editTagsOfActive(); });
    addKey(tr("Close"), {QKeySequence(QKeySequence::Close)}, [this] { close(); });
}

void CompareWindow::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        if (m_picture->solo() >= 0)
            m_picture->setSolo(-1);
        else
            close();
        return;
    }
    QWidget::keyPressEvent(event);
}

void CompareWindow::closeEvent(QCloseEvent *event)
{
    m_ticker->stop();
    m_sound->stop();
    QWidget::closeEvent(event);
}

void CompareWindow::onStreamOpened()
{
    if (m_ready)
        return; // a take that moved to its proxy
    ++m_opened;
    startWhenAllOpen();
}

void CompareWindow::startWhenAllOpen()
{
    if (m_ready || m_opened < m_streams.size())
        return;
    qint64 length = 0;
    qint64 frame = 0;
    QList<QSize> sizes;
    for (ClipStream *stream : std::as_const(m_streams)) {
        const ClipStreamInfo info = stream->info();
        sizes << info.size;
        length = std::max(length, info.durationUs);
        if (info.frameDurationUs > 0)
            frame = frame ? std::min(frame, info.frameDurationUs) : info.frameDurationUs;
    }
    if (length <= 0) {
        m_picture->setMessage(tr("None of these clips can be played."));
        return;
    }
    m_clock.setLength(length);
    m_clock.setFrameDuration(frame);
    for (ClipStream *stream : std::as_const(m_streams))
        stream->setLapLength(length);
    QStringList labels;
    for (int i = 0; i < m_takes.size(); ++i)
        labels << labelFor(i);
    m_picture->setMessage({});
    m_picture->setTakes(sizes, labels);
    m_picture->setActive(m_active);
    m_position->setRange(0, int(length / 1000));
    m_position->setPageStep(1000);
    m_ready = true;
    m_sound->open(m_takes.value(m_active).clipPath);
    updateControls();
    showFrames();
    Q_EMIT ready();
    if (m_playWhenReady)
        play();
}

void CompareWindow::updateOutputSizes()
{
    const qreal ratio = m_picture->devicePixelRatioF();
    for (int i = 0; i < m_streams.size(); ++i) {
        const QRect target = m_picture->pictureRect(i);
        // A take not shown (another is alone) keeps decoding at a small size: it stays in step for the way back.
        const QSize size = target.isEmpty() ? QSize(64, 36) : target.size() * ratio;
        m_streams.at(i)->setOutputSize(size);
    }
}

void CompareWindow::play()
{
    m_playWhenReady = true;
    if (!m_ready)
        return;
    const bool again = m_clock.hasEnded();
    m_clock.play();
    if (again)
        seekStreams(m_clock.position()); // a new lap from the first frame
    m_ticker->start();
    m_sound->follow(m_clock);
    updateControls();
}

void CompareWindow::pause()
{
    m_playWhenReady = false;
    m_holding = false;
    m_clock.pause();
    m_ticker->stop();
    m_sound->follow(m_clock);
    showFrames();
    updateControls();
}

void CompareWindow::togglePlay()
{
    if (isPlaying() || (!m_ready && m_playWhenReady))
        pause();
    else
        play();
}

void CompareWindow::seek(qint64 timeUs)
{
    if (!m_ready)
        return;
    if (m_clock.isPlaying()) {
        // Every take starts again together: the clock waits until each has decoded the frame sought.
        m_clock.pause();
        m_holding = true;
    }
    seekStreams(m_clock.seekInLap(timeUs));
    m_sound->follow(m_clock);
    showFrames();
}

void CompareWindow::step(int frames)
{
    if (!m_ready)
        return;
    m_playWhenReady = false;
    m_holding = false;
    m_ticker->stop();
    seekStreams(m_clock.step(frames));
    m_sound->follow(m_clock);
    showFrames();
    updateControls();
}

void CompareWindow::seekStreams(qint64 position)
{
    for (ClipStream *stream : std::as_const(m_streams))
        stream->seek(position);
}

void CompareWindow::setLooping(bool looping)
{
    m_clock.setLooping(looping);
    for (ClipStream *stream : std::as_const(m_streams))
        stream->setLooping(looping);
    if (m_loopButton->isChecked() != looping)
        m_loopButton->setChecked(looping);
    if (looping && m_clock.isPlaying())
        m_ticker->start();
}

void CompareWindow::setRate(double rate)
{
    m_clock.setRate(rate);
    m_sound->follow(m_clock);
    say(qFuzzyCompare(rate, 1.0) ? QString() : tr("Playing at %1×: the sound is off until 1×.").arg(rate));
}

void CompareWindow::setCompareLayout(ComparePicture::Layout layout)
{
    if (m_takes.size() != 2 && layout != ComparePicture::Layout::Grid)
        return;
    m_picture->setCompareLayout(layout);
    const int index = m_layoutBox->findData(QVariant::fromValue(layout));
    if (index >= 0)
        m_layoutBox->setCurrentIndex(index);
    updateLabels();
}

void CompareWindow::setActive(int index)
{
    if (index < 0 || index >= m_takes.size())
        return;
    m_active = index;
    m_picture->setActive(index);
    m_sound->open(m_takes.at(index).clipPath);
    updateControls();
    updateLabels();
}

void CompareWindow::toggleSolo(int index)
{
    if (index < 0 || index >= m_takes.size())
        return;
    m_picture->setSolo(m_picture->solo() == index ? -1 : index);
    if (index != m_active)
        setActive(index);
}

void CompareWindow::tick()
{
    showFrames();
    m_sound->follow(m_clock);
    if (m_clock.hasEnded()) {
        pause();
        return;
    }
    if (!m_scrubbing)
        updateControls();
}

void CompareWindow::showFrames()
{
    if (!m_ready)
        return;
    if (m_holding) {
        bool allThere = true;
        for (int i = 0; i < m_streams.size(); ++i)
            allThere = allThere && (m_failed.at(i) || m_streams.at(i)->currentFrame().isValid());
        if (allThere) {
            m_holding = false;
            m_clock.play();
        }
    }
    const qint64 now = m_clock.position();
    QList<DecodedFrame> frames;
    const QList<qint64> shownBefore = m_picture->shownTimes();
    bool changed = false;
    for (int i = 0; i < m_streams.size(); ++i) {
        DecodedFrame frame = m_streams.at(i)->frameFor(now);
        frames << frame;
        changed = changed || (frame.isValid() ? frame.ptsUs : -1) != shownBefore.value(i, -1);
    }
    if (!changed)
        return;
    m_picture->setFrames(frames);
    Q_EMIT framesShown();
}

void CompareWindow::updateControls()
{
    m_playButton->setText(isPlaying() ? tr("Pause") : tr("Play"));
    m_playButton->setAccessibleName(isPlaying() ? u"Pause"_s : u"Play"_s);
    const qint64 inLap = m_clock.timeInLap();
    if (!m_position->isSliderDown()) {
        const QSignalBlocker quiet(m_position);
        m_position->setValue(int(inLap / 1000));
    }
    m_time->setText(m_ready ? u"%1 / %2"_s.arg(timeText(inLap, m_clock.frameDuration()),
                                                timeText(m_clock.length(), m_clock.frameDuration()))
                            : QString());
    m_soundButton->setText(tr("Sound: %1").arg(QChar(u'A' + m_active)));
}

QString CompareWindow::labelFor(int index) const
{
    if (index < 0 || index >= m_takes.size())
        return {};
    const CompareTake &take = m_takes.at(index);
    QString label = QString(QChar(u'A' + index));
    if (take.id > 0) {
        if (take.rating > 0)
            label += u" "_s + LibraryItemDelegate::starsText(take.rating);
        if (take.favourite)
            label += u" ♥"_s;
    }
    if (index == m_active && m_takes.size() > 1)
        label += u" ♪"_s; // heard (and rated)
    return label + u" · "_s + take.title;
}

void CompareWindow::updateLabels()
{
    QStringList labels;
    for (int i = 0; i < m_takes.size(); ++i)
        labels << labelFor(i);
    m_picture->setLabels(labels);
}

void CompareWindow::updateDifferences()
{
    if (m_takes.size() != 2)
        return;
    const CompareTake &a = m_takes.at(0);
    const CompareTake &b = m_takes.at(1);
    if (a.recipe && b.recipe)
        m_differences->setHtml(RecipeDiff::toHtml(*a.recipe, *b.recipe, u"A"_s, u"B"_s));
    else
        m_differences->setHtml(RecipeDiff::toHtmlWithoutRecipe(a.recipe ? u"B"_s : u"A"_s));
}

void CompareWindow::rateActive(int stars)
{
    if (m_active >= m_takes.size())
        return;
    CompareTake &take = m_takes[m_active];
    if (!m_library || take.id <= 0) {
        say(tr("%1 is a file, not a take of the library: it cannot be rated.").arg(QChar(u'A' + m_active)));
        return;
    }
    if (!m_library->setRating(take.id, stars)) {
        say(tr("The rating could not be saved in the library."));
        return;
    }
    take.rating = stars;
    say(stars ? tr("%1 rated %2.").arg(QChar(u'A' + m_active)).arg(LibraryItemDelegate::starsText(stars))
              : tr("%1's rating cleared.").arg(QChar(u'A' + m_active)));
    updateLabels();
    Q_EMIT takeChanged(take.id);
}

void CompareWindow::toggleFavouriteOfActive()
{
    if (m_active >= m_takes.size())
        return;
    CompareTake &take = m_takes[m_active];
    if (!m_library || take.id <= 0) {
        say(tr("%1 is a file, not a take of the library: it cannot be a favourite.").arg(QChar(u'A' + m_active)));
        return;
    }
    if (!m_library->setFavourite(take.id, !take.favourite)) {
        say(tr("The favourite could not be saved in the library."));
        return;
    }
    take.favourite = !take.favourite;
    say(take.favourite ? tr("%1 is a favourite.").arg(QChar(u'A' + m_active))
                       : tr("%1 is no longer a favourite.").arg(QChar(u'A' + m_active)));
    updateLabels();
    Q_EMIT takeChanged(take.id);
}

void CompareWindow::editTagsOfActive()
{
    if (m_active >= m_takes.size())
        return;
    CompareTake &take = m_takes[m_active];
    if (!m_library || take.id <= 0) {
        say(tr("%1 is a file, not a take of the library: it cannot be tagged.").arg(QChar(u'A' + m_active)));
        return;
    }
    const bool wasPlaying = m_clock.isPlaying();
    pause();
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Tags of %1").arg(QChar(u'A' + m_active)),
                                               tr("Tags, separated by commas:"), QLineEdit::Normal,
                                               take.tags.join(u", "_s), &ok);
    if (ok) {
        QStringList tags;
        for (const QString &tag : text.split(u',', Qt::SkipEmptyParts)) {
            if (!tag.trimmed().isEmpty())
                tags << tag.trimmed();
        }
        if (m_library->setTags(take.id, tags)) {
            take.tags = tags;
            Q_EMIT takeChanged(take.id);
        } else {
            say(tr("The tags could not be saved in the library."));
        }
    }
    if (wasPlaying)
        play();
}

int CompareWindow::takesOnProxies() const
{
    return int(std::count(m_onProxy.cbegin(), m_onProxy.cend(), true));
}

void CompareWindow::startProxies()
{
    if (!m_library || m_takes.size() <= kMostTakesAtFullSize)
        return;
    m_proxies = new ProxyMaker(this);
    QString why;
    if (!m_proxies->isAvailable(&why)) {
        say(tr("%n takes at full size may fall behind on this computer, and lighter copies cannot be made: %1", nullptr,
               int(m_takes.size()))
                .arg(why));
        return;
    }
    connect(m_proxies, &ProxyMaker::ready, this, &CompareWindow::useProxy);
    connect(m_proxies, &ProxyMaker::failed, this, [this](qint64, const QString &message) {
        say(tr("A lighter copy could not be made, so that take plays at full size: %1").arg(message));
    });
    for (const CompareTake &take : std::as_const(m_takes)) {
        if (take.id > 0)
            m_proxies->request(take.id, take.clipPath, ProxyMaker::proxyPath(m_library->directory(), take.id));
    }
    if (m_proxies->pending() > 0)
        say(tr("Making lighter copies of these takes for smooth playback (once; they are kept with the library)…"));
}

void CompareWindow::useProxy(qint64 id, const QString &path)
{
    for (int i = 0; i < m_takes.size(); ++i) {
        if (m_takes.at(i).id != id || m_onProxy.at(i) || m_failed.at(i))
            continue;
        m_onProxy[i] = true;
        if (path == m_takes.at(i).clipPath)
            continue; // small enough to be its own proxy
        ClipStream *stream = m_streams.at(i);
        stream->open(path, m_clock.position());
        if (m_ready) {
            stream->setLooping(m_clock.isLooping());
            updateOutputSizes();
        }
    }
    if (takesOnProxies() == m_takes.size())
        say(tr("Playing lighter copies (360 lines) of the %n takes, so that every frame keeps time.", nullptr,
               int(m_takes.size())));
}

void CompareWindow::say(const QString &text)
{
    m_status->setText(text);
}
