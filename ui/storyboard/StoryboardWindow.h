#pragma once

#include "Ask.h"
#include "storyboard/Storyboard.h"

#include <QHash>
#include <QMainWindow>

#include <functional>

class ChainRunner;
class JobQueue;
class Library;
class PlayerWidget;
class PosterCache;
class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTimer;
class ShotEditor;

// The storyboard: a sequence sketched as an ordered strip of shots, each generated from where the previous one ends
// (its chosen take's last frame), then stitched into one film with its sound. The strip runs across the top; the
// selected shot is edited below it, beside a player for its takes and the film. Every shot goes through the normal
// job queue, priced and guarded before anything is sent; the chains run on after the window is closed, and after a
// restart (resumeAll()).
class StoryboardWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoryboardWindow)

public:
    // May cents be spent now? (The spending guard: limits, the confirmation above an amount.)
    using SpendingCheck = std::function<bool(qint64 cents)>;
    using AskText = std::function<QString(const QString &title, const QString &label, const QString &initial)>;
    using AskFolder = std::function<QString(const QString &title)>;

    // library must be queue's job store.
    StoryboardWindow(Library *library, JobQueue *queue, SpendingCheck spendingAllowed, QWidget *parent = nullptr);
    ~StoryboardWindow() override;

    // After a start: carries on with what every storyboard was asked to generate and had not sent. Returns how many
    // shots that is.
    int resumeAll();

    qint64 currentStoryboard() const { return m_boardId; }
    void showStoryboard(qint64 id);
    // The shot selected in the strip, -1 when none.
    int currentShot() const;
    void selectShot(int index);

    // What the buttons do, for the menus and tests.
    qint64 newStoryboard(const QString &name);
    void addShot();
    void generateAll(bool includeStale);
    void generateCurrentShot();
    void chooseTake(qint64 generationId);
    void stitchFilm();
    void playFilm();
    void presentFilm();
    void exportTo(const QString &folder);
    // Whether a film is being stitched or a folder written.
    bool isBusy() const { return m_busy; }

    // Tests answer for the user.
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    void setAskText(AskText ask) { m_askText = std::move(ask); }
    void setAskFolder(AskFolder ask) { m_askFolder = std::move(ask); }

    // The parts tests look at.
    ChainRunner *runner(qint64 storyboardId);
    QListWidget *strip() const { return m_strip; }
    ShotEditor *editor() const { return m_editor; }
    PlayerWidget *player() const { return m_player; }
    QLabel *statusLabel() const { return m_status; }
    QLabel *filmLabel() const { return m_film; }
    QPushButton *generateAllButton() const { return m_generateAll; }
    QPushButton *generateStaleButton() const { return m_generateStale; }
    QPushButton *stitchButton() const { return m_stitch; }
    QCheckBox *crossfadeBox() const { return m_crossfade; }
    QComboBox *storyboardBox() const { return m_boards; }
    QSpinBox *durationSpin() const { return m_duration; }
    QPushButton *playFilmButton() const { return m_playFilm; }

Q_SIGNALS:
    // A film was stitched and recorded (path) or could not be (error).
    void filmFinished(bool ok, const QString &pathOrError);
    void exportFinished(bool ok, const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QWidget *buildTopBar();
    QWidget *buildStripBar();
    QWidget *buildBottomBar();
    void buildMenus();
    void fillStoryboardBox();
    void showFirstStoryboard(); // by name; none when there is none
    void scheduleRefresh();
    void refresh();
    void fillStrip(const Storyboard &board);
    void updateActions(const Storyboard &board);
    QString shotState(const Storyboard &board, int index) const;
    // Why the shots would not be accepted by the service, in words ("Shot 2 has no prompt…"); empty when they would.
    QString problemsOf(const Storyboard &board, const QList<int> &shots) const;
    // The warnings of a shot's request (they do not stop it), in words; empty when none.
    QString warningsOf(const Storyboard &board, int shot) const;
    void storeEdit(const Shot &shot);
    void storeDefaults();
    void removeCurrentShot();
    void moveCurrentShot(int by);
    void renameStoryboard();
    void deleteStoryboard();
    void playTake(qint64 generationId);
    void askExport();
    void say(const QString &message);
    QString filmPath() const;

    Library *m_library;
    JobQueue *m_queue;
    SpendingCheck m_spendingAllowed;
    Confirm m_confirm;
    AskText m_askText;
    AskFolder m_askFolder;
    QHash<qint64, ChainRunner *> m_runners;
    qint64 m_boardId = 0;
    Storyboard m_board; // as last shown
    bool m_busy = false;
    bool m_filling = false;

    QComboBox *m_boards = nullptr;
    QComboBox *m_aspect = nullptr;
    QComboBox *m_resolution = nullptr;
    QSpinBox *m_duration = nullptr;
    QListWidget *m_strip = nullptr;
    QPushButton *m_removeShot = nullptr;
    QPushButton *m_moveEarlier = nullptr;
    QPushButton *m_moveLater = nullptr;
    ShotEditor *m_editor = nullptr;
    PlayerWidget *m_player = nullptr;
    QPushButton *m_generateAll = nullptr;
    QPushButton *m_generateStale = nullptr;
    QPushButton *m_stitch = nullptr;
    QCheckBox *m_crossfade = nullptr;
    QPushButton *m_playFilm = nullptr;
    QPushButton *m_presentFilm = nullptr;
    QPushButton *m_export = nullptr;
    QLabel *m_film = nullptr;
    QLabel *m_status = nullptr;
    QTimer *m_statusClear = nullptr;
    static constexpr int kStatusShownMs = 20000;
    QTimer *m_refreshTimer = nullptr;
    PosterCache *m_posters = nullptr;
    QList<QWidget *> m_needBoard; // disabled while no storyboard is shown
};
