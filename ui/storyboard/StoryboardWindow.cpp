#include "storyboard/StoryboardWindow.h"

#include "PlayerWidget.h"
#include "jobs/JobQueue.h"
#include "library/Library.h"
#include "media/PosterCache.h"
#include "review/Playlist.h"
#include "review/Presentation.h"
#include "storyboard/ChainRunner.h"
#include "storyboard/ShotEditor.h"
#include "storyboard/StoryboardExport.h"
#include "storyboard/StoryboardFilm.h"

#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QDir>
#include <QScreen>
#include <QStandardPaths>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// A shot's prompt on its card: the first 40 characters or so, ended at a word, "…" when there is more.
QString cardTitle(const QString &prompt)
{
    constexpr qsizetype kLength = 40;
    if (prompt.size() <= kLength)
        return prompt;
    QString title = prompt.left(kLength);
    if (const qsizetype space = title.lastIndexOf(u' '); prompt.at(kLength) != u' ' && space > kLength / 2)
        title.truncate(space);
    while (!title.isEmpty() && QStringLiteral(" ,;:-").contains(title.back()))
        title.chop(1);
    return title + u"…"_s;
}

constexpr QSize kPosterSize(176, 99);
constexpr int kStoryboardIdRole = Qt::UserRole + 1;

QString shotCount(int count)
{
    return count == 1 ? u"1 shot"_s : u"%1 shots"_s.arg(count);
}

// The strip's picture of a shot without a finished take: its number on a plain card.
QPixmap placeholderPoster(int number)
{
    QPixmap pixmap(kPosterSize);
    pixmap.fill(QColor(60, 63, 70));
    QPainter painter(&pixmap);
    painter.setPen(QColor(200, 200, 205));
    QFont font = painter.font();
    font.setPointSizeF(font.pointSizeF() * 2);
    painter.setFont(font);
    painter.drawText(pixmap.rect(), Qt::AlignCenter, QString::number(number));
    return pixmap;
}

} // namespace

StoryboardWindow::StoryboardWindow(Library *library, JobQueue *queue, SpendingCheck spendingAllowed, QWidget *parent)
    : QMainWindow(parent), m_library(library), m_queue(queue), m_spendingAllowed(std::move(spendingAllowed)),
      m_confirm([this](const QString &title, const QString &text) { return askYesNo(this, title, text); }),
      m_askText([this](const QString &title, const QString &label, const QString &initial) {
          return QInputDialog::getText(this, title, label, QLineEdit::Normal, initial);
      }),
      // Opens in the user's videos folder (or home), never in whatever folder Paddock was started from.
      m_askFolder([this](const QString &title) {
          const QString videos = QStandardPaths::writableLocation(QStandardPaths::MoviesLocation);
          return QFileDialog::getExistingDirectory(this, title,
                                                   QDir(videos).exists() ? videos : QDir::homePath());
      })
{
    setWindowTitle(u"Storyboard — Paddock"_s);
    setWindowIcon(QIcon(u":/icons/paddock.svg"_s));

    m_posters = new PosterCache(kPosterSize, this);
    m_posters->setDiskDirectory(library->directory() + u"/posters"_s);
    m_posters->setAllowedDirectory(library->clipsDirectory());
    connect(m_posters, &PosterCache::imageReady, this, &StoryboardWindow::scheduleRefresh);

    m_editor = new ShotEditor(library, this);
    m_editor->setMinimumWidth(320);

    m_player = new PlayerWidget(this);
    m_player->setClipFolder(library->clipsDirectory());

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_editor);
    splitter->addWidget(m_player);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(buildTopBar());
    layout->addWidget(buildStripBar());
    layout->addWidget(splitter, 1);
    layout->addWidget(buildBottomBar());
    setCentralWidget(central);

    m_status = new QLabel(this);
    m_status->setAccessibleName(u"Storyboard status"_s);
    m_status->setWordWrap(true);
    statusBar()->addWidget(m_status, 1);
    // A message is about what was just done: it goes after a while, so that it is not read later as news.
    m_statusClear = new QTimer(this);
    m_statusClear->setSingleShot(true);
    m_statusClear->setInterval(kStatusShownMs);
    connect(m_statusClear, &QTimer::timeout, m_status, &QLabel::clear);
    buildMenus();

    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(50); // many jobs change at once when a queue resumes: one refresh for them all
    connect(m_refreshTimer, &QTimer::timeout, this, &StoryboardWindow::refresh);
    connect(m_queue, &JobQueue::jobStateChanged, this, &StoryboardWindow::scheduleRefresh);

    connect(m_editor, &ShotEditor::edited, this, &StoryboardWindow::storeEdit);
    connect(m_editor, &ShotEditor::chooseTakeRequested, this, &StoryboardWindow::chooseTake);
    connect(m_editor, &ShotEditor::playTakeRequested, this, &StoryboardWindow::playTake);
    connect(m_editor, &ShotEditor::generateRequested, this, &StoryboardWindow::generateCurrentShot);
    connect(m_strip, &QListWidget::currentRowChanged, this, [this] {
        if (!m_filling)
            refresh();
    });

    // 1200 × 800 where there is room; on a laptop's screen, what the screen has, so that no button is off its edge.
    const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1200, 800);
    resize(std::min(1200, available.width() * 19 / 20), std::min(800, available.height() * 9 / 10));
    fillStoryboardBox();
    showFirstStoryboard();
}

StoryboardWindow::~StoryboardWindow() = default;

QWidget *StoryboardWindow::buildTopBar()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_boards = new QComboBox(bar);
    m_boards->setAccessibleName(u"Storyboard"_s);
    m_boards->setMinimumContentsLength(18);
    m_boards->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    connect(m_boards, &QComboBox::activated, this,
            [this](int index) { showStoryboard(m_boards->itemData(index, kStoryboardIdRole).toLongLong()); });
    auto *newBoard = new QPushButton(u"&New…"_s, bar);
    newBoard->setAccessibleName(u"New storyboard"_s);
    connect(newBoard, &QPushButton::clicked, this, [this] {
        const QString name = m_askText(u"New storyboard"_s, u"Name:"_s, u"Storyboard"_s);
        if (!name.isNull())
            newStoryboard(name);
    });
    auto *rename = new QPushButton(u"Rena&me…"_s, bar);
    rename->setAccessibleName(u"Rename storyboard"_s);
    connect(rename, &QPushButton::clicked, this, &StoryboardWindow::renameStoryboard);
    auto *remove = new QPushButton(u"&Delete…"_s, bar);
    remove->setAccessibleName(u"Delete storyboard"_s);
    connect(remove, &QPushButton::clicked, this, &StoryboardWindow::deleteStoryboard);

    m_aspect = new QComboBox(bar);
    m_aspect->setAccessibleName(u"Shape"_s);
    for (AspectRatio aspect : allAspectRatios())
        m_aspect->addItem(aspectRatioName(aspect), QVariant::fromValue(int(aspect)));
    m_resolution = new QComboBox(bar);
    m_resolution->setAccessibleName(u"Resolution"_s);
    m_resolution->addItem(u"720P"_s);
    m_resolution->addItem(u"1080P"_s);
    m_duration = new QSpinBox(bar);
    m_duration->setAccessibleName(u"Length of each shot"_s);
    m_duration->setRange(3, 15);
    m_duration->setSuffix(u" s"_s);
    connect(m_aspect, &QComboBox::currentIndexChanged, this, &StoryboardWindow::storeDefaults);
    connect(m_resolution, &QComboBox::currentIndexChanged, this, &StoryboardWindow::storeDefaults);
    connect(m_duration, &QSpinBox::valueChanged, this, &StoryboardWindow::storeDefaults);

    row->addWidget(new QLabel(u"Storyboard"_s, bar));
    row->addWidget(m_boards);
    row->addWidget(newBoard);
    row->addWidget(rename);
    row->addWidget(remove);
    row->addSpacing(24);
    row->addWidget(new QLabel(u"Every shot:"_s, bar));
    row->addWidget(m_aspect);
    row->addWidget(m_resolution);
    row->addWidget(m_duration);
    row->addStretch(1);
    m_needBoard << rename << remove << m_aspect << m_resolution << m_duration;
    return bar;
}

QWidget *StoryboardWindow::buildStripBar()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    m_strip = new QListWidget(bar);
    m_strip->setAccessibleName(u"Shots"_s);
    m_strip->setViewMode(QListView::IconMode);
    m_strip->setFlow(QListView::LeftToRight);
    m_strip->setWrapping(false);
    m_strip->setMovement(QListView::Static);
    m_strip->setIconSize(kPosterSize);
    // Room for the poster and three lines (number and prompt, wrapped, then the state), and a scroll bar.
    const int textHeight = 3 * m_strip->fontMetrics().lineSpacing() + 8;
    m_strip->setGridSize(QSize(kPosterSize.width() + 24, kPosterSize.height() + textHeight));
    m_strip->setWordWrap(true);
    m_strip->setTextElideMode(Qt::ElideRight);
    m_strip->setFixedHeight(kPosterSize.height() + textHeight + m_strip->style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 8);
    m_strip->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);

    auto *buttons = new QVBoxLayout;
    auto *add = new QPushButton(u"&Add Shot"_s, bar);
    add->setAccessibleName(u"Add shot"_s);
    connect(add, &QPushButton::clicked, this, &StoryboardWindow::addShot);
    m_removeShot = new QPushButton(u"Remove Shot…"_s, bar);
    m_removeShot->setAccessibleName(u"Remove shot"_s);
    connect(m_removeShot, &QPushButton::clicked, this, &StoryboardWindow::removeCurrentShot);
    m_moveEarlier = new QPushButton(u"◀ Earlier"_s, bar);
    m_moveEarlier->setAccessibleName(u"Move shot earlier"_s);
    connect(m_moveEarlier, &QPushButton::clicked, this, [this] { moveCurrentShot(-1); });
    m_moveLater = new QPushButton(u"Later ▶"_s, bar);
    m_moveLater->setAccessibleName(u"Move shot later"_s);
    connect(m_moveLater, &QPushButton::clicked, this, [this] { moveCurrentShot(1); });
    auto *moves = new QHBoxLayout;
    moves->addWidget(m_moveEarlier);
    moves->addWidget(m_moveLater);
    buttons->addWidget(add);
    buttons->addWidget(m_removeShot);
    buttons->addLayout(moves);
    buttons->addStretch(1);
    layout->addWidget(m_strip, 1);
    layout->addLayout(buttons);
    m_needBoard << add << m_strip;
    return bar;
}

QWidget *StoryboardWindow::buildBottomBar()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_generateAll = new QPushButton(u"&Generate All"_s, bar);
    m_generateAll->setAccessibleName(u"Generate all"_s);
    m_generateAll->setToolTip(u"Send every shot that has no take yet, in order: each linked shot once the shot "
                              u"before it is ready"_s);
    connect(m_generateAll, &QPushButton::clicked, this, [this] { generateAll(false); });
    m_generateStale = new QPushButton(bar);
    m_generateStale->setAccessibleName(u"Generate stale shots again"_s);
    m_generateStale->setToolTip(u"Make the stale shots again from the takes chosen before them now (and send the "
                                u"shots that have no take yet)"_s);
    connect(m_generateStale, &QPushButton::clicked, this, [this] { generateAll(true); });
    m_stitch = new QPushButton(u"S&titch Film"_s, bar);
    m_stitch->setAccessibleName(u"Stitch film"_s);
    m_stitch->setToolTip(u"Join the chosen takes, in order, into one film with its sound"_s);
    connect(m_stitch, &QPushButton::clicked, this, &StoryboardWindow::stitchFilm);
    m_crossfade = new QCheckBox(u"Cross&fade sound at cuts"_s, bar);
    m_crossfade->setAccessibleName(u"Crossfade sound at cuts"_s);
    m_crossfade->setToolTip(u"Overlap the sound briefly at each cut. The film is then encoded again, which takes "
                            u"longer than joining the takes as they are."_s);
    m_playFilm = new QPushButton(u"&Play Film"_s, bar);
    m_playFilm->setAccessibleName(u"Play film"_s);
    connect(m_playFilm, &QPushButton::clicked, this, &StoryboardWindow::playFilm);
    m_presentFilm = new QPushButton(u"P&resent Film"_s, bar);
    m_presentFilm->setAccessibleName(u"Present film"_s);
    connect(m_presentFilm, &QPushButton::clicked, this, &StoryboardWindow::presentFilm);
    m_export = new QPushButton(u"&Export…"_s, bar);
    m_export->setAccessibleName(u"Export storyboard"_s);
    m_export->setToolTip(u"Write the film, every take and the storyboard as JSON into a folder"_s);
    connect(m_export, &QPushButton::clicked, this, &StoryboardWindow::askExport);
    m_film = new QLabel(bar);
    m_film->setAccessibleName(u"Film"_s);
    m_film->setWordWrap(true);
    m_film->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    row->addWidget(m_generateAll);
    row->addWidget(m_generateStale);
    row->addSpacing(16);
    row->addWidget(m_stitch);
    row->addWidget(m_crossfade);
    row->addWidget(m_film, 1);
    row->addWidget(m_playFilm);
    row->addWidget(m_presentFilm);
    row->addWidget(m_export);
    return bar;
}

void StoryboardWindow::buildMenus()
{
    QMenu *board = menuBar()->addMenu(u"&Storyboard"_s);
    QAction *add = board->addAction(u"&Add Shot"_s, this, &StoryboardWindow::addShot);
    add->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    QAction *generate = board->addAction(u"&Generate This Shot"_s, this, &StoryboardWindow::generateCurrentShot);
    generate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    board->addAction(u"Generate &All"_s, this, [this] { generateAll(false); });
    board->addSeparator();
    QAction *stitch = board->addAction(u"S&titch Film"_s, this, &StoryboardWindow::stitchFilm);
    stitch->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    QAction *present = board->addAction(u"P&resent Film"_s, this, &StoryboardWindow::presentFilm);
    present->setShortcut(QKeySequence(Qt::Key_F5));
    QAction *exportAction = board->addAction(u"&Export…"_s, this, &StoryboardWindow::askExport);
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    board->addSeparator();
    QAction *close = board->addAction(u"&Close"_s, this, &QWidget::close);
    close->setShortcut(QKeySequence::Close);
    // Quitting from here is quitting Paddock, with the main window's question when paid jobs are running.
    if (QWidget *mainWindow = parentWidget()) {
        QAction *quit = board->addAction(u"&Quit Paddock"_s, mainWindow, &QWidget::close);
        quit->setShortcut(QKeySequence::Quit);
    }
}

ChainRunner *StoryboardWindow::runner(qint64 storyboardId)
{
    if (ChainRunner *existing = m_runners.value(storyboardId))
        return existing;
    auto *made = new ChainRunner(m_library, m_queue, storyboardId, this);
    connect(made, &ChainRunner::progress, this, [this, storyboardId](const QString &message) {
        if (storyboardId == m_boardId)
            say(message);
        scheduleRefresh();
    });
    connect(made, &ChainRunner::shotFailed, this, [this, storyboardId](int, const QString &message) {
        if (storyboardId == m_boardId)
            say(message);
        else
            statusBar()->showMessage(message, 10000);
        scheduleRefresh();
    });
    connect(made, &ChainRunner::shotSent, this, &StoryboardWindow::scheduleRefresh);
    connect(made, &ChainRunner::finished, this, &StoryboardWindow::scheduleRefresh);
    m_runners.insert(storyboardId, made);
    return made;
}

int StoryboardWindow::resumeAll()
{
    int shots = 0;
    for (const Storyboard &listed : m_library->storyboards()) {
        const std::optional<Storyboard> board = m_library->storyboard(listed.id);
        if (board && StoryboardRules::hasWaitingShots(*board))
            shots += runner(listed.id)->resume();
    }
    return shots;
}

void StoryboardWindow::fillStoryboardBox()
{
    m_filling = true;
    m_boards->clear();
    for (const Storyboard &board : m_library->storyboards()) {
        m_boards->addItem(board.name);
        m_boards->setItemData(m_boards->count() - 1, board.id, kStoryboardIdRole);
    }
    if (m_boards->count() == 0)
        m_boards->addItem(u"No storyboard yet — New… makes one"_s);
    m_filling = false;
}

void StoryboardWindow::showStoryboard(qint64 id)
{
    if (m_boardId != id)
        m_editor->flush();
    m_boardId = id;
    const int index = m_boards->findData(id, kStoryboardIdRole);
    if (index >= 0)
        m_boards->setCurrentIndex(index);
    m_board = Storyboard();
    m_filling = true;
    m_strip->clear();
    m_filling = false;
    refresh();
    if (m_strip->count() > 0 && m_strip->currentRow() < 0)
        selectShot(0);
}

void StoryboardWindow::showFirstStoryboard()
{
    const QList<Storyboard> boards = m_library->storyboards();
    showStoryboard(boards.isEmpty() ? 0 : boards.first().id);
}

int StoryboardWindow::currentShot() const
{
    return m_strip->currentRow();
}

void StoryboardWindow::selectShot(int index)
{
    m_strip->setCurrentRow(index);
}

qint64 StoryboardWindow::newStoryboard(const QString &name)
{
    QString error;
    const qint64 id = m_library->createStoryboard(name, &error);
    if (id == 0) {
        say(error);
        return 0;
    }
    // The playground's usual settings to start from, and a first shot to write.
    m_library->setStoryboardDefaults(id, AspectRatio::R16x9, Pricing::Resolution::P720, 5, &error);
    m_library->addShot(id, Shot(), &error);
    fillStoryboardBox();
    showStoryboard(id);
    selectShot(0);
    m_editor->promptEdit()->setFocus();
    say(u"Storyboard “%1” made. Write what happens in its first shot."_s.arg(m_board.name));
    return id;
}

void StoryboardWindow::renameStoryboard()
{
    if (m_boardId == 0)
        return;
    const QString name = m_askText(u"Rename storyboard"_s, u"Name:"_s, m_board.name);
    if (name.isNull())
        return;
    QString error;
    if (!m_library->renameStoryboard(m_boardId, name, &error)) {
        say(error);
        return;
    }
    fillStoryboardBox();
    showStoryboard(m_boardId);
}

void StoryboardWindow::deleteStoryboard()
{
    if (m_boardId == 0)
        return;
    if (!m_confirm(u"Delete storyboard"_s,
                   u"Delete the storyboard “%1”? Its takes stay in the library; shots still waiting are not sent."_s
                       .arg(m_board.name)))
        return;
    QString error;
    if (!m_library->removeStoryboard(m_boardId, &error)) {
        say(error);
        return;
    }
    if (ChainRunner *gone = m_runners.take(m_boardId))
        gone->deleteLater();
    QFile::remove(filmPath());
    fillStoryboardBox();
    showFirstStoryboard();
}

void StoryboardWindow::addShot()
{
    if (m_boardId == 0)
        return;
    m_editor->flush();
    QString error;
    if (m_library->addShot(m_boardId, Shot(), &error) == 0) {
        say(error);
        return;
    }
    refresh();
    selectShot(m_strip->count() - 1);
    m_editor->promptEdit()->setFocus();
}

void StoryboardWindow::removeCurrentShot()
{
    const int index = currentShot();
    if (index < 0 || index >= m_board.shots.size())
        return;
    const Shot &shot = m_board.shots.at(index);
    if (!shot.takes.isEmpty() || !shot.prompt.trimmed().isEmpty()) {
        if (!m_confirm(u"Remove shot"_s, u"Remove shot %1 from the storyboard? Its takes stay in the library."_s
                                             .arg(index + 1)))
            return;
    }
    QString error;
    if (!m_library->removeShot(shot.id, &error)) {
        say(error);
        return;
    }
    runner(m_boardId)->updateStale(); // the shot after it now continues from another one
    refresh();
    selectShot(std::min<int>(index, m_strip->count() - 1));
}

void StoryboardWindow::moveCurrentShot(int by)
{
    const int from = currentShot();
    const int to = from + by;
    if (from < 0 || to < 0 || to >= m_board.shots.size())
        return;
    m_editor->flush();
    QString error;
    if (!m_library->moveShot(m_boardId, from, to, &error)) {
        say(error);
        return;
    }
    runner(m_boardId)->updateStale(); // what each shot continues from has changed
    refresh();
    selectShot(to);
}

void StoryboardWindow::storeEdit(const Shot &shot)
{
    QString error;
    if (!m_library->updateShot(shot, &error)) {
        say(error);
        return;
    }
    runner(m_boardId)->updateStale(); // a shot unlinked no longer depends on the one before it
    scheduleRefresh();
}

void StoryboardWindow::storeDefaults()
{
    if (m_filling || m_boardId == 0)
        return;
    QString error;
    const auto aspect = static_cast<AspectRatio>(m_aspect->currentData().toInt());
    const auto resolution = m_resolution->currentIndex() == 1 ? Pricing::Resolution::P1080 : Pricing::Resolution::P720;
    if (!m_library->setStoryboardDefaults(m_boardId, aspect, resolution, m_duration->value(), &error))
        say(error);
    scheduleRefresh();
}

void StoryboardWindow::scheduleRefresh()
{
    m_refreshTimer->start();
}

void StoryboardWindow::refresh()
{
    m_refreshTimer->stop();
    const std::optional<Storyboard> found = m_boardId ? m_library->storyboard(m_boardId) : std::nullopt;
    if (!found)
        m_boardId = 0;
    m_board = found.value_or(Storyboard());
    for (QWidget *widget : std::as_const(m_needBoard))
        widget->setEnabled(m_boardId != 0);

    m_filling = true;
    m_aspect->setCurrentIndex(std::max(0, m_aspect->findData(int(m_board.aspect))));
    m_resolution->setCurrentIndex(m_board.resolution == Pricing::Resolution::P1080 ? 1 : 0);
    m_duration->setValue(m_board.durationSeconds);
    fillStrip(m_board);
    m_filling = false;

    m_editor->showShot(m_board, currentShot());
    updateActions(m_board);
}

QString StoryboardWindow::shotState(const Storyboard &board, int index) const
{
    const Shot &shot = board.shots.at(index);
    const bool running = std::any_of(shot.takes.cbegin(), shot.takes.cend(),
                                     [](const StoryboardTake &t) { return !isFinalState(t.state); });
    if (running)
        return u"Generating…"_s;
    if (shot.waiting != Shot::Waiting::No)
        return index > 0 && StoryboardRules::continuesFromPrevious(board, index)
                   ? u"Waits for shot %1"_s.arg(index)
                   : u"Waiting to be sent"_s;
    if (shot.stale)
        return u"⚠ Stale"_s;
    if (shot.takes.isEmpty())
        return u"No take yet"_s;
    if (!shot.hasChosenReadyTake())
        return u"No finished take"_s;
    const auto chosen = std::find_if(shot.takes.cbegin(), shot.takes.cend(),
                                     [&shot](const StoryboardTake &t) { return t.generationId == shot.chosenTake; });
    return u"Take %1 of %2"_s.arg(chosen - shot.takes.cbegin() + 1).arg(shot.takes.size());
}

void StoryboardWindow::fillStrip(const Storyboard &board)
{
    const int current = m_strip->currentRow();
    while (m_strip->count() > board.shots.size())
        delete m_strip->takeItem(m_strip->count() - 1);
    while (m_strip->count() < board.shots.size())
        m_strip->addItem(new QListWidgetItem);
    for (int i = 0; i < board.shots.size(); ++i) {
        const Shot &shot = board.shots.at(i);
        QListWidgetItem *item = m_strip->item(i);
        const QString prompt = shot.prompt.simplified();
        const QString link = StoryboardRules::continuesFromPrevious(board, i) ? u"↪ "_s : QString();
        const QString title = prompt.isEmpty() ? u"(no prompt yet)"_s : cardTitle(prompt);
        const QString state = shotState(board, i);
        item->setText(u"%1%2. %3\n%4"_s.arg(link).arg(i + 1).arg(title, state));
        item->setToolTip(u"Shot %1%2\n%3\n%4"_s.arg(i + 1)
                             .arg(link.isEmpty() ? QString() : u", continuing from shot %1"_s.arg(i))
                             .arg(prompt.isEmpty() ? u"(no prompt yet)"_s : prompt, state));
        item->setData(Qt::AccessibleTextRole, u"Shot %1: %2. %3"_s.arg(i + 1).arg(title, state));
        QIcon icon(placeholderPoster(i + 1));
        if (shot.hasChosenReadyTake()) {
            if (const std::optional<Job> take = m_library->job(shot.chosenTake); take && !take->clipPath.isEmpty()) {
                const QImage poster = m_posters->image(take->clipPath);
                if (!poster.isNull())
                    icon = QIcon(QPixmap::fromImage(poster));
            }
        }
        item->setIcon(icon);
        item->setForeground(shot.stale ? QColor(200, 120, 20) : m_strip->palette().text().color());
    }
    // An icon view repaints only an item's new rectangle: a label that became narrower (a shot unlinked) would
    // leave the old one's edges on screen.
    m_strip->viewport()->update();
    if (board.shots.isEmpty())
        return;
    m_strip->setCurrentRow(std::clamp(current, 0, int(board.shots.size()) - 1));
}

QString StoryboardWindow::problemsOf(const Storyboard &board, const QList<int> &shots) const
{
    for (int index : shots) {
        for (const RequestProblem &problem : StoryboardRules::requestFor(board, index, QString()).validate()) {
            if (problem.isError())
                return u"Shot %1: %2"_s.arg(index + 1).arg(problem.message);
        }
    }
    return {};
}

QString StoryboardWindow::warningsOf(const Storyboard &board, int shot) const
{
    QStringList warnings;
    for (const RequestProblem &problem : StoryboardRules::requestFor(board, shot, QString()).validate()) {
        if (!problem.isError())
            warnings << problem.message;
    }
    return warnings.join(u' ');
}

void StoryboardWindow::updateActions(const Storyboard &board)
{
    const bool hasBoard = m_boardId != 0;
    const int index = currentShot();
    m_removeShot->setEnabled(hasBoard && index >= 0);
    m_moveEarlier->setEnabled(hasBoard && index > 0);
    m_moveLater->setEnabled(hasBoard && index >= 0 && index + 1 < board.shots.size());

    const QList<int> missing = StoryboardRules::shotsToGenerate(board, false);
    const QList<int> withStale = StoryboardRules::shotsToGenerate(board, true);
    const qint64 missingCents = StoryboardRules::priceOfGenerateAll(board, false);
    const qint64 staleCents = StoryboardRules::priceOfGenerateAll(board, true);
    m_generateAll->setText(missing.isEmpty()
                               ? u"&Generate All"_s
                               : u"&Generate All · %1 · %2"_s.arg(shotCount(int(missing.size())),
                                                                  Pricing::formatCents(missingCents)));
    m_generateAll->setEnabled(hasBoard && !missing.isEmpty());
    const int staleCount = int(withStale.size() - missing.size());
    m_generateStale->setVisible(staleCount > 0);
    m_generateStale->setText(u"Generate Stale Again · %1 · %2"_s.arg(shotCount(int(withStale.size())),
                                                                     Pricing::formatCents(staleCents)));

    if (index >= 0 && index < board.shots.size()) {
        const Shot &shot = board.shots.at(index);
        const qint64 cents = StoryboardRules::requestFor(board, index, QString()).costCents();
        const QString why = shot.waiting != Shot::Waiting::No
                                ? u"Shot %1 is asked for already: it is sent as soon as the shot before it has its "
                                  u"take."_s.arg(index + 1)
                                : problemsOf(board, {index});
        const QString verb = shot.takes.isEmpty() ? u"Generate This Shot"_s : u"Generate Another Take"_s;
        // A warning (a prompt longer than the service reads) does not stop the shot, but is said before it is sent.
        m_editor->setGenerateState(u"%1 · %2"_s.arg(verb, Pricing::formatCents(cents)), why.isEmpty(),
                                   why.isEmpty() ? warningsOf(board, index) : why);
    }

    const QList<qint64> chosen = StoryboardRules::chosenTakes(board);
    const bool filmExists = hasBoard && QFileInfo(filmPath()).isFile() && !board.filmTakes.isEmpty();
    const bool filmCurrent = filmExists && board.filmTakes == chosen;
    const bool everyShotChosen = !board.shots.isEmpty() && std::all_of(board.shots.cbegin(), board.shots.cend(),
                                                                       [](const Shot &s) { return s.hasChosenReadyTake(); });
    m_film->setText(!filmExists    ? (everyShotChosen ? u"No film yet: stitch the chosen takes."_s
                                                      : u"No film yet: every shot needs a finished take."_s)
                    : filmCurrent ? u"Film up to date."_s
                                  : u"Film out of date: the shots or their chosen takes have changed. Stitch "
                                    u"again."_s);
    m_stitch->setEnabled(!m_busy && everyShotChosen);
    m_crossfade->setEnabled(!m_busy);
    m_playFilm->setEnabled(filmExists);
    m_presentFilm->setEnabled(filmExists);
    m_export->setEnabled(!m_busy && hasBoard && !board.shots.isEmpty());
}

void StoryboardWindow::generateAll(bool includeStale)
{
    m_editor->flush();
    refresh();
    const QList<int> shots = StoryboardRules::shotsToGenerate(m_board, includeStale);
    if (shots.isEmpty()) {
        say(u"Every shot has a take already. Select a shot to make another take of it."_s);
        return;
    }
    if (const QString why = problemsOf(m_board, shots); !why.isEmpty()) {
        say(why + u" Nothing was sent."_s);
        return;
    }
    if (!m_spendingAllowed(StoryboardRules::priceOfGenerateAll(m_board, includeStale)))
        return;
    const int count = runner(m_boardId)->generateAll(includeStale);
    say(u"%1 to generate, %2, each linked shot once the shot before it is ready."_s.arg(
        shotCount(count), Pricing::formatCents(StoryboardRules::priceOfGenerateAll(m_board, includeStale))));
    refresh();
}

void StoryboardWindow::generateCurrentShot()
{
    m_editor->flush();
    refresh();
    const int index = currentShot();
    if (index < 0 || index >= m_board.shots.size())
        return;
    if (const QString why = problemsOf(m_board, {index}); !why.isEmpty()) {
        say(why + u" Nothing was sent."_s);
        return;
    }
    if (!m_spendingAllowed(StoryboardRules::requestFor(m_board, index, QString()).costCents()))
        return;
    QString error;
    if (!runner(m_boardId)->generateShot(index, &error))
        say(error);
    refresh();
}

void StoryboardWindow::chooseTake(qint64 generationId)
{
    const int index = currentShot();
    if (index < 0 || index >= m_board.shots.size())
        return;
    const QList<int> stale = StoryboardRules::staleAfterChoosing(m_board, index, generationId);
    QString error;
    if (!runner(m_boardId)->chooseTake(index, generationId, &error)) {
        say(error);
        return;
    }
    QStringList numbers;
    for (int shot : stale)
        numbers << QString::number(shot + 1);
    const QString last = numbers.isEmpty() ? QString() : numbers.takeLast();
    const QString which = numbers.isEmpty() ? u"Shot %1 depends"_s.arg(last)
                                            : u"Shots %1 and %2 depend"_s.arg(numbers.join(u", "_s), last);
    say(stale.isEmpty() ? u"Shot %1 uses the selected take now."_s.arg(index + 1)
                        : u"Shot %1 uses the selected take now. %2 on the old one, so %3 marked stale: kept as "
                          u"it is, and made again only when you ask."_s
                              .arg(index + 1)
                              .arg(which, stale.size() == 1 ? u"it is"_s : u"they are"_s));
    refresh();
}

void StoryboardWindow::playTake(qint64 generationId)
{
    const std::optional<Job> take = m_library->job(generationId);
    if (!take || take->clipPath.isEmpty())
        return;
    const int index = currentShot();
    m_player->setClip(take->clipPath, u"Shot %1 · %2"_s.arg(index + 1).arg(take->request.prompt.simplified()));
}

QString StoryboardWindow::filmPath() const
{
    return StoryboardFilm::filmPath(m_library->clipsDirectory(), m_boardId);
}

void StoryboardWindow::stitchFilm()
{
    if (m_busy || m_boardId == 0)
        return;
    refresh();
    const StoryboardFilm::Plan plan = StoryboardFilm::plan(m_board, *m_library);
    if (!plan.ok()) {
        say(plan.error);
        return;
    }
    m_busy = true;
    updateActions(m_board);
    const bool crossfade = m_crossfade->isChecked();
    say(crossfade ? u"Stitching the film, with the sound crossfaded at each cut (encoded again: this takes a while)…"_s
                  : u"Stitching the film…"_s);
    const qint64 boardId = m_boardId;
    const QString target = filmPath();
    auto *watcher = new QFutureWatcher<StoryboardFilm::Made>(this);
    connect(watcher, &QFutureWatcher<StoryboardFilm::Made>::finished, this, [this, watcher, plan, boardId, target] {
        const StoryboardFilm::Made made = watcher->result();
        watcher->deleteLater();
        m_busy = false;
        if (!made.stitch.ok) {
            say(u"The film could not be stitched: %1"_s.arg(made.stitch.error));
            refresh();
            Q_EMIT filmFinished(false, made.stitch.error);
            return;
        }
        QString error;
        if (!m_library->setFilmTakes(boardId, plan.takeIds, &error))
            say(error);
        m_player->setClip(QString(), QString(), false); // the old film's file was just replaced
        if (boardId == m_boardId) {
            say(u"Film stitched: %1 s, %2."_s.arg(QString::number(made.stitch.videoSeconds, 'f', 1),
                                                made.stitch.reencoded ? u"encoded once"_s
                                                                      : u"every take joined as it is"_s));
            m_player->setClip(target, m_board.name);
        }
        refresh();
        Q_EMIT filmFinished(true, target);
    });
    watcher->setFuture(QtConcurrent::run(&StoryboardFilm::make, plan, target, crossfade));
}

void StoryboardWindow::playFilm()
{
    if (QFileInfo(filmPath()).isFile())
        m_player->setClip(filmPath(), m_board.name);
}

void StoryboardWindow::presentFilm()
{
    if (!QFileInfo(filmPath()).isFile()) {
        say(u"Stitch the film first."_s);
        return;
    }
    PlaylistItem film;
    film.clipPath = filmPath();
    film.caption = m_board.name;
    if (m_player->isPlaying())
        m_player->togglePlayback(); // one film plays at a time
    Presentation::open(nullptr, Playlist({film}), this); // nothing to rate: the film is not a take
}

void StoryboardWindow::askExport()
{
    if (m_boardId == 0)
        return;
    const QString folder = m_askFolder(u"Export “%1” into a folder"_s.arg(m_board.name));
    if (!folder.isEmpty())
        exportTo(folder);
}

void StoryboardWindow::exportTo(const QString &folder)
{
    if (m_busy || m_boardId == 0)
        return;
    m_editor->flush();
    refresh();
    QString why;
    if (!StoryboardExport::canWriteInto(folder, &why)) {
        say(why);
        Q_EMIT exportFinished(false, why);
        return;
    }
    const QString film = QFileInfo(filmPath()).isFile() && m_board.filmTakes == StoryboardRules::chosenTakes(m_board)
                             ? filmPath()
                             : QString();
    const StoryboardExport::ExportPlan plan = StoryboardExport::exportPlan(m_board, *m_library, film);
    m_busy = true;
    updateActions(m_board);
    say(u"Exporting “%1”…"_s.arg(m_board.name));
    struct Written
    {
        bool ok = false;
        QString error;
    };
    auto *watcher = new QFutureWatcher<Written>(this);
    connect(watcher, &QFutureWatcher<Written>::finished, this, [this, watcher, folder, film] {
        const Written written = watcher->result();
        watcher->deleteLater();
        m_busy = false;
        const QString message = written.ok ? (film.isEmpty() ? u"Exported to %1, without a film: stitch the chosen "
                                                               u"takes first to include it."_s.arg(folder)
                                                             : u"Exported to %1."_s.arg(folder))
                                           : written.error;
        say(message);
        refresh();
        Q_EMIT exportFinished(written.ok, message);
    });
    watcher->setFuture(QtConcurrent::run([plan, folder] {
        Written written;
        written.ok = StoryboardExport::write(plan, folder, &written.error);
        return written;
    }));
}

void StoryboardWindow::say(const QString &message)
{
    m_status->setText(message);
    m_statusClear->start();
}

void StoryboardWindow::closeEvent(QCloseEvent *event)
{
    // The window goes; the chains it started go on (their takes are in the queue and the library).
    m_editor->flush();
    if (m_player->isPlaying())
        m_player->togglePlayback();
    event->accept();
}
