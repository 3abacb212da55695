#pragma once

#include "Ask.h"

#include <QList>
#include <QMainWindow>
#include <QStringList>

#include <functional>

class ApiKeyStore;
class AppSettings;
class LibraryView;
class CompareWindow;
class StoryboardWindow;
class SweepDialog;
class SweepPlan;
class QTabWidget;
class QTimer;
class Library;
struct GenerationRequest;
enum class JobState;
class FormPanel;
class PlayerWidget;
class QLabel;
class QSplitter;
class QueueView;
class Session;

// Paddock's playground window: the form on the left, the player and the job queue on the right, and a status
// bar saying which service is used, how many jobs run and what this session has spent.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    // library may be null (no review tab, and today's spending is what this session knows); keys may be null
    // (no settings for the key).
    MainWindow(Session *session, AppSettings *settings, Library *library = nullptr, ApiKeyStore *keys = nullptr,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    FormPanel *form() const { return m_form; }
    QueueView *queueView() const { return m_queueView; }
    PlayerWidget *player() const { return m_player; }
    // Made the first time the Library tab is opened (or asked for), so a large library costs nothing at start.
    LibraryView *libraryView();
    QTabWidget *tabs() const { return m_tabs; }
    void openSettings(bool atKey = false);
    QString backendText() const;
    QString summaryText() const;
    QString balanceText() const;
    // What "Copy diagnostics" copies: versions, media backend, service, library folder; never the API key.
    QString diagnosticsText() const;

    // Asks before closing while paid jobs are still running; tests answer for the user.
    void setConfirm(Confirm confirm);

    // Opens a compare window on these library takes (2 to 9); null, with a word in the status bar, otherwise.
    // titles, when given (one per take), label the takes instead of their prompts.
    CompareWindow *compare(const QList<qint64> &ids, const QStringList &titles = {});
    // Opens Sweep… on this recipe; a plan sent from it is queued as one sweep. Returns the dialog (it deletes itself).
    SweepDialog *sweep(const GenerationRequest &request);
    // Queues every clip of plan (spending checked once, for the total) and keeps them together in the library as a
    // collection named after the sweep, each take captioned with its axis values. When every one has ended, the
    // takes open as the compare grid (2 to 9 clips) or the collection is shown in the library (more).
    void sendSweep(const SweepPlan &plan);
    // Fills the form with the recipe inside a clip (File ▸ Open Recipe from a Clip…, or a clip dropped on the form).
    // Says what happened; false when the clip has no usable recipe (the form is then unchanged).
    bool openRecipe(const QString &clipPath);
    // Brings clips made by Paddock elsewhere into the library as takes, with their recipes (File ▸ Import Clips…).
    // Returns the new takes' ids; says what could not be imported and why.
    QList<qint64> importClips(const QStringList &paths);
    // The takes selected in the tab shown: the library's, else the queue's.
    QList<qint64> selectionToCompare();
    // The storyboard window, made the first time it is asked for (null without a library). It lives as long as this
    // window, so that its chains run on when it is closed.
    StoryboardWindow *storyboardWindow();
    // Shows the storyboard window, in front.
    void openStoryboard();
    // Puts a take in the player: playing, unless another window of Paddock is the one in use.
    void showClip(const QString &path, const QString &title);
    // Another start of Paddock on this library asked for this window: it comes forward, and plays clipToPlay (an
    // absolute path already checked; empty: none).
    void comeForward(const QString &clipToPlay);
    // Shows what changed in the library elsewhere (ratings, favourites and tags given in a compare window).
    void refreshLibrary();

Q_SIGNALS:
    // The first time the window has painted itself (start-up measurement).
    void firstPaint();

protected:
    void closeEvent(QCloseEvent *event) override;
    bool event(QEvent *event) override;

private:
    void buildMenus();
    // What the window must say about the service in use (demo mode, a bad endpoint); empty when nothing.
    QString serviceNotice(bool withKeyHint) const;
    QWidget *buildBanner(const QString &text);
    void generate(const GenerationRequest &request, int takes);
    void enqueue(const GenerationRequest &request, int takes);
    // Copies request's images into the library off the GUI thread, then calls next with the request pointing at
    // the copies (at once, with request as it is, without a library). Says so and calls nothing if that fails.
    void storeImagesThen(const GenerationRequest &request, std::function<void(const GenerationRequest &)> next);
    bool spendingAllowed(qint64 submitCents);
    void queueSweep(const SweepPlan &plan, const GenerationRequest &stored);
    void onSweepJobEnded(qint64 id);
    // After a restart: the sweeps in the library whose takes are still running, so their grid opens when done.
    void resumeSweeps();
    // After a restart: the storyboards' shots asked for and not yet sent are sent as they were asked.
    void resumeStoryboards();
    void copyAsCode(const GenerationRequest &request, bool python);
    // Opens a presentation of the favourites, or of the library's selection.
    void present(bool favourites);
    void updateBalance();
    void connectLibraryView();
    void onJobStateChanged(qint64 id, JobState state);
    void updateSummary();
    void restoreState();
    void applyFirstStartGeometry();
    void applyFirstStartSplit();
    void showHelpPage(const QString &title, const QString &html);
    void saveState();

    Session *m_session;
    AppSettings *m_settings;
    Library *m_library;
    ApiKeyStore *m_keys;
    LibraryView *m_libraryView = nullptr;
    StoryboardWindow *m_storyboard = nullptr;
    QWidget *m_libraryPage = nullptr;
    QTabWidget *m_tabs = nullptr;
    FormPanel *m_form = nullptr;
    QueueView *m_queueView = nullptr;
    PlayerWidget *m_player = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_rightSplitter = nullptr;
    QLabel *m_backendLabel = nullptr;
    QLabel *m_summaryLabel = nullptr;
    QLabel *m_balanceLabel = nullptr;
    QLabel *m_pauseLabel = nullptr;
    // Sweeps sent in this run whose takes have not all ended: their grid opens when they have.
    struct PendingSweep
    {
        QString name;
        qint64 collectionId = 0;
        QList<qint64> ids;
        QStringList captions; // one per id
    };
    QList<PendingSweep> m_sweeps;
    Confirm m_confirm;
    bool m_painted = false;
    bool m_firstSplitPending = false; // no saved split: it follows the window's size until first shown
};
