#include "MainWindow.h"

#include "account/ApiKeyStore.h"
#include "account/SpendGuard.h"
#include "api/Sweep.h"
#include "api/CodeExport.h"
#include "api/Pricing.h"
#include "api/SegmindClient.h"
#include "Ask.h"
#include "CollectionsButton.h"
#include "FirstRunPrompt.h"
#include "FormPanel.h"
#include "HelpContent.h"
#include "jobs/JobQueue.h"
#include "library/Library.h"
#include "library/Recipe.h"
#include "library/ClipImport.h"
#include "media/ClipRecipe.h"
#include "api/SafeText.h"
#include "LibraryView.h"
#include "PlayerWidget.h"
#include "QueueView.h"
#include "review/CompareSource.h"
#include "review/Presentation.h"
#include "review/PresentationSource.h"
#include "review/PresentationWindow.h"
#include "review/CompareWindow.h"
#include "library/LibraryModel.h"
#include <QListView>
#include "session/Session.h"
#include "settings/AppSettings.h"
#include "SettingsDialog.h"
#include "SweepDialog.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QFileDialog>
#include "storyboard/StoryboardWindow.h"

#include <QFrame>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QDialog>
#include <QDialogButtonBox>
#include <QScreen>
#include <QSysInfo>
#include <QTextBrowser>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QStyle>
#include <QTabWidget>
#include <QtConcurrent/QtConcurrentRun>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

const QString kMainSplitter = u"main"_s;
const QString kRightSplitter = u"right"_s;
// A sweep's collection is named "Sweep <when> · <axes>": how a restart finds the sweeps still running.
const QString kSweepPrefix = u"Sweep "_s;

} // namespace

MainWindow::MainWindow(Session *session, AppSettings *settings, Library *library, ApiKeyStore *keys, QWidget *parent)
    : QMainWindow(parent), m_session(session), m_settings(settings), m_library(library), m_keys(keys),
      // Over the window the question came from (the storyboard's, say), not always over this one.
      m_confirm([this](const QString &title, const QString &text) {
          QWidget *active = QApplication::activeWindow();
          return askYesNo(active ? active : this, title, text);
      })
{
    setWindowTitle(session->isDemo() ? u"Paddock — demo"_s : u"Paddock"_s);
    setWindowIcon(QIcon(u":/icons/paddock.svg"_s));

    m_form = new FormPanel(this); // scrolls inside itself, keeping cost and Generate in view

    m_player = new PlayerWidget(this);
    m_player->setClipFolder(session->queue()->settings().downloadDirectory);
    m_queueView = new QueueView(session->queue(), this);

    // Below the player: this session's jobs, and the library of every generation kept.
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_queueView, u"&Queue"_s);
    if (library) {
        m_libraryPage = new QWidget(this);
        auto *pageLayout = new QVBoxLayout(m_libraryPage);
        pageLayout->setContentsMargins(0, 0, 0, 0);
        m_tabs->addTab(m_libraryPage, u"&Library"_s);
        connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
            if (m_tabs->widget(index) == m_libraryPage)
                libraryView();
        });
    }

    m_rightSplitter = new QSplitter(Qt::Vertical, this);
    m_rightSplitter->addWidget(m_player);
    m_rightSplitter->addWidget(m_tabs);
    m_rightSplitter->setStretchFactor(0, 3);
    m_rightSplitter->setStretchFactor(1, 2);
    m_rightSplitter->setChildrenCollapsible(false);

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->addWidget(m_form);
    m_mainSplitter->addWidget(m_rightSplitter);
    m_mainSplitter->setStretchFactor(0, 2); // a wider window shares: larger thumbnails, a larger player
    m_mainSplitter->setStretchFactor(1, 3);
    m_mainSplitter->setChildrenCollapsible(false);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    // One banner at most: the offer of a key carries the service notice when there is one.
    const bool offerKey = keys && FirstRunPrompt::shouldOffer(*keys, *settings);
    const QString notice = serviceNotice(!offerKey);
    if (offerKey) {
        auto *prompt = new FirstRunPrompt(keys, settings, notice, this);
        connect(prompt, &FirstRunPrompt::enterKeyRequested, this, [this] { openSettings(true); });
        layout->addWidget(prompt);
    } else if (!notice.isEmpty()) {
        layout->addWidget(buildBanner(notice));
    }
    layout->addWidget(m_mainSplitter, 1);
    setCentralWidget(central);

    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setAccessibleName(u"Jobs and spending"_s);
    m_pauseLabel = new QLabel(this);
    m_pauseLabel->setAccessibleName(u"Queue paused"_s);
    m_pauseLabel->hide();
    m_balanceLabel = new QLabel(this);
    m_balanceLabel->setAccessibleName(u"Balance"_s);
    m_backendLabel = new QLabel(session->backend().describe(), this);
    m_backendLabel->setAccessibleName(u"Service"_s);
    m_backendLabel->setToolTip(session->backend().reason);
    statusBar()->addPermanentWidget(m_pauseLabel);
    statusBar()->addPermanentWidget(m_summaryLabel);
    statusBar()->addPermanentWidget(m_balanceLabel);
    statusBar()->addPermanentWidget(m_backendLabel);

    buildMenus();

    connect(m_form, &FormPanel::generateRequested, this, &MainWindow::generate);
    connect(m_form, &FormPanel::sweepRequested, this, &MainWindow::sweep);
    connect(m_form, &FormPanel::recipeDropped, this, &MainWindow::openRecipe);
    connect(m_queueView, &QueueView::clipActivated, this,
            [this](qint64, const QString &path, const QString &prompt) { showClip(path, prompt); });
    connect(session->queue(), &JobQueue::jobStateChanged, this, &MainWindow::onJobStateChanged);
    // A take is on its way, or the library is opened: start the media backend now, so choosing a take is quick.
    connect(session->queue(), &JobQueue::jobAdded, m_player, [this] { m_player->prepare(); });
    connect(session, &Session::summaryChanged, this, &MainWindow::updateSummary);
    connect(session, &Session::balanceChanged, this, &MainWindow::updateBalance);
    connect(session->queue(), &JobQueue::paused, this, [this](const QString &reason, const QDateTime &until) {
        if (!until.isValid()) { // a key or credit problem: nothing goes on until it is solved
            m_pauseLabel->setText(u"Paused"_s);
            m_pauseLabel->setToolTip(reason);
            m_pauseLabel->show();
            statusBar()->showMessage(reason, 10000);
            return;
        }
        // A rate limit holds every status call back, so the usual promise (a finished job noticed within 10 s)
        // does not hold until it lifts: say so.
        const QString time = until.toLocalTime().toString(u"HH:mm:ss"_s);
        m_pauseLabel->setText(u"Rate limited until %1"_s.arg(time));
        m_pauseLabel->setToolTip(reason + u" Status checks wait until %1, so a job that finishes meanwhile is noticed "
                                          u"then rather than within the usual 10 s."_s.arg(time));
        m_pauseLabel->show();
        statusBar()->showMessage(
            u"Rate limited: status checks wait until %1; jobs that finish meanwhile are noticed then."_s.arg(time),
            10000);
    });
    connect(session->queue(), &JobQueue::resumed, m_pauseLabel, &QWidget::hide);

    restoreState();
    resumeSweeps();
    resumeStoryboards();
    updateSummary();
    updateBalance();
    session->refreshBalance();
    m_form->focusPrompt();
}

StoryboardWindow *MainWindow::storyboardWindow()
{
    if (!m_storyboard && m_library) {
        m_storyboard = new StoryboardWindow(m_library, m_session->queue(),
                                            [this](qint64 cents) { return spendingAllowed(cents); }, this);
        m_storyboard->setConfirm([this](const QString &title, const QString &text) { return m_confirm(title, text); });
        // One sound at a time: the player that starts pauses the other.
        connect(m_storyboard->player(), &PlayerWidget::startedPlaying, m_player, &PlayerWidget::pause);
        connect(m_player, &PlayerWidget::startedPlaying, m_storyboard->player(), &PlayerWidget::pause);
    }
    return m_storyboard;
}

void MainWindow::showClip(const QString &path, const QString &title)
{
    // A take that finishes while another window of Paddock is in use (the storyboard playing its film, say) waits
    // here, paused, instead of playing its sound over that window's.
    QWidget *active = QApplication::activeWindow();
    m_player->setClip(path, title, active == nullptr || active == this);
}

void MainWindow::openStoryboard()
{
    if (StoryboardWindow *window = storyboardWindow()) {
        window->show();
        window->raise();
        window->activateWindow();
    }
}

void MainWindow::comeForward(const QString &clipToPlay)
{
    if (isMinimized())
        showNormal();
    show();
    raise();
    activateWindow();
    if (!clipToPlay.isEmpty())
        m_player->openFile(clipToPlay);
}

void MainWindow::resumeStoryboards()
{
    if (!m_library)
        return;
    const QList<Storyboard> boards = m_library->storyboards();
    const bool waiting = std::any_of(boards.cbegin(), boards.cend(), [this](const Storyboard &listed) {
        const std::optional<Storyboard> board = m_library->storyboard(listed.id);
        return board && StoryboardRules::hasWaitingShots(*board);
    });
    if (!waiting)
        return; // nothing to carry on: the window is made when it is first opened
    if (const int shots = storyboardWindow()->resumeAll(); shots > 0)
        statusBar()->showMessage(u"Storyboards: carrying on with %1 shot(s) asked for before Paddock stopped."_s
                                     .arg(shots),
                                 10000);
}

LibraryView *MainWindow::libraryView()
{
    if (!m_libraryView && m_library) {
        m_libraryView = new LibraryView(m_library, m_libraryPage);
        m_libraryPage->layout()->addWidget(m_libraryView);
        connectLibraryView();
        QTimer::singleShot(0, m_player, [this] { m_player->prepare(); });
    }
    return m_libraryView;
}

void MainWindow::connectLibraryView()
{
    connect(m_libraryView, &LibraryView::compareRequested, this, [this](const QList<qint64> &ids) { compare(ids); });
    connect(m_libraryView, &LibraryView::clipSelected, this,
            [this](qint64, const QString &path, const QString &prompt) { showClip(path, prompt); });
    connect(m_libraryView, &LibraryView::copyAsCodeRequested, this, &MainWindow::copyAsCode);
    connect(m_libraryView, &LibraryView::useSettingsRequested, this, [this](const GenerationRequest &request) {
        m_form->setRequest(request);
        m_form->focusPrompt();
        statusBar()->showMessage(u"The form now holds that take's settings and images."_s, 6000);
    });
    connect(m_libraryView, &LibraryView::generateAgainRequested, this, [this](const GenerationRequest &request) {
        m_form->setRequest(request);
        generate(request, 1);
    });
    // What the library shows follows the jobs: a finished take appears there at once.
    connect(m_session->queue(), &JobQueue::jobStateChanged, m_libraryView, [this](qint64, JobState state) {
        if (isFinalState(state))
            m_libraryView->refresh();
    });
}

MainWindow::~MainWindow() = default;

QString MainWindow::serviceNotice(bool withKeyHint) const
{
    const BackendChoice &backend = m_session->backend();
    QString text;
    if (!backend.error.isEmpty())
        text = backend.error + u" "_s;
    if (!m_session->endpointProblem().isEmpty())
        text += m_session->endpointProblem() + u" "_s;
    if (m_session->isDemo()) {
        text += u"<b>Demo mode</b> — clips are simulated on this computer and nothing is charged."_s;
        if (withKeyHint)
            text += u" To use HappyHorse on Segmind, enter your API key in File ▸ Settings and start Paddock again."_s;
    }
    return text.trimmed();
}

QWidget *MainWindow::buildBanner(const QString &text)
{
    auto *banner = new QFrame(this);
    banner->setObjectName(u"banner"_s);
    banner->setFrameShape(QFrame::StyledPanel);
    banner->setAutoFillBackground(true);
    banner->setBackgroundRole(QPalette::AlternateBase);
    auto *row = new QHBoxLayout(banner);
    row->setContentsMargins(10, 6, 6, 6);
    auto *label = new QLabel(text, banner);
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    label->setAccessibleName(u"Service notice"_s);
    row->addWidget(label, 1);
    auto *close = new QToolButton(banner);
    close->setAutoRaise(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(u"Hide this notice (the status bar still says which service is used)"_s);
    close->setAccessibleName(u"Hide notice"_s);
    connect(close, &QToolButton::clicked, banner, &QWidget::hide);
    row->addWidget(close, 0, Qt::AlignTop);
    return banner;
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(u"&File"_s);
    QAction *openRecipeAction = file->addAction(u"&Open Recipe from a Clip…"_s, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, u"Open the recipe of a clip"_s, QString(),
                                                          u"Video clips (*.mp4 *.m4v *.mov);;All files (*)"_s);
        if (!path.isEmpty())
            openRecipe(path);
    });
    openRecipeAction->setObjectName(u"openRecipeAction"_s);
    openRecipeAction->setShortcut(QKeySequence::Open);
    openRecipeAction->setToolTip(u"Fill the form with how a clip made by Paddock was made (it is inside the clip); "
                                 "dropping the clip on the form does the same"_s);
    if (m_library) {
        QAction *import = file->addAction(u"&Import Clips into the Library…"_s, this, [this] {
            const QStringList paths = QFileDialog::getOpenFileNames(
                this, u"Import clips made by Paddock"_s, QString(), u"Video clips (*.mp4 *.m4v *.mov);;All files (*)"_s);
            if (!paths.isEmpty())
                importClips(paths);
        });
        import->setObjectName(u"importClipsAction"_s);
        import->setToolTip(u"Add clips exported by Paddock elsewhere (a colleague's, say) to the library as takes, "
                           "with how they were made"_s);
    }
    file->addSeparator();
    if (m_keys) {
        QAction *settings = file->addAction(u"&Settings…"_s, this, [this] { openSettings(false); });
        // Not every desktop defines a Preferences key: Ctrl+, everywhere else.
        const QList<QKeySequence> preferences = QKeySequence::keyBindings(QKeySequence::Preferences);
        settings->setShortcuts(preferences.isEmpty() ? QList<QKeySequence>{QKeySequence(Qt::CTRL | Qt::Key_Comma)}
                                                     : preferences);
        settings->setMenuRole(QAction::PreferencesRole);
        file->addSeparator();
    }
    QAction *quit = file->addAction(u"&Quit"_s, this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *edit = menuBar()->addMenu(u"&Edit"_s);
    edit->addAction(m_form->undoImageAction());
    edit->addAction(m_form->redoImageAction());
    edit->addSeparator();
    QAction *curl = edit->addAction(u"Copy as &cURL"_s, this, [this] { copyAsCode(m_form->request(), false); });
    curl->setToolTip(u"Copy the form as a shell script that submits it with curl and downloads the clip"_s);
    QAction *python = edit->addAction(u"Copy as &Python"_s, this, [this] { copyAsCode(m_form->request(), true); });
    python->setToolTip(u"Copy the form as a Python script (standard library only)"_s);

    QMenu *view = menuBar()->addMenu(u"&View"_s);
    QAction *favourites = view->addAction(u"Present &favourites"_s, this, [this] { present(true); });
    favourites->setShortcut(QKeySequence(Qt::Key_F5));
    favourites->setObjectName(u"presentFavouritesAction"_s);
    QAction *selection = view->addAction(u"Present s&election"_s, this, [this] { present(false); });
    selection->setObjectName(u"presentSelectionAction"_s);
    selection->setToolTip(u"Present the takes selected in the library, or every take shown from the current one on"_s);
    view->addSeparator();
    if (m_library) {
        QAction *storyboard = view->addAction(u"&Storyboard"_s, this, &MainWindow::openStoryboard);
        storyboard->setObjectName(u"storyboardAction"_s);
        storyboard->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
        storyboard->setToolTip(u"Sketch a sequence as shots, each continuing from the last frame of the one before, "
                               u"and stitch them into one film"_s);
        view->addSeparator();
    }
    QAction *compareAction = view->addAction(u"&Compare selection"_s, this, [this] { compare(selectionToCompare()); });
    compareAction->setObjectName(u"compareSelectionAction"_s);
    compareAction->setToolTip(
        u"Play the 2 to 9 takes selected in the queue or the library side by side, in sync (C in the library)"_s);

    QMenu *account = menuBar()->addMenu(u"&Account"_s);
    account->addAction(u"&Refresh balance"_s, m_session, &Session::refreshBalance);

    QMenu *help = menuBar()->addMenu(u"&Help"_s);
    QAction *guide = help->addAction(u"&Guide"_s, this, [this] {
        showHelpPage(u"Paddock guide"_s, HelpContent::guideHtml(m_library ? m_library->directory() : QString()));
    });
    guide->setShortcut(QKeySequence::HelpContents);
    help->addAction(u"&Keyboard shortcuts"_s, this,
                    [this] { showHelpPage(u"Keyboard shortcuts"_s, HelpContent::shortcutSheetHtml()); });
    QAction *diagnostics = help->addAction(u"Copy &diagnostics"_s, this, [this] {
        QApplication::clipboard()->setText(diagnosticsText());
        statusBar()->showMessage(
            u"Diagnostics copied: versions, media backend, library folder. Paste them into a bug report."_s, 8000);
    });
    diagnostics->setToolTip(u"Copy what a bug report needs (never the API key)"_s);
    help->addSeparator();
    QAction *about = help->addAction(u"&About Paddock"_s, this, [this] {
        QMessageBox::about(
            this, u"About Paddock"_s,
            u"<h3>Paddock %1</h3><p>A desktop playground for HappyHorse 1.1, Alibaba's video model with native "
            u"audio, served by Segmind.</p><p>Prices: $0.14 per second at 720P, $0.18 per second at 1080P. "
            u"Failed jobs are not charged.</p>"_s.arg(QApplication::applicationVersion()));
    });
    about->setMenuRole(QAction::AboutRole);
}

void MainWindow::showHelpPage(const QString &title, const QString &html)
{
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(title);
    dialog->setObjectName(u"helpPage"_s);
    auto *layout = new QVBoxLayout(dialog);
    auto *text = new QTextBrowser(dialog);
    text->setAccessibleName(title);
    text->setHtml(html);
    text->setOpenLinks(false);
    layout->addWidget(text);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog->resize(560, 600);
    dialog->show();
}

QString MainWindow::diagnosticsText() const
{
    QStringList lines;
    lines << u"Paddock %1"_s.arg(QApplication::applicationVersion());
    lines << u"Qt %1 (built with %2), platform %3"_s.arg(QString::fromLatin1(qVersion()),
                                                         QString::fromLatin1(QT_VERSION_STR),
                                                         QGuiApplication::platformName());
    lines << u"System: %1, kernel %2, %3"_s.arg(QSysInfo::prettyProductName(), QSysInfo::kernelVersion(),
                                                QSysInfo::currentCpuArchitecture());
    const QString media = qEnvironmentVariable("QT_MEDIA_BACKEND");
    lines << u"Media backend: %1"_s.arg(media.isEmpty() ? u"Qt's default (GStreamer on Linux)"_s : media);
    lines << u"Service: %1"_s.arg(m_session->backend().describe());
    lines << u"API key: %1"_s.arg(m_keys && m_keys->hasKey() ? u"set"_s : u"not set"_s);
    if (m_library)
        lines << u"Library: %1 (schema %2, full-text search %3)"_s.arg(
            m_library->directory(), QString::number(Library::kSchemaVersion), m_library->hasFullTextSearch() ? u"on"_s : u"off"_s);
    else
        lines << u"Library: not open"_s;
    if (const QScreen *screen = this->screen())
        lines << u"Screen: %1 × %2, scale %3; window %4 × %5"_s.arg(screen->size().width())
                     .arg(screen->size().height())
                     .arg(screen->devicePixelRatio())
                     .arg(width())
                     .arg(height());
    return lines.join(u'\n');
}

bool MainWindow::spendingAllowed(qint64 submitCents)
{
    if (m_session->isDemo())
        return true; // nothing is charged
    SpendGuard::Limits limits;
    limits.perSessionCents = m_settings->sessionLimitCents();
    limits.perDayCents = m_settings->dayLimitCents();
    limits.confirmAboveCents = m_settings->confirmAboveCents();
    SpendGuard::Situation situation;
    situation.submitCents = submitCents;
    situation.sessionCents = m_session->committedCents();
    // Today: what the library knows was paid today, plus this session's jobs not finished yet.
    const qint64 sessionUnfinished = m_session->committedCents() - m_session->spentCents();
    situation.todayCents =
        (m_library ? m_library->spentCents(QDate::currentDate(), QDate::currentDate()) : m_session->spentCents()) +
        sessionUnfinished;
    situation.balanceCents = m_session->balanceCents();
    const SpendGuard::Verdict verdict = SpendGuard::check(limits, situation);
    return !verdict.needsConfirmation() || m_confirm(u"Check the cost"_s, verdict.question());
}

void MainWindow::openSettings(bool atKey)
{
    auto *dialog = new SettingsDialog(m_keys, m_settings, m_session->client()->baseUrl(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::keyChanged, this, [this] {
        if (m_session->isDemo()) {
            statusBar()->showMessage(m_keys->hasKey() ? u"Key saved. Start Paddock again to use Segmind with it."_s
                                                      : u"Key removed."_s,
                                     10000);
            return;
        }
        // Calls from now on use the new key; a removed key stops sending until one is entered.
        m_session->client()->setApiKey(m_keys->key());
        m_session->queue()->resume();
        m_session->refreshBalance();
    });
    if (atKey)
        dialog->showKeySection();
    dialog->open();
}

void MainWindow::generate(const GenerationRequest &request, int takes)
{
    if (!spendingAllowed(request.costCents() * takes))
        return;
    storeImagesThen(request, [this, takes](const GenerationRequest &stored) { enqueue(stored, takes); });
}

void MainWindow::storeImagesThen(const GenerationRequest &request, std::function<void(const GenerationRequest &)> next)
{
    if (!m_library) {
        next(request);
        return;
    }
    // The images go into the library first: reading and hashing them (up to nine of 20 MB) is done off the
    // GUI thread, and the queue then records a request that already points at the library's copies.
    statusBar()->showMessage(u"Preparing the images…"_s);
    const QString imagesDirectory = m_library->imagesDirectory();
    struct Stored
    {
        GenerationRequest request;
        QString error;
    };
    auto *watcher = new QFutureWatcher<Stored>(this);
    connect(watcher, &QFutureWatcher<Stored>::finished, this, [this, watcher, next = std::move(next)] {
        watcher->deleteLater();
        const Stored stored = watcher->result();
        statusBar()->clearMessage();
        if (!stored.error.isEmpty()) {
            QMessageBox::warning(this, u"Not sent"_s, stored.error + u" Nothing was sent or charged."_s);
            return;
        }
        next(stored.request);
    });
    watcher->setFuture(QtConcurrent::run([request, imagesDirectory] {
        Stored stored{request, {}};
        Library::storeImageFiles(imagesDirectory, stored.request, &stored.error);
        return stored;
    }));
}

bool MainWindow::openRecipe(const QString &clipPath)
{
    const QString name = QFileInfo(clipPath).fileName();
    // Not modal: a test, or a person with the clip's folder open, can go on; the message stays until closed.
    auto tell = [this](QMessageBox::Icon icon, const QString &title, const QString &text) {
        auto *box = new QMessageBox(icon, title, text, QMessageBox::Ok, this);
        box->setObjectName(u"recipeMessage"_s);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    };
    QString why;
    const std::optional<QByteArray> recipe = ClipRecipe::readRecipe(clipPath, &why);
    if (!recipe) {
        tell(QMessageBox::Information, u"No recipe"_s,
             u"%1 %2 The form was not changed."_s.arg(SafeText::elide(name), why));
        return false;
    }
    const Recipe::Restored restored = Recipe::restore(*recipe, m_library ? m_library->imagesDirectory() : QString());
    if (!restored.request) {
        tell(QMessageBox::Warning, u"Recipe not used"_s,
             u"The recipe inside %1 cannot be used: %2 The form was not changed."_s.arg(
                 SafeText::elide(name), restored.problems.mid(0, 5).join(u' ')));
        return false;
    }
    m_form->setRequest(*restored.request);
    if (!restored.missingImages.isEmpty()) {
        tell(QMessageBox::Information, u"Images not found"_s,
             u"The form now holds the recipe of %1, but this computer does not have %2 of its images: %3. Add them "
             u"again before sending."_s.arg(SafeText::elide(name))
                 .arg(restored.missingImages.size())
                 .arg(restored.missingImages.join(u", "_s)));
    }
    statusBar()->showMessage(u"The form now holds the recipe of %1."_s.arg(SafeText::elide(name)), 10000);
    return true;
}

QList<qint64> MainWindow::importClips(const QStringList &paths)
{
    QList<qint64> ids;
    if (!m_library)
        return ids;
    QStringList problems;
    for (const QString &path : paths) {
        const ClipImport::Result result = ClipImport::importClip(*m_library, path);
        if (result.id == 0) {
            problems << result.error;
            continue;
        }
        ids << result.id;
        if (!result.missingImages.isEmpty())
            problems << u"%1 came in without %2: they are not on this computer."_s.arg(
                SafeText::elide(QFileInfo(path).fileName()), result.missingImages.join(u", "_s));
    }
    if (!ids.isEmpty()) {
        refreshLibrary();
        m_tabs->setCurrentWidget(m_libraryPage ? m_libraryPage : libraryView());
        libraryView()->selectId(ids.constLast());
        statusBar()->showMessage(ids.size() == 1 ? u"1 clip imported into the library as a take."_s
                                                 : u"%1 clips imported into the library as takes."_s.arg(ids.size()),
                                 10000);
    }
    if (!problems.isEmpty()) {
        auto *box = new QMessageBox(ids.isEmpty() ? QMessageBox::Warning : QMessageBox::Information,
                                    ids.isEmpty() ? u"Nothing imported"_s : u"Imported, with notes"_s,
                                    problems.mid(0, 10).join(u"\n\n"_s), QMessageBox::Ok, this);
        box->setObjectName(u"importMessage"_s);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    return ids;
}

SweepDialog *MainWindow::sweep(const GenerationRequest &request)
{
    auto *dialog = new SweepDialog(request, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { sendSweep(dialog->plan()); });
    dialog->open();
    return dialog;
}

void MainWindow::sendSweep(const SweepPlan &plan)
{
    if (!plan.isValid() || plan.jobCount() == 0)
        return;
    // One decision for the whole grid: limits, the confirmation threshold and the balance see its total.
    if (!spendingAllowed(plan.totalCents()))
        return;
    storeImagesThen(plan.base(), [this, plan](const GenerationRequest &stored) { queueSweep(plan, stored); });
}

void MainWindow::queueSweep(const SweepPlan &plan, const GenerationRequest &stored)
{
    // Every cell varies settings, never images: they all use the library's copies of the base's images.
    QList<GenerationRequest> requests = plan.requests();
    QStringList captions;
    for (qsizetype i = 0; i < requests.size(); ++i) {
        requests[i].firstFrame = stored.firstFrame;
        requests[i].references = stored.references;
        const SweepCell &cell = plan.cells().at(i);
        captions << (cell.rowLabel.isEmpty() ? cell.columnLabel : cell.columnLabel + u" · "_s + cell.rowLabel);
    }
    const QList<qint64> ids = m_session->queue()->enqueueAll(requests);
    if (ids.size() < requests.size()) {
        QMessageBox::warning(
            this, u"Not all sent"_s,
            u"Paddock could not record %1 of the sweep's %2 clips, so they were not sent and nothing was charged for "
            u"them. Check that the disk is not full, then try again."_s.arg(requests.size() - ids.size())
                .arg(requests.size()));
    }
    if (ids.isEmpty())
        return;
    captions = captions.mid(0, ids.size());
    PendingSweep pending;
    pending.ids = ids;
    pending.captions = captions;
    QString axes = SweepAxis::kindName(plan.columnAxis().kind);
    if (plan.rowAxis())
        axes += u" × "_s + SweepAxis::kindName(plan.rowAxis()->kind);
    pending.name = kSweepPrefix + u"%1 · %2"_s.arg(QLocale().toString(QDateTime::currentDateTime(), u"d MMM HH:mm:ss"_s), axes);
    if (m_library) {
        // Kept together as a collection, each take captioned with what it varies: it survives a restart with the jobs.
        QString name = pending.name;
        for (int n = 2; m_library->collectionNamed(name); ++n)
            name = u"%1 (%2)"_s.arg(pending.name).arg(n);
        pending.name = name;
        QString error;
        pending.collectionId = m_library->createCollection(name, &error);
        if (pending.collectionId > 0 && m_library->addToCollection(pending.collectionId, ids, &error) >= 0) {
            for (qsizetype i = 0; i < ids.size(); ++i)
                m_library->setCaption(pending.collectionId, ids.at(i), captions.at(i));
        } else {
            statusBar()->showMessage(u"The sweep was sent, but it could not be kept together: %1"_s.arg(error), 10000);
        }
        refreshLibrary();
    }
    m_sweeps.append(pending);
    m_queueView->selectJob(ids.constLast());
    qint64 cents = 0;
    for (const GenerationRequest &request : requests.mid(0, ids.size()))
        cents += request.costCents();
    statusBar()->showMessage(u"%1: %2 clips queued — %3 in all"_s.arg(pending.name)
                                 .arg(ids.size())
                                 .arg(Pricing::formatCents(cents)),
                             10000);
}

void MainWindow::resumeSweeps()
{
    if (!m_library)
        return;
    for (const LibraryCollection &collection : m_library->collections()) {
        if (!collection.name.startsWith(kSweepPrefix))
            continue;
        PendingSweep pending;
        pending.name = collection.name;
        pending.collectionId = collection.id;
        bool running = false;
        for (const CollectionItem &item : m_library->collectionItems(collection.id)) {
            pending.ids << item.entry.job.id;
            pending.captions << item.caption;
            const Job *job = m_session->queue()->job(item.entry.job.id);
            running = running || (job && job->isRunning());
        }
        if (running)
            m_sweeps.append(pending);
    }
}

void MainWindow::onSweepJobEnded(qint64 id)
{
    for (qsizetype s = 0; s < m_sweeps.size(); ++s) {
        const PendingSweep &sweep = m_sweeps.at(s);
        if (!sweep.ids.contains(id))
            continue;
        QList<qint64> ready;
        QStringList titles;
        for (qsizetype i = 0; i < sweep.ids.size(); ++i) {
            // Takes that ended before a restart are only in the library now.
            std::optional<Job> stored;
            const Job *job = m_session->queue()->job(sweep.ids.at(i));
            if (!job && m_library && (stored = m_library->job(sweep.ids.at(i))))
                job = &*stored;
            if (job && job->isRunning())
                return; // not every take has ended yet
            if (job && job->state == JobState::Ready) {
                ready << sweep.ids.at(i);
                titles << sweep.captions.at(i);
            }
        }
        const PendingSweep done = m_sweeps.takeAt(s);
        if (ready.size() >= 2 && ready.size() <= CompareSource::kMaxTakes && m_library) {
            statusBar()->showMessage(u"%1 is ready: %2 clips side by side."_s.arg(done.name).arg(ready.size()), 10000);
            compare(ready, titles);
        } else if (done.collectionId > 0 && !ready.isEmpty()) {
            m_tabs->setCurrentWidget(m_libraryPage ? m_libraryPage : libraryView());
            libraryView()->collectionsButton()->showCollection(done.collectionId);
            statusBar()->showMessage(u"%1 is ready: %2 of %3 clips, in the library with their settings."_s.arg(done.name)
                                         .arg(ready.size())
                                         .arg(done.ids.size()),
                                     10000);
        } else {
            statusBar()->showMessage(
                u"%1 has ended with %2 of %3 clips ready."_s.arg(done.name).arg(ready.size()).arg(done.ids.size()),
                10000);
        }
        return;
    }
}

void MainWindow::enqueue(const GenerationRequest &request, int takes)
{
    const QList<qint64> ids = m_session->queue()->enqueueAll(request.takes(takes));
    if (ids.size() < takes) {
        QMessageBox::warning(
            this, u"Not sent"_s,
            u"Paddock could not record %1 of the jobs, so they were not sent and nothing was "
            u"charged for them. Check that the disk is not full, then try again."_s.arg(takes - int(ids.size())));
    }
    if (!ids.isEmpty()) {
        m_queueView->selectJob(ids.constLast());
        statusBar()->showMessage(ids.size() == 1 ? u"Job queued — %1"_s.arg(request.costLine())
                                                 : u"%1 takes queued — %2 in all"_s.arg(ids.size())
                                                       .arg(Pricing::formatCents(request.costCents() * ids.size())),
                                 8000);
    }
}

void MainWindow::onJobStateChanged(qint64 id, JobState state)
{
    if (isFinalState(state))
        onSweepJobEnded(id);
    if (state != JobState::Ready)
        return;
    // A new clip plays by itself unless the user is watching another one.
    if (!m_player->isPlaying())
        m_queueView->selectJob(id);
}

QString MainWindow::backendText() const
{
    return m_backendLabel->text();
}

QString MainWindow::balanceText() const
{
    return m_balanceLabel->text();
}

void MainWindow::updateBalance()
{
    const std::optional<qint64> balance = m_session->balanceCents();
    const QString prefix = m_session->isDemo() ? u"Simulated balance"_s : u"Balance"_s;
    m_balanceLabel->setText(
        balance ? u"%1 %2"_s.arg(prefix, Pricing::formatCents(*balance))
                : u"%1 %2"_s.arg(prefix, m_session->isBalanceUnreadable() ? u"unreadable"_s : u"unknown"_s));
    m_balanceLabel->setToolTip(m_session->balanceProblem().isEmpty()
                                   ? u"Credits and free credits on the account. Account ▸ Refresh balance asks again."_s
                                   : m_session->balanceProblem());
}

void MainWindow::copyAsCode(const GenerationRequest &request, bool python)
{
    // Images are read and encoded: off the GUI thread.
    auto *watcher = new QFutureWatcher<CodeExport::Export>(this);
    connect(watcher, &QFutureWatcher<CodeExport::Export>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const CodeExport::Export result = watcher->result();
        if (!result.ok()) {
            QMessageBox::warning(this, u"Nothing copied"_s, result.error);
            return;
        }
        QGuiApplication::clipboard()->setText(result.code);
        if (!result.needsBodyFile()) {
            statusBar()->showMessage(u"Copied. Run it with your key in SEGMIND_API_KEY."_s, 8000);
            return;
        }
        // Large images do not fit a clipboard: the body goes to a file the code reads beside it.
        const QString folder = QFileDialog::getExistingDirectory(
            this, u"Choose a folder for %1 and %2"_s.arg(result.scriptFileName, result.bodyFileName));
        if (folder.isEmpty())
            return;
        QSaveFile body(folder + u"/"_s + result.bodyFileName);
        QSaveFile script(folder + u"/"_s + result.scriptFileName);
        const bool written = body.open(QIODevice::WriteOnly) && body.write(result.bodyJson) == result.bodyJson.size() &&
                             body.commit() && script.open(QIODevice::WriteOnly) &&
                             script.write(result.code.toUtf8()) >= 0 && script.commit();
        if (!written) {
            QMessageBox::warning(this, u"Not saved"_s, u"Could not write the files in %1."_s.arg(folder));
            return;
        }
        statusBar()->showMessage(u"Copied, and saved with its request body in %1."_s.arg(folder), 8000);
    });
    watcher->setFuture(QtConcurrent::run(
        [request, python] { return python ? CodeExport::python(request) : CodeExport::curl(request); }));
}

QString MainWindow::summaryText() const
{
    return m_summaryLabel->text();
}

void MainWindow::updateSummary()
{
    const int running = m_session->runningCount();
    const QString jobs =
        running == 0 ? u"No jobs running"_s : (running == 1 ? u"1 job running"_s : u"%1 jobs running"_s.arg(running));
    const QString spent = m_session->isDemo()
                              ? u"%1 simulated this session"_s.arg(Pricing::formatCents(m_session->spentCents()))
                              : u"%1 spent this session"_s.arg(Pricing::formatCents(m_session->spentCents()));
    m_summaryLabel->setText(jobs + u" · "_s + spent);
}

void MainWindow::setConfirm(Confirm confirm)
{
    m_confirm = std::move(confirm);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    const int unfinished = m_session->sentAndUnfinishedCount();
    if (unfinished > 0 && !m_session->isDemo()) {
        const QString text =
            u"%1 sent to Segmind %2 not finished. If you quit now, Paddock stops waiting: the jobs still run and "
            u"are billed, and their clips are not downloaded.\n\nQuit anyway?"_s.arg(
                unfinished == 1 ? u"1 job"_s : u"%1 jobs"_s.arg(unfinished), unfinished == 1 ? u"is"_s : u"are"_s);
        if (!m_confirm(u"Jobs still running"_s, text)) {
            event->ignore();
            return;
        }
    }
    saveState();
    event->accept();
}

bool MainWindow::event(QEvent *event)
{
    const bool result = QMainWindow::event(event);
    // On a first start the window may be resized (by the code that shows it, or maximized by the window manager)
    // before it is first seen: the split follows until then.
    if (event->type() == QEvent::Resize && m_firstSplitPending && !m_painted)
        applyFirstStartSplit();
    if (event->type() == QEvent::Paint && !m_painted) {
        m_painted = true;
        Q_EMIT firstPaint();
    }
    return result;
}

void MainWindow::restoreState()
{
    if (!restoreGeometry(m_settings->windowGeometry()))
        applyFirstStartGeometry();
    const bool mainRestored = m_mainSplitter->restoreState(m_settings->splitterState(kMainSplitter));
    const bool rightRestored = m_rightSplitter->restoreState(m_settings->splitterState(kRightSplitter));
    m_firstSplitPending = !mainRestored || !rightRestored;
    if (m_firstSplitPending)
        applyFirstStartSplit();
    m_form->setRequest(m_settings->lastRequest());
    // The form is kept as it is typed, not only at quit: a crash or a kill loses at most the last half second.
    // Images are kept only when the privacy setting allows it (AppSettings::setLastRequest decides).
    auto *draft = new QTimer(this);
    draft->setSingleShot(true);
    draft->setInterval(500);
    connect(draft, &QTimer::timeout, this, [this] {
        m_settings->setLastRequest(m_form->request());
        m_settings->sync();
    });
    connect(m_form, &FormPanel::requestChanged, draft, qOverload<>(&QTimer::start));
}

void MainWindow::applyFirstStartSplit()
{
    // The form as wide as its two columns need (more on a large screen), the rest for the player and the takes.
    const int formWidth = qMin(qMax(m_form->sideBySideWidth(), width() * 2 / 5), width() * 3 / 5);
    m_mainSplitter->setSizes({formWidth, width() - formWidth});
    m_rightSplitter->setSizes({height() / 2, height() / 2});
}

void MainWindow::applyFirstStartGeometry()
{
    // Most of the screen, not more than a comfortable 1600×1000; on a laptop-sized screen all of it.
    const QScreen *screen = this->screen();
    const QRect available = screen ? screen->availableGeometry() : QRect(0, 0, 1366, 768);
    const QSize size(qMin(1600, available.width()), qMin(1000, available.height()));
    resize(size);
    move(available.center() - QPoint(size.width() / 2, size.height() / 2));
    if (available.width() < 1600 || available.height() < 1000)
        setWindowState(windowState() | Qt::WindowMaximized);
}

void MainWindow::saveState()
{
    m_settings->setWindowGeometry(saveGeometry());
    m_settings->setSplitterState(kMainSplitter, m_mainSplitter->saveState());
    m_settings->setSplitterState(kRightSplitter, m_rightSplitter->saveState());
    m_settings->setLastRequest(m_form->request());
    m_settings->sync();
}

QList<qint64> MainWindow::selectionToCompare()
{
    if (m_libraryPage && m_tabs->currentWidget() == m_libraryPage)
        return libraryView()->selectedIds();
    return m_queueView->selectedJobIds();
}

void MainWindow::refreshLibrary()
{
    if (m_libraryView)
        m_libraryView->refresh();
}

CompareWindow *MainWindow::compare(const QList<qint64> &ids, const QStringList &titles)
{
    if (!m_library)
        return nullptr;
    QString error;
    std::optional<QList<CompareTake>> takes = CompareSource::fromIds(*m_library, ids, &error);
    if (!takes) {
        statusBar()->showMessage(error, 8000);
        return nullptr;
    }
    if (titles.size() == takes->size()) {
        for (qsizetype i = 0; i < titles.size(); ++i)
            (*takes)[i].title = titles.at(i);
    }
    if (m_player->isPlaying())
        m_player->togglePlayback(); // the compare view has the sound now
    auto *window = new CompareWindow(*takes, m_library, this);
    connect(window, &CompareWindow::takeChanged, this, &MainWindow::refreshLibrary);
    window->resize(size());
    window->showMaximized();
    window->raise(); // over the main window, with the keys: it was asked for
    window->activateWindow();
    return window;
}

void MainWindow::present(bool favourites)
{
    if (!m_library)
        return;
    QString error;
    std::optional<Playlist> playlist;
    if (favourites) {
        playlist = PresentationSource::playlistFor(*m_library, PresentationSource::favouritesName(), &error);
    } else {
        QList<LibraryEntry> entries;
        for (int row : Presentation::rowsToPresent(libraryView()->listView())) {
            if (std::optional<LibraryEntry> entry = libraryView()->model()->entryAt(row))
                entries.append(*entry);
        }
        const QList<PlaylistItem> items = PresentationSource::itemsFrom(entries);
        if (items.isEmpty())
            error = u"Choose takes with a clip in the library first."_s;
        else
            playlist = Playlist(items);
    }
    if (!playlist) {
        statusBar()->showMessage(error, 8000);
        return;
    }
    if (m_player->isPlaying())
        m_player->togglePlayback(); // one take plays at a time
    if (PresentationWindow *window = Presentation::open(m_library, *playlist, this)) {
        connect(window, &PresentationWindow::left, this, [this] {
            if (m_libraryView)
                m_libraryView->refresh(); // ratings and favourites given during the presentation
        });
    }
}
