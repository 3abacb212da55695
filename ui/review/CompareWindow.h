#pragma once

#include "review/CompareSource.h"
#include "review/SyncClock.h"
#include "review/ComparePicture.h"

#include <QList>
#include <QWidget>

#include <functional>

class ClipSound;
class ProxyMaker;
class ClipStream;
class Library;
class QAction;
class QComboBox;
class QLabel;
class QSlider;
class QTextBrowser;
class QTimer;
class QToolButton;

// Compares takes as review players do: two side by side or as a wipe, up to nine in a grid, all on one clock, so
// that play, pause, loop, scrub, frame steps and speed act on every take at once and each shows the frame due at
// the same instant. One take is active: it is heard, outlined, and rated with the library's keys. Beside two takes,
// what differs between their recipes.
class CompareWindow final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareWindow)

public:
    // library may be null (files only: nothing is rated or recorded).
    CompareWindow(const QList<CompareTake> &takes, Library *library, QWidget *parent = nullptr);
    ~CompareWindow() override;

    const QList<CompareTake> &takes() const { return m_takes; }
    ComparePicture *picture() const { return m_picture; }
    const SyncClock &clock() const { return m_clock; }
    const QList<ClipStream *> &streams() const { return m_streams; }
    QTextBrowser *differences() const { return m_differences; }
    // Grids of more than this many takes play lighter copies (360 lines, made once and kept with the library):
    // nine 1080P takes fall behind by a few frames on a two-core machine, nine proxies never do (bench_compare).
    static constexpr int kMostTakesAtFullSize = 4;
    // How many takes play from their proxy now.
    int takesOnProxies() const;

    // True once every take is open (or failed) and the clock knows its length.
    bool isReady() const { return m_ready; }
    void play();
    void pause();
    void togglePlay();
    // Also while the clock waits for every take's frame after a seek.
    bool isPlaying() const { return m_clock.isPlaying() || m_holding; }
    void seek(qint64 timeUs); // within the lap
    void step(int frames);
    void setLooping(bool looping);
    void setRate(double rate);
    void setCompareLayout(ComparePicture::Layout layout);
    void setActive(int index); // the take heard and rated
    int active() const { return m_active; }
    void toggleSolo(int index);
    void rateActive(int stars); // 0 clears
    void toggleFavouriteOfActive();

Q_SIGNALS:
    void ready();
    // The shown frames changed (after a tick, a seek or a step): tests and benchmarks read picture()->shownTimes().
    void framesShown();
    // A rating, favourite or tags were recorded in the library.
    void takeChanged(qint64 id);

protected:
    void closeEvent(QCloseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QWidget *buildControls();
    void buildKeys();
    QAction *addKey(const QString &name, const QList<QKeySequence> &keys, std::function<void()> run);
    void onStreamOpened();
    void startWhenAllOpen();
    void tick();
    void showFrames();
    void seekStreams(qint64 position);
    void updateOutputSizes();
    void updateControls();
    void updateLabels();
    void updateDifferences();
    void editTagsOfActive();
    void say(const QString &text);
    void startProxies();
    void useProxy(qint64 id, const QString &path);
    QString labelFor(int index) const;

    QList<CompareTake> m_takes;
    Library *m_library;
    QList<ClipStream *> m_streams;
    ClipSound *m_sound = nullptr;
    SyncClock m_clock;
    QTimer *m_ticker = nullptr;
    ComparePicture *m_picture = nullptr;
    QTextBrowser *m_differences = nullptr;
    QToolButton *m_playButton = nullptr;
    QToolButton *m_loopButton = nullptr;
    QComboBox *m_layoutBox = nullptr;
    QComboBox *m_speedBox = nullptr;
    QToolButton *m_soundButton = nullptr;
    QSlider *m_position = nullptr;
    QLabel *m_time = nullptr;
    QLabel *m_status = nullptr;
    QList<QAction *> m_keys;
    int m_active = 0;
    int m_opened = 0;
    bool m_ready = false;
    bool m_playWhenReady = true;
    bool m_scrubbing = false;
    bool m_holding = false; // playing, but the clock waits until every take has decoded the frame sought
    QList<bool> m_failed;   // takes that cannot be played: nothing is waited for from them
    QList<bool> m_onProxy;
    ProxyMaker *m_proxies = nullptr;
};
