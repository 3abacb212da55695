#pragma once

#include "api/GenerationRequest.h"
#include "library/Library.h"

#include <QList>
#include <QPoint>
#include <QString>
#include <QUrl>
#include <QWidget>

#include <functional>

class CollectionsButton;
class EmptyViewHint;
class LibraryItemDelegate;
class LibraryModel;
class PosterScrubber;
class QAction;
class QCheckBox;
class QComboBox;
class QDateEdit;
class QFrame;
class QLabel;
class QLineEdit;
class QListView;
class QModelIndex;
class QTimer;
class QToolButton;
class QWidget;

// The library browser: search and filters over every past generation, a poster grid (or list) of the results,
// and what can be done with one: play, rate, favourite, tag, annotate, reuse its settings, export or delete it.
class LibraryView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LibraryView)

public:
    // Asks where to save a file, starting from suggestedPath; an empty answer cancels.
    using SaveAsPrompt = std::function<QString(const QString &suggestedPath)>;
    // Opens a folder or file with the desktop (QDesktopServices::openUrl by default).
    using OpenUrl = std::function<bool(const QUrl &url)>;

    explicit LibraryView(Library *library, QWidget *parent = nullptr);
    ~LibraryView() override;

    // Reads the library again (MainWindow calls it when a job changes state), keeping the current item.
    void refresh();

    LibraryModel *model() const { return m_model; }
    PosterScrubber *scrubber() const { return m_scrubber; }
    QListView *listView() const { return m_list; }
    QLineEdit *searchBox() const { return m_search; }
    QString totalsText() const;
    QString totalsByDayText() const; // the day-by-day detail (the totals line's tooltip)
    QString messageText() const; // the inline bar's text, empty while it is hidden
    qint64 currentId() const;    // 0 when none
    void selectId(qint64 id);
    // The selected takes, in view order (several may be selected to gather them into a collection).
    QList<qint64> selectedIds() const;
    CollectionsButton *collectionsButton() const { return m_collections; }
    bool isGrid() const;
    void setGrid(bool grid);

    // Replace the dialogs and the desktop (tests answer without them).
    void setSaveAsPrompt(SaveAsPrompt prompt);
    void setOpenUrl(OpenUrl open);

    QAction *useSettingsAction() const { return m_useSettingsAction; }
    QAction *generateAgainAction() const { return m_generateAgainAction; }
    QAction *favouriteAction() const { return m_favouriteAction; }
    QAction *rateAction(int stars) const { return m_rateActions.value(stars); }
    QAction *editTagsAction() const { return m_editTagsAction; }
    QAction *deleteAction() const { return m_deleteAction; }
    QAction *undoDeleteAction() const { return m_undoAction; }
    QAction *exportAction() const { return m_exportAction; }
    QAction *revealAction() const { return m_revealAction; }
    QAction *copyPromptAction() const { return m_copyPromptAction; }
    QAction *compareAction() const { return m_compareAction; }
    QAction *copyCurlAction() const { return m_copyCurlAction; }
    // Export…'s key: the desktop's Save As, or Ctrl+Shift+S where it defines none.
    static QKeySequence exportShortcut();
    QAction *copyPythonAction() const { return m_copyPythonAction; }
    // Move the current take one place earlier or later in the collection shown (drag and drop does the same).
    QAction *moveEarlierAction() const { return m_moveEarlierAction; }
    QAction *moveLaterAction() const { return m_moveLaterAction; }

Q_SIGNALS:
    // A generation with a clip on disk became current or was activated: MainWindow plays it.
    void clipSelected(qint64 id, const QString &clipPath, const QString &prompt);
    // "Use these settings": fill the form with this request, images included.
    void useSettingsRequested(const GenerationRequest &request);
    // "Generate again": the same request with the seed cleared, so that the take differs.
    void generateAgainRequested(const GenerationRequest &request);
    // "Compare": play these takes side by side in sync; in the grid's order, top-left first.
    void compareRequested(const QList<qint64> &generationIds);
    // "Copy recipe as cURL / Python": this take's request as a script that makes it again.
    void copyAsCodeRequested(const GenerationRequest &request, bool python);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QWidget *buildFilters();
    void updateFiltersButton();
    void fitTiles();
    QWidget *buildDetails();
    void buildActions();
    LibraryQuery currentQuery() const;
    void applyQuery();
    void updateHint();
    void updateTotals();
    void updateActions();
    void updateCompare();
    void updateReorder();
    void updateDetails();
    void onCurrentChanged(const QModelIndex &current);
    void announceClip(const QModelIndex &index);
    void showContextMenu(const QPoint &position);
    void showMessage(const QString &text, bool offerUndo);
    int currentRow() const;

    void useSettings();
    void generateAgain();
    void rate(int stars);
    void toggleFavourite();
    void commitTags();
    void commitNote();
    void removeCurrent();
    void undoRemove();
    void exportCurrent();
    void revealCurrent();
    void copyPrompt();
    void compare();
    void moveCurrent(int places);

    Library *m_library;
    CollectionsButton *m_collections = nullptr;
    LibraryModel *m_model = nullptr;
    LibraryItemDelegate *m_delegate = nullptr;
    PosterScrubber *m_scrubber = nullptr;
    QListView *m_list = nullptr;
    EmptyViewHint *m_hint = nullptr;
    bool m_hintSaysNoMatch = false;
    qint64 m_keepId = 0; // the current item across a model reset
    QPoint m_pressedAt;  // where a press on a take began, to tell why it cannot be dragged when it cannot
    bool m_pressedOnTake = false;

    QLineEdit *m_search = nullptr;
    QTimer *m_searchDelay = nullptr;
    QComboBox *m_sort = nullptr;
    QComboBox *m_mode = nullptr;
    QComboBox *m_resolution = nullptr;
    QComboBox *m_aspect = nullptr;
    QComboBox *m_rating = nullptr;
    QComboBox *m_status = nullptr;
    QCheckBox *m_favouritesOnly = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QToolButton *m_gridButton = nullptr;
    QToolButton *m_listButton = nullptr;
    QToolButton *m_filtersButton = nullptr;
    QFrame *m_filtersPopup = nullptr;
    QToolButton *m_detailsButton = nullptr;
    bool m_detailsChosen = false; // the user chose whether the details show: the width no longer decides

    QLabel *m_totals = nullptr;
    QWidget *m_bar = nullptr;
    QLabel *m_barText = nullptr;
    QToolButton *m_barUndo = nullptr;

    QWidget *m_details = nullptr;
    QLabel *m_detailsPrompt = nullptr;
    QLabel *m_detailsFacts = nullptr;
    QLineEdit *m_tags = nullptr;
    QLineEdit *m_note = nullptr;
    qint64 m_editingId = 0; // whose tags and note the editors show

    SaveAsPrompt m_saveAs;
    OpenUrl m_openUrl;
    QString m_announcedClip;

    QAction *m_useSettingsAction = nullptr;
    QAction *m_generateAgainAction = nullptr;
    QAction *m_favouriteAction = nullptr;
    QList<QAction *> m_rateActions;
    QAction *m_editTagsAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_undoAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_revealAction = nullptr;
    QAction *m_copyPromptAction = nullptr;
    QAction *m_copyCurlAction = nullptr;
    QAction *m_copyPythonAction = nullptr;
    QAction *m_compareAction = nullptr;
    QAction *m_moveEarlierAction = nullptr;
    QAction *m_moveLaterAction = nullptr;
};
