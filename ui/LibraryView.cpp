#include "LibraryView.h"

#include "CollectionsButton.h"

#include "EmptyViewHint.h"
#include "LibraryItemDelegate.h"
#include "PosterScrubber.h"
#include "UiColors.h"
#include "jobs/JobListModel.h"
#include "library/LibraryModel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateEdit>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QResizeEvent>
#include <QScreen>
#include <QScrollArea>
#include <QSplitter>
#include <QStandardPaths>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// Search as you type, yet one query per pause rather than one per key.
constexpr int kSearchDelayMs = 150;
// The date edits show "Any" at their minimum: QDateEdit has no empty state of its own.
const QDate kNoDate(2000, 1, 1);

const QString kEmptyLibraryHint =
    u"Your library is empty. Every generation you make is kept here with its settings and cost: search them, "
    u"rate them, and reuse their settings."_s;
const QString kNoMatchHint = u"No generations match this search and these filters. Clear the search box or choose "
                             u"“Any” in the filters to see more."_s;

// A file name from the prompt's first words: exported clips are found again by what they show.
QString suggestedName(const LibraryEntry &entry)
{
    QString words = JobListModel::promptExcerpt(entry.job.request.prompt, 40);
    words.remove(u'…');
    QString name;
    for (const QChar c : std::as_const(words))
        name += c.isLetterOrNumber() ? c : u'-';
    const QStringList parts = name.split(u'-', Qt::SkipEmptyParts);
    name = parts.join(u'-').toLower();
    if (name.isEmpty())
        name = u"generation"_s;
    return u"%1-%2.mp4"_s.arg(name).arg(entry.job.id);
}

// Beside the actions the window may be narrow: the grid's tiles get a poster as large as lets this many rows of
// them show at once, and the details go beside the grid only when it stays this wide.
constexpr int kRowsInView = 2;
constexpr int kDetailsBesideWidth = 820;

// Side by side, more than this many takes would each be too small to judge.
constexpr int kMinCompared = 2;
constexpr int kMaxCompared = 9;
const QString kCompareTip = u"Play the selected takes side by side in sync"_s;
const QString kCompareWhyNot = u"Select %1 to %2 takes to compare"_s.arg(kMinCompared).arg(kMaxCompared);

// One line that shows the longest of its wordings that fits (the first is the fullest), so that sums of money are
// shortened by leaving parts out rather than cut in the middle. text() is always the fullest.
class FittingLabel final : public QLabel
{
public:
    explicit FittingLabel(QWidget *parent) : QLabel(parent)
    {
        setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }

    void setWordings(const QStringList &wordings)
    {
        m_wordings = wordings;
        setText(wordings.value(0));
        update();
    }

    QString shownText() const
    {
        const QFontMetrics metrics(font());
        const int width = contentsRect().width();
        for (const QString &wording : m_wordings) {
            if (metrics.horizontalAdvance(wording) <= width)
                return wording;
        }
        return metrics.elidedText(m_wordings.value(m_wordings.size() - 1), Qt::ElideRight, width);
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        painter.setPen(palette().color(foregroundRole()));
        painter.drawText(contentsRect(), int(alignment()), shownText());
    }

private:
    QStringList m_wordings;
};

QComboBox *makeCombo(QWidget *parent, const QString &name, const QString &tip)
{
    auto *combo = new QComboBox(parent);
    combo->setAccessibleName(name);
    combo->setToolTip(tip);
    combo->setObjectName(name);
    return combo;
}

} // namespace

LibraryView::LibraryView(Library *library, QWidget *parent)
    : QWidget(parent), m_library(library), m_model(new LibraryModel(library, this)), m_list(new QListView(this))
{
    m_saveAs = [this](const QString &suggested) {
        return QFileDialog::getSaveFileName(this, u"Export clip"_s, suggested, u"MP4 video (*.mp4)"_s);
    };
    m_openUrl = [](const QUrl &url) { return QDesktopServices::openUrl(url); };

    m_delegate = new LibraryItemDelegate(m_list);
    m_list->setModel(m_model);
    m_list->setItemDelegate(m_delegate);
    m_scrubber = new PosterScrubber(m_list, LibraryModel::ClipPathRole, library->directory() + u"/posters"_s);
    m_delegate->setScrubber(m_scrubber);
    // Several takes may be selected (Ctrl/Shift+click) to gather them into a collection; the actions that work on
    // one take act on the current one.
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setDefaultDropAction(Qt::MoveAction); // takes are only ever dragged to reorder a collection
    m_list->setUniformItemSizes(true); // every cell is the same size: thousands lay out at once
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_list->setAccessibleName(u"Generations"_s);
    m_list->setToolTip(QString()); // cells have their own tooltips: the prompt in full
    setGrid(true);

    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(kSearchDelayMs);
    connect(m_searchDelay, &QTimer::timeout, this, &LibraryView::applyQuery);

    buildActions();

    auto *totals = new FittingLabel(this);
    m_totals = totals;
    m_totals->setObjectName(u"totals"_s);
    m_totals->setAccessibleName(u"Spending totals"_s);
    m_totals->setForegroundRole(QPalette::PlaceholderText);

    // The inline bar: what just happened (deleted, exported, went wrong), with Undo after a delete.
    m_bar = new QWidget(this);
    m_bar->setObjectName(u"messageBar"_s);
    m_bar->setAutoFillBackground(true);
    m_bar->setBackgroundRole(QPalette::AlternateBase);
    m_barText = new QLabel(m_bar);
    m_barText->setWordWrap(true);
    m_barText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_barUndo = new QToolButton(m_bar);
    m_barUndo->setDefaultAction(m_undoAction);
    m_barUndo->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_barUndo->setFocusPolicy(Qt::StrongFocus);
    auto *barClose = new QToolButton(m_bar);
    barClose->setText(u"✕"_s);
    barClose->setAccessibleName(u"Close message"_s);
    barClose->setToolTip(u"Hide this message"_s);
    barClose->setAutoRaise(true);
    connect(barClose, &QToolButton::clicked, m_bar, &QWidget::hide);
    auto *barLayout = new QHBoxLayout(m_bar);
    barLayout->setContentsMargins(8, 4, 4, 4);
    barLayout->addWidget(m_barText, 1);
    barLayout->addWidget(m_barUndo);
    barLayout->addWidget(barClose);
    m_bar->hide();

    // The actions most used stay in sight; the rest are one click away under More, so that the toolbar fits a
    // narrow pane. Every one of them is also in the context menu and has its key.
    auto *toolbar = new QToolBar(this);
    toolbar->setObjectName(u"libraryActions"_s);
    toolbar->setAccessibleName(u"Library actions"_s);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(m_useSettingsAction);
    toolbar->addAction(m_generateAgainAction);
    toolbar->addSeparator();
    auto *rateButton = new QToolButton(toolbar);
    rateButton->setText(u"Rate"_s);
    rateButton->setToolTip(u"Rate the selected generation (keys 0–5 in the grid)"_s);
    rateButton->setAccessibleName(u"Rate"_s);
    rateButton->setPopupMode(QToolButton::InstantPopup);
    auto *rateMenu = new QMenu(rateButton);
    for (QAction *action : std::as_const(m_rateActions))
        rateMenu->addAction(action);
    rateButton->setMenu(rateMenu);
    toolbar->addWidget(rateButton);
    toolbar->addAction(m_favouriteAction);
    auto *moreButton = new QToolButton(toolbar);
    moreButton->setText(u"More"_s);
    moreButton->setToolTip(u"Tags and note, export, reveal in the file manager, copy the prompt, delete"_s);
    moreButton->setAccessibleName(u"More actions"_s);
    moreButton->setObjectName(u"moreActions"_s);
    moreButton->setPopupMode(QToolButton::InstantPopup);
    auto *moreMenu = new QMenu(moreButton);
    moreMenu->addAction(m_editTagsAction);
    moreMenu->addSeparator();
    moreMenu->addAction(m_exportAction);
    moreMenu->addAction(m_revealAction);
    moreMenu->addAction(m_copyPromptAction);
    moreMenu->addAction(m_copyCurlAction);
    moreMenu->addAction(m_copyPythonAction);
    moreMenu->addSeparator();
    moreMenu->addAction(m_deleteAction);
    moreButton->setMenu(moreMenu);
    m_collections = new CollectionsButton(library, [this] { return selectedIds(); }, toolbar);
    connect(m_collections, &CollectionsButton::shownCollectionChanged, this, &LibraryView::applyQuery);
    connect(m_collections, &CollectionsButton::collectionChanged, this, &LibraryView::refresh);
    connect(m_collections, &CollectionsButton::message, this, [this](const QString &text) { showMessage(text, false); });
    toolbar->addWidget(m_collections);
    toolbar->addAction(m_compareAction);
    toolbar->widgetForAction(m_compareAction)->setAccessibleName(u"Compare"_s);
    toolbar->addWidget(moreButton);
    // Toolbar buttons take the focus with Tab, so that every action is reachable from the keyboard.
    const QList<QToolButton *> buttons = toolbar->findChildren<QToolButton *>();
    for (QToolButton *button : buttons)
        button->setFocusPolicy(Qt::StrongFocus);

    auto *actionsRow = new QHBoxLayout;
    actionsRow->setSpacing(6);
    actionsRow->addWidget(toolbar);
    actionsRow->addWidget(m_totals, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_list);
    splitter->addWidget(buildDetails());
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 0);
    splitter->setChildrenCollapsible(false);
    m_list->setMinimumSize(LibraryItemDelegate::gridTileSize(m_list->font(), LibraryItemDelegate::kMinPosterHeight) +
                           QSize(20, 20));
    m_list->viewport()->installEventFilter(this);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(buildFilters());
    layout->addLayout(actionsRow);
    layout->addWidget(m_bar);
    layout->addWidget(splitter, 1);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onCurrentChanged(current); });
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this, &LibraryView::updateCompare);
    connect(m_model, &LibraryModel::reorderFailed, this, [this](const QString &text) { showMessage(text, false); });
    connect(m_list, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        m_announcedClip.clear(); // Enter or a double click plays the clip again, even when it is current
        announceClip(index);
    });
    connect(m_list, &QWidget::customContextMenuRequested, this, &LibraryView::showContextMenu);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_keepId = currentId(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        const int row = m_model->rowOf(m_keepId);
        if (row >= 0) {
            // The same item stays current and in view; it is not announced again.
            const QString clip = m_announcedClip;
            m_list->selectionModel()->setCurrentIndex(m_model->index(row), QItemSelectionModel::ClearAndSelect);
            m_announcedClip = clip;
            m_list->scrollTo(m_model->index(row));
        }
        updateActions();
        updateDetails();
        updateCompare();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &from, const QModelIndex &to, const QList<int> &roles) {
                const int row = currentRow();
                if (row >= from.row() && row <= to.row()) {
                    updateActions();
                    updateDetails();
                }
                if (roles.isEmpty() || roles.contains(LibraryModel::ClipPathRole))
                    updateCompare(); // a selected take's clip may have arrived or gone
            });
    connect(m_model, &LibraryModel::totalCountChanged, this, [this] { updateHint(); });

    updateHint();
    updateTotals();
    updateActions();
    updateDetails();
    updateCompare();
    updateReorder();
}

LibraryView::~LibraryView() = default;

QWidget *LibraryView::buildFilters()
{
    auto *box = new QWidget(this);

    m_search = new QLineEdit(box);
    m_search->setObjectName(u"search"_s);
    m_search->setPlaceholderText(u"Search prompts, tags and notes"_s);
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(u"Search the library"_s);
    m_search->setToolTip(u"Words are matched as the starts of words in prompts, negative prompts, tags and notes; "
                         u"every word must match."_s);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay->stop();
        applyQuery();
    });

    m_sort = makeCombo(box, u"Sort"_s, u"The order of the generations"_s);
    m_sort->addItem(u"Newest first"_s, int(LibraryQuery::Sort::Newest));
    m_sort->addItem(u"Oldest first"_s, int(LibraryQuery::Sort::Oldest));
    m_sort->addItem(u"Best rated"_s, int(LibraryQuery::Sort::BestRated));
    m_sort->addItem(u"Most expensive"_s, int(LibraryQuery::Sort::MostExpensive));

    m_gridButton = new QToolButton(box);
    m_gridButton->setText(u"Grid"_s);
    m_gridButton->setAccessibleName(u"Show as a grid"_s);
    m_gridButton->setToolTip(u"Show the generations as a grid of posters"_s);
    m_gridButton->setCheckable(true);
    m_gridButton->setAutoExclusive(true);
    m_gridButton->setChecked(true);
    m_listButton = new QToolButton(box);
    m_listButton->setText(u"List"_s);
    m_listButton->setAccessibleName(u"Show as a list"_s);
    m_listButton->setToolTip(u"Show the generations as a list with more details"_s);
    m_listButton->setCheckable(true);
    m_listButton->setAutoExclusive(true);
    for (QToolButton *button : {m_gridButton, m_listButton})
        button->setFocusPolicy(Qt::StrongFocus);
    connect(m_gridButton, &QToolButton::toggled, this, [this](bool on) { setGrid(on); });

    m_mode = makeCombo(box, u"Mode filter"_s, u"Only generations of this mode"_s);
    m_mode->addItem(u"Any mode"_s, -1);
    for (auto mode : {GenerationRequest::Mode::TextToVideo, GenerationRequest::Mode::ImageToVideo,
                      GenerationRequest::Mode::ReferenceToVideo})
        m_mode->addItem(GenerationRequest::modeName(mode), int(mode));
    m_resolution = makeCombo(box, u"Resolution filter"_s, u"Only generations at this resolution"_s);
    m_resolution->addItem(u"Any resolution"_s, -1);
    for (auto resolution : {Pricing::Resolution::P720, Pricing::Resolution::P1080})
        m_resolution->addItem(Pricing::resolutionName(resolution), int(resolution));
    m_aspect = makeCombo(box, u"Aspect ratio filter"_s, u"Only generations of this shape"_s);
    m_aspect->addItem(u"Any shape"_s, -1);
    for (AspectRatio aspect : allAspectRatios())
        m_aspect->addItem(aspectRatioName(aspect), int(aspect));
    m_rating = makeCombo(box, u"Minimum rating"_s, u"Only generations rated at least this"_s);
    m_rating->addItem(u"Any rating"_s, 0);
    for (int stars = 1; stars <= 5; ++stars)
        m_rating->addItem(stars == 5 ? u"★★★★★"_s : LibraryItemDelegate::starsText(stars).left(stars) + u" or more"_s,
                          stars);
    m_status = makeCombo(box, u"Status filter"_s, u"Only generations in this state"_s);
    m_status->addItem(u"Any status"_s, -1);
    for (JobState state : {JobState::Ready, JobState::Failed, JobState::Expired, JobState::Unknown, JobState::Stopped,
                           JobState::Submitted, JobState::Queued})
        m_status->addItem(jobStateText(state), int(state));
    m_favouritesOnly = new QCheckBox(u"Favourites"_s, box);
    m_favouritesOnly->setAccessibleName(u"Favourites only"_s);
    m_favouritesOnly->setToolTip(u"Only generations marked as favourites (F in the grid)"_s);

    auto makeDate = [box](const QString &name, const QString &tip) {
        auto *edit = new QDateEdit(box);
        edit->setCalendarPopup(true);
        edit->setMinimumDate(kNoDate);
        edit->setSpecialValueText(u"Any"_s);
        edit->setDate(kNoDate);
        edit->setDisplayFormat(u"yyyy-MM-dd"_s);
        edit->setAccessibleName(name);
        edit->setToolTip(tip);
        edit->setObjectName(name);
        return edit;
    };
    m_from = makeDate(u"From date"_s, u"Only generations made on or after this day (“Any”: no limit)"_s);
    m_to = makeDate(u"To date"_s, u"Only generations made on or before this day (“Any”: no limit)"_s);

    for (QComboBox *combo : {m_sort, m_mode, m_resolution, m_aspect, m_rating, m_status})
        connect(combo, &QComboBox::currentIndexChanged, this, &LibraryView::applyQuery);
    connect(m_favouritesOnly, &QCheckBox::toggled, this, &LibraryView::applyQuery);
    connect(m_from, &QDateEdit::dateChanged, this, &LibraryView::applyQuery);
    connect(m_to, &QDateEdit::dateChanged, this, &LibraryView::applyQuery);

    m_search->setMinimumWidth(80); // it gives way first when the pane is narrow
    m_sort->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_sort->setMinimumContentsLength(8);

    m_detailsButton = new QToolButton(box);
    m_detailsButton->setText(u"Details"_s);
    m_detailsButton->setAccessibleName(u"Show details"_s);
    m_detailsButton->setToolTip(u"Show the prompt, settings, tags and note of the selected generation beside the grid"_s);
    m_detailsButton->setCheckable(true);
    m_detailsButton->setFocusPolicy(Qt::StrongFocus);
    connect(m_detailsButton, &QToolButton::clicked, this, [this](bool on) {
        m_detailsChosen = true;
        m_details->setVisible(on);
    });

    // The filters wait in a popup under one button, which says how many are on.
    m_filtersPopup = new QFrame(this, Qt::Popup);
    m_filtersPopup->setObjectName(u"filters"_s);
    m_filtersPopup->setAccessibleName(u"Filters"_s);
    m_filtersPopup->setFrameShape(QFrame::StyledPanel);
    m_filtersPopup->setAttribute(Qt::WA_NoMouseReplay); // a click on the button closes it rather than reopening
    for (QWidget *filter : std::initializer_list<QWidget *>{m_mode, m_resolution, m_aspect, m_rating, m_status,
                                                            m_favouritesOnly, m_from, m_to})
        filter->setParent(m_filtersPopup);
    auto *clearFilters = new QPushButton(u"Clear filters"_s, m_filtersPopup);
    clearFilters->setAccessibleName(u"Clear filters"_s);
    clearFilters->setToolTip(u"Show generations of every mode, resolution, shape, rating, status and date"_s);
    connect(clearFilters, &QPushButton::clicked, this, [this] {
        const QSignalBlocker blockers[] = {QSignalBlocker(m_mode),   QSignalBlocker(m_resolution),
                                           QSignalBlocker(m_aspect), QSignalBlocker(m_rating),
                                           QSignalBlocker(m_status), QSignalBlocker(m_favouritesOnly),
                                           QSignalBlocker(m_from),   QSignalBlocker(m_to)};
        for (QComboBox *combo : {m_mode, m_resolution, m_aspect, m_rating, m_status})
            combo->setCurrentIndex(0);
        m_favouritesOnly->setChecked(false);
        m_from->setDate(kNoDate);
        m_to->setDate(kNoDate);
        applyQuery();
    });
    auto *form = new QFormLayout(m_filtersPopup);
    form->addRow(u"&Mode"_s, m_mode);
    form->addRow(u"&Resolution"_s, m_resolution);
    form->addRow(u"S&hape"_s, m_aspect);
    form->addRow(u"R&ating"_s, m_rating);
    form->addRow(u"&Status"_s, m_status);
    form->addRow(QString(), m_favouritesOnly);
    form->addRow(u"&From"_s, m_from);
    form->addRow(u"&To"_s, m_to);
    form->addRow(QString(), clearFilters);
    m_filtersButton = new QToolButton(box);
    m_filtersButton->setObjectName(u"filtersButton"_s);
    m_filtersButton->setAccessibleName(u"Filters"_s);
    m_filtersButton->setToolTip(u"Filter by mode, resolution, shape, rating, status, favourites and dates"_s);
    m_filtersButton->setFocusPolicy(Qt::StrongFocus);
    connect(m_filtersButton, &QToolButton::clicked, this, [this] {
        m_filtersPopup->adjustSize();
        QPoint at = m_filtersButton->mapToGlobal(QPoint(0, m_filtersButton->height()));
        if (const QScreen *screen = m_filtersButton->screen()) {
            const QRect room = screen->availableGeometry();
            at.setX(qBound(room.left(), at.x(), room.right() - m_filtersPopup->width()));
            at.setY(qMin(at.y(), room.bottom() - m_filtersPopup->height()));
        }
        m_filtersPopup->move(at);
        m_filtersPopup->show();
        m_mode->setFocus(Qt::PopupFocusReason);
    });
    updateFiltersButton();

    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_search, 1);
    row->addWidget(m_sort);
    row->addWidget(m_filtersButton);
    row->addWidget(m_gridButton);
    row->addWidget(m_listButton);
    row->addWidget(m_detailsButton);
    box->setObjectName(u"librarySearch"_s);
    return box;
}

void LibraryView::updateFiltersButton()
{
    int on = 0;
    for (QComboBox *combo : {m_mode, m_resolution, m_aspect, m_rating, m_status})
        on += combo->currentIndex() > 0 ? 1 : 0;
    on += (m_favouritesOnly->isChecked() ? 1 : 0) + (m_from->date() != kNoDate ? 1 : 0) +
          (m_to->date() != kNoDate ? 1 : 0);
    m_filtersButton->setText(on == 0 ? u"Filters"_s : u"Filters (%1)"_s.arg(on));
    m_filtersButton->setAccessibleDescription(on == 0 ? u"No filter is on"_s
                                              : on == 1 ? u"1 filter is on"_s
                                                        : u"%1 filters are on"_s.arg(on));
}

bool LibraryView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_list->viewport())
        return QWidget::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::Resize:
        fitTiles();
        break;
    case QEvent::MouseButtonPress: {
        const auto *press = static_cast<QMouseEvent *>(event);
        m_pressedAt = press->position().toPoint();
        m_pressedOnTake = press->button() == Qt::LeftButton && m_list->indexAt(m_pressedAt).isValid();
        break;
    }
    case QEvent::MouseMove: {
        // A collection narrowed by a search cannot be dragged into order: say so once per try, rather than let the
        // drag quietly select instead. (In the whole library a drag selects, as it always has.)
        const auto *move = static_cast<QMouseEvent *>(event);
        QString why;
        if (m_pressedOnTake && (move->buttons() & Qt::LeftButton) &&
            (move->position().toPoint() - m_pressedAt).manhattanLength() >= QApplication::startDragDistance() &&
            m_model->query().collectionId != 0 && !m_model->canReorder(&why)) {
            m_pressedOnTake = false;
            showMessage(why, false);
        }
        break;
    }
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

void LibraryView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Beside the grid the details would leave it too narrow in a small pane; there they wait for the button.
    if (!m_detailsChosen) {
        const bool beside = width() >= kDetailsBesideWidth;
        m_details->setVisible(beside);
        m_detailsButton->setChecked(beside);
    }
}

void LibraryView::fitTiles()
{
    if (!m_delegate->isGrid())
        return;
    // The largest poster that lets kRowsInView rows of tiles show whole, no wider than the grid.
    const QSize viewport = m_list->viewport()->size();
    const int spacing = m_list->spacing();
    const QFont font = m_list->font();
    const int caption = LibraryItemDelegate::gridTileSize(font, LibraryItemDelegate::kMinPosterHeight).height() -
                        LibraryItemDelegate::kMinPosterHeight;
    // The list spaces every tile on all four sides.
    int poster = (viewport.height() - kRowsInView * 2 * spacing) / kRowsInView - caption;
    poster = qBound(LibraryItemDelegate::kMinPosterHeight, poster, LibraryItemDelegate::kMaxPosterHeight);
    while (poster > LibraryItemDelegate::kMinPosterHeight &&
           LibraryItemDelegate::gridTileSize(font, poster).width() + 2 * spacing > viewport.width())
        --poster;
    if (poster == m_delegate->posterHeight())
        return;
    m_delegate->setPosterHeight(poster);
    m_list->doItemsLayout();
}

QWidget *LibraryView::buildDetails()
{
    m_details = new QWidget(this);
    m_details->setObjectName(u"details"_s);
    m_details->setMinimumWidth(220);
    m_details->setMaximumWidth(360);
    m_detailsPrompt = new QLabel(m_details);
    m_detailsPrompt->setWordWrap(true);
    m_detailsPrompt->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_detailsPrompt->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_detailsPrompt->setAccessibleName(u"Prompt"_s);
    m_detailsFacts = new QLabel(m_details);
    m_detailsFacts->setWordWrap(true);
    m_detailsFacts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detailsFacts->setForegroundRole(QPalette::PlaceholderText);
    m_detailsFacts->setAccessibleName(u"Details"_s);

    m_tags = new QLineEdit(m_details);
    m_tags->setObjectName(u"tags"_s);
    m_tags->setPlaceholderText(u"dusk, horse, keeper"_s);
    m_tags->setAccessibleName(u"Tags"_s);
    m_tags->setToolTip(u"Tags for this generation, separated by commas; saved when you press Enter or leave the "
                       u"field. Search finds them."_s);
    m_note = new QLineEdit(m_details);
    m_note->setObjectName(u"note"_s);
    m_note->setPlaceholderText(u"What worked, what to try next"_s);
    m_note->setAccessibleName(u"Note"_s);
    m_note->setToolTip(u"A note for yourself; saved when you press Enter or leave the field. Search finds it."_s);
    connect(m_tags, &QLineEdit::editingFinished, this, &LibraryView::commitTags);
    connect(m_note, &QLineEdit::editingFinished, this, &LibraryView::commitNote);

    auto *form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(u"&Tags"_s, m_tags);
    form->addRow(u"&Note"_s, m_note);
    auto *content = new QWidget(m_details);
    m_detailsPrompt->setParent(content);
    m_detailsFacts->setParent(content);
    m_tags->setParent(content);
    m_note->setParent(content);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(6, 0, 0, 0);
    layout->addWidget(m_detailsPrompt);
    layout->addWidget(m_detailsFacts);
    layout->addLayout(form);
    layout->addStretch();
    // A long prompt scrolls rather than making the whole view taller than its pane.
    auto *scroll = new QScrollArea(m_details);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *outer = new QVBoxLayout(m_details);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
    return m_details;
}

void LibraryView::buildActions()
{
    auto make = [this](const QString &text, const QString &tip, const QKeySequence &keys, QWidget *scope,
                       Qt::ShortcutContext context) {
        auto *action = new QAction(text, this);
        action->setToolTip(keys.isEmpty() ? tip : u"%1 (%2)"_s.arg(tip, keys.toString(QKeySequence::NativeText)));
        action->setShortcut(keys);
        action->setShortcutContext(context);
        scope->addAction(action);
        return action;
    };
    // Single keys act only while the grid has the focus, so typing in the search box or an editor never rates,
    // deletes or favourites anything, and the player keeps its own keys (F is full screen there).
    QWidget *grid = m_list;
    m_useSettingsAction = make(u"Use these settings"_s, u"Fill the form with this generation's settings and images"_s,
                               QKeySequence(Qt::Key_U), grid, Qt::WidgetShortcut);
    m_generateAgainAction =
        make(u"Generate again"_s, u"Fill the form with these settings and a new random seed, for another take"_s,
             QKeySequence(Qt::Key_G), grid, Qt::WidgetShortcut);
    m_favouriteAction = make(u"Favourite"_s, u"Mark or unmark the selected generation as a favourite"_s,
                             QKeySequence(Qt::Key_F), grid, Qt::WidgetShortcut);
    m_favouriteAction->setCheckable(true);
    for (int stars = 0; stars <= 5; ++stars) {
        const QString text = stars == 0 ? u"Clear rating"_s : LibraryItemDelegate::starsText(stars);
        QAction *action = make(text, stars == 0 ? u"Remove the rating"_s : u"Rate %1 of 5"_s.arg(stars),
                               QKeySequence(Qt::Key_0 + stars), grid, Qt::WidgetShortcut);
        connect(action, &QAction::triggered, this, [this, stars] { rate(stars); });
        m_rateActions << action;
    }
    m_editTagsAction = make(u"Tags and note"_s, u"Edit the tags and the note of the selected generation"_s,
                            QKeySequence(Qt::Key_T), grid, Qt::WidgetShortcut);
    m_deleteAction = make(u"Delete"_s, u"Move the clip to the trash and hide it from the library (Undo brings it back)"_s,
                          QKeySequence(QKeySequence::Delete), grid, Qt::WidgetShortcut);
    m_copyPromptAction = make(u"Copy prompt"_s, u"Copy the whole prompt to the clipboard"_s,
                              QKeySequence(QKeySequence::Copy), grid, Qt::WidgetShortcut);
    m_undoAction = make(u"Undo"_s, u"Bring back the generation you deleted last"_s, QKeySequence(QKeySequence::Undo),
                        this, Qt::WidgetWithChildrenShortcut);
    m_exportAction = make(u"Export…"_s, u"Save a copy of the clip, with its settings as JSON beside it"_s,
                          exportShortcut(), this, Qt::WidgetWithChildrenShortcut);
    m_revealAction = make(u"Reveal in file manager"_s, u"Open the folder that holds the clip"_s, QKeySequence(), this,
                          Qt::WidgetWithChildrenShortcut);
    m_copyCurlAction = make(u"Copy recipe as cURL"_s,
                            u"Copy a shell script that makes this take again with curl (your key in SEGMIND_API_KEY)"_s,
                            QKeySequence(), this, Qt::WidgetWithChildrenShortcut);
    m_copyPythonAction = make(u"Copy recipe as Python"_s,
                              u"Copy a Python script (standard library only) that makes this take again"_s,
                              QKeySequence(), this, Qt::WidgetWithChildrenShortcut);
    m_compareAction = make(u"Compare"_s, kCompareTip, QKeySequence(Qt::Key_C), grid, Qt::WidgetShortcut);
    m_compareAction->setObjectName(u"Compare"_s);
    // Drag and drop is not for everyone: the keyboard moves a take through a collection too.
    m_moveEarlierAction = make(u"Move earlier"_s, u"Move the selected take one place earlier in the collection"_s,
                               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Left), grid, Qt::WidgetShortcut);
    m_moveLaterAction = make(u"Move later"_s, u"Move the selected take one place later in the collection"_s,
                             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Right), grid, Qt::WidgetShortcut);

    connect(m_useSettingsAction, &QAction::triggered, this, &LibraryView::useSettings);
    connect(m_generateAgainAction, &QAction::triggered, this, &LibraryView::generateAgain);
    connect(m_favouriteAction, &QAction::triggered, this, &LibraryView::toggleFavourite);
    connect(m_editTagsAction, &QAction::triggered, this, [this] {
        m_details->show();
        m_detailsButton->setChecked(true);
        m_tags->setFocus(Qt::ShortcutFocusReason);
        m_tags->selectAll();
    });
    connect(m_deleteAction, &QAction::triggered, this, &LibraryView::removeCurrent);
    connect(m_undoAction, &QAction::triggered, this, &LibraryView::undoRemove);
    connect(m_exportAction, &QAction::triggered, this, &LibraryView::exportCurrent);
    for (QAction *action : {m_copyCurlAction, m_copyPythonAction}) {
        connect(action, &QAction::triggered, this, [this, python = action == m_copyPythonAction] {
            if (const std::optional<LibraryEntry> entry = m_model->entryAt(currentRow()))
                Q_EMIT copyAsCodeRequested(entry->job.request, python);
        });
    }
    connect(m_revealAction, &QAction::triggered, this, &LibraryView::revealCurrent);
    connect(m_copyPromptAction, &QAction::triggered, this, &LibraryView::copyPrompt);
    connect(m_compareAction, &QAction::triggered, this, &LibraryView::compare);
    connect(m_moveEarlierAction, &QAction::triggered, this, [this] { moveCurrent(-1); });
    connect(m_moveLaterAction, &QAction::triggered, this, [this] { moveCurrent(1); });
}

void LibraryView::setSaveAsPrompt(SaveAsPrompt prompt)
{
    m_saveAs = std::move(prompt);
}

void LibraryView::setOpenUrl(OpenUrl open)
{
    m_openUrl = std::move(open);
}

bool LibraryView::isGrid() const
{
    return m_delegate->isGrid();
}

void LibraryView::setGrid(bool grid)
{
    m_delegate->setGrid(grid);
    // The grid is a list that wraps rather than an icon view: dragged posters are dropped between others (the
    // model reorders them), where an icon view would leave them wherever they were let go.
    m_list->setViewMode(QListView::ListMode);
    m_list->setFlow(grid ? QListView::LeftToRight : QListView::TopToBottom);
    m_list->setWrapping(grid);
    m_list->setSelectionRectVisible(grid);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setSpacing(grid ? 3 : 0); // on every side of a tile: 6 px between two
    fitTiles();
    if (m_gridButton && m_gridButton->isChecked() != grid)
        (grid ? m_gridButton : m_listButton)->setChecked(true);
    m_list->doItemsLayout();
}

LibraryQuery LibraryView::currentQuery() const
{
    LibraryQuery q;
    q.text = m_search->text();
    q.sort = LibraryQuery::Sort(m_sort->currentData().toInt());
    if (const int v = m_mode->currentData().toInt(); v >= 0)
        q.mode = GenerationRequest::Mode(v);
    if (const int v = m_resolution->currentData().toInt(); v >= 0)
        q.resolution = Pricing::Resolution(v);
    if (const int v = m_aspect->currentData().toInt(); v >= 0)
        q.aspect = AspectRatio(v);
    if (const int v = m_status->currentData().toInt(); v >= 0)
        q.state = JobState(v);
    q.minRating = m_rating->currentData().toInt();
    q.favouritesOnly = m_favouritesOnly->isChecked();
    if (m_from->date() != kNoDate)
        q.from = m_from->date();
    if (m_to->date() != kNoDate)
        q.to = m_to->date();
    if (m_collections)
        q.collectionId = m_collections->shownCollection();
    return q;
}

QList<qint64> LibraryView::selectedIds() const
{
    QModelIndexList rows = m_list->selectionModel()->selectedIndexes();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QList<qint64> ids;
    for (const QModelIndex &index : std::as_const(rows))
        ids << index.data(LibraryModel::IdRole).toLongLong();
    return ids;
}

void LibraryView::applyQuery()
{
    m_searchDelay->stop();
    commitTags();
    commitNote();
    m_model->setQuery(currentQuery());
    updateFiltersButton();
    updateHint();
    updateReorder();
}

void LibraryView::refresh()
{
    m_model->refresh();
    updateHint();
    updateTotals();
}

void LibraryView::updateHint()
{
    const LibraryQuery q = m_model->query();
    const bool filtered = LibraryModel::isFiltered(q) || q.collectionId != 0;
    if (m_hint && m_hintSaysNoMatch == filtered)
        return;
    delete m_hint;
    m_hintSaysNoMatch = filtered;
    m_hint = new EmptyViewHint(m_list, filtered ? kNoMatchHint : kEmptyLibraryHint);
    m_hint->setObjectName(u"emptyHint"_s);
    m_list->viewport()->update();
}

void LibraryView::updateTotals()
{
    if (!m_library) {
        static_cast<FittingLabel *>(m_totals)->setWordings({u"No library is open."_s});
        return;
    }
    const QDate today = QDate::currentDate();
    qint64 todayCents = 0;
    qint64 monthCents = 0;
    qint64 allCents = 0;
    int generations = 0;
    const QList<DailySpend> days = m_library->spendByDay();
    for (const DailySpend &day : days) {
        allCents += day.cents;
        generations += day.generations;
        if (day.day == today)
            todayCents += day.cents;
        if (day.day.year() == today.year() && day.day.month() == today.month())
            monthCents += day.cents;
    }
    const QString today_ = Pricing::formatCents(todayCents);
    const QString month = Pricing::formatCents(monthCents);
    const QString all = Pricing::formatCents(allCents);
    static_cast<FittingLabel *>(m_totals)->setWordings(
        {u"Today %1 · This month %2 · Overall %3 · %4 paid"_s.arg(
             today_, month, all, generations == 1 ? u"1 generation"_s : u"%1 generations"_s.arg(generations)),
         u"Today %1 · This month %2 · Overall %3"_s.arg(today_, month, all),
         u"Today %1 · Month %2 · All %3"_s.arg(today_, month, all), u"Today %1 · Month %2"_s.arg(today_, month),
         u"Today %1"_s.arg(today_)});
    m_totals->setAccessibleDescription(m_totals->text());
    // Day by day, newest first, for whoever wants the detail (the last 31 days that had any).
    QStringList lines{u"<b>Spent by day</b>"_s};
    for (qsizetype i = 0; i < qMin<qsizetype>(days.size(), 31); ++i) {
        const DailySpend &day = days.at(i);
        lines << u"%1: %2 (%3)"_s.arg(QLocale().toString(day.day, QLocale::ShortFormat), Pricing::formatCents(day.cents),
                                      day.generations == 1 ? u"1 generation"_s
                                                           : u"%1 generations"_s.arg(day.generations));
    }
    if (days.isEmpty())
        lines << u"Nothing yet."_s;
    lines << QString() << u"What finished generations cost: charged where Segmind said so, else the estimate. Deleted "
                          u"generations still count: they were paid for."_s;
    m_totals->setToolTip(lines.join(u"<br>"_s));
}

QString LibraryView::totalsByDayText() const
{
    return m_totals->toolTip();
}

QString LibraryView::totalsText() const
{
    return m_totals->text();
}

QString LibraryView::messageText() const
{
    return m_bar->isHidden() ? QString() : m_barText->text();
}

int LibraryView::currentRow() const
{
    const QModelIndex current = m_list->currentIndex();
    return current.isValid() ? current.row() : -1;
}

qint64 LibraryView::currentId() const
{
    return m_model->idAt(currentRow());
}

void LibraryView::selectId(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row);
    m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_list->scrollTo(index);
}

void LibraryView::onCurrentChanged(const QModelIndex &current)
{
    updateActions();
    updateDetails();
    announceClip(current);
}

void LibraryView::announceClip(const QModelIndex &index)
{
    const QString clip = index.data(LibraryModel::ClipPathRole).toString();
    if (clip.isEmpty() || clip == m_announcedClip)
        return;
    if (!QFileInfo::exists(clip)) {
        showMessage(u"The clip of this generation is no longer on disk (%1). Its settings are still here: use them "
                    u"to generate it again."_s.arg(QDir::toNativeSeparators(clip)),
                    false);
        return;
    }
    m_announcedClip = clip;
    Q_EMIT clipSelected(m_model->idAt(index.row()), clip, index.data(LibraryModel::PromptRole).toString());
}

void LibraryView::updateActions()
{
    const QModelIndex current = m_list->currentIndex();
    const bool has = current.isValid();
    const bool hasClip = has && !current.data(LibraryModel::ClipPathRole).toString().isEmpty();
    for (QAction *action : {m_useSettingsAction, m_generateAgainAction, m_favouriteAction, m_editTagsAction,
                            m_deleteAction, m_copyPromptAction, m_copyCurlAction, m_copyPythonAction})
        action->setEnabled(has);
    for (QAction *action : std::as_const(m_rateActions))
        action->setEnabled(has);
    m_favouriteAction->setChecked(has && current.data(LibraryModel::FavouriteRole).toBool());
    m_exportAction->setEnabled(hasClip);
    m_revealAction->setEnabled(hasClip);
    m_undoAction->setEnabled(m_model->canUndoRemove());
    // Enabled wherever there is a take, so that the keys say why when the takes cannot be moved.
    m_moveEarlierAction->setEnabled(has);
    m_moveLaterAction->setEnabled(has);
}

void LibraryView::updateCompare()
{
    const QModelIndexList selected = m_list->selectionModel()->selectedIndexes();
    QString why;
    if (selected.size() < kMinCompared || selected.size() > kMaxCompared) {
        why = kCompareWhyNot;
    } else {
        const qsizetype missing = std::count_if(selected.cbegin(), selected.cend(), [](const QModelIndex &index) {
            const QString clip = index.data(LibraryModel::ClipPathRole).toString();
            return clip.isEmpty() || !QFileInfo(clip).isFile();
        });
        if (missing > 0)
            why = u"%1: %2 of the selected takes %3 no clip on disk to play"_s.arg(kCompareWhyNot)
                      .arg(missing)
                      .arg(missing == 1 ? u"has"_s : u"have"_s);
    }
    m_compareAction->setEnabled(why.isEmpty());
    m_compareAction->setToolTip(
        why.isEmpty() ? u"%1 (%2)"_s.arg(kCompareTip, m_compareAction->shortcut().toString(QKeySequence::NativeText))
                      : why);
}

void LibraryView::updateReorder()
{
    // Dragging is on only while the grid shows one whole collection, whose order is the user's own.
    const bool can = m_model->canReorder();
    m_list->setDragDropMode(can ? QAbstractItemView::DragDrop : QAbstractItemView::NoDragDrop);
    m_list->viewport()->setAcceptDrops(can);
    if (!m_sort)
        return;
    // A collection is shown in its own order, whatever the sort says.
    const bool collection = m_model->query().collectionId != 0;
    m_sort->setEnabled(!collection);
    m_sort->setToolTip(collection ? u"A collection is shown in its own order: drag its takes, or move the selected one "
                                    u"with %1 and %2, to change it"_s.arg(
                                        m_moveEarlierAction->shortcut().toString(QKeySequence::NativeText),
                                        m_moveLaterAction->shortcut().toString(QKeySequence::NativeText))
                                  : u"The order of the generations"_s);
}

void LibraryView::updateDetails()
{
    const int row = currentRow();
    const std::optional<LibraryEntry> entry = m_model->entryAt(row);
    m_details->setEnabled(entry.has_value());
    if (!entry) {
        m_editingId = 0;
        m_detailsPrompt->setText(u"Select a generation to see its prompt, tags and note."_s);
        m_detailsFacts->clear();
        m_tags->clear();
        m_note->clear();
        return;
    }
    const QModelIndex index = m_model->index(row);
    const Job &job = entry->job;
    // Long prompts are shown in part: the tooltip and Copy prompt give all of it.
    m_detailsPrompt->setText(JobListModel::promptExcerpt(job.request.prompt, 600));
    QStringList facts{index.data(LibraryModel::DateTextRole).toString(),
                      index.data(LibraryModel::ModeTextRole).toString(),
                      index.data(LibraryModel::SettingsTextRole).toString(),
                      index.data(LibraryModel::ClipTextRole).toString(),
                      index.data(LibraryModel::CostTextRole).toString(), jobStateText(job.state)};
    if (job.request.seed)
        facts << u"seed %1"_s.arg(*job.request.seed);
    if (!job.request.negativePrompt.isEmpty())
        facts << u"without: "_s + JobListModel::promptExcerpt(job.request.negativePrompt, 120);
    if (!job.error.isEmpty())
        facts << job.error;
    facts.removeAll(QString());
    m_detailsFacts->setText(facts.join(u"\n"_s));
    // The editors are only refilled for another generation, or while the user is not typing in them.
    const bool other = m_editingId != job.id;
    m_editingId = job.id;
    const QString tags = entry->tags.join(u", "_s);
    if ((other || !m_tags->hasFocus()) && m_tags->text() != tags)
        m_tags->setText(tags);
    if ((other || !m_note->hasFocus()) && m_note->text() != entry->note)
        m_note->setText(entry->note);
}

void LibraryView::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_list->indexAt(position);
    if (index.isValid() && index != m_list->currentIndex())
        m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    if (!m_list->currentIndex().isValid())
        return;
    QMenu menu(this);
    menu.addAction(m_useSettingsAction);
    menu.addAction(m_generateAgainAction);
    menu.addAction(m_compareAction);
    if (m_model->query().collectionId != 0) {
        menu.addSeparator();
        menu.addAction(m_moveEarlierAction);
        menu.addAction(m_moveLaterAction);
    }
    menu.addSeparator();
    QMenu *rateMenu = menu.addMenu(u"Rate"_s);
    for (QAction *action : std::as_const(m_rateActions))
        rateMenu->addAction(action);
    menu.addAction(m_favouriteAction);
    menu.addAction(m_editTagsAction);
    menu.addSeparator();
    menu.addAction(m_exportAction);
    menu.addAction(m_revealAction);
    menu.addAction(m_copyPromptAction);
    menu.addAction(m_copyCurlAction);
    menu.addAction(m_copyPythonAction);
    menu.addSeparator();
    menu.addAction(m_deleteAction);
    menu.exec(m_list->viewport()->mapToGlobal(position));
}

void LibraryView::showMessage(const QString &text, bool offerUndo)
{
    m_barText->setText(text);
    m_barUndo->setVisible(offerUndo);
    m_bar->show();
}

QKeySequence LibraryView::exportShortcut()
{
    // Not every desktop defines Save As: Ctrl+Shift+S everywhere else.
    return QKeySequence::keyBindings(QKeySequence::SaveAs).value(0, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
}

void LibraryView::useSettings()
{
    if (const std::optional<LibraryEntry> entry = m_model->entryAt(currentRow()))
        Q_EMIT useSettingsRequested(entry->job.request);
}

void LibraryView::generateAgain()
{
    if (const std::optional<LibraryEntry> entry = m_model->entryAt(currentRow())) {
        GenerationRequest request = entry->job.request;
        request.seed.reset(); // a new take: the service picks a new seed
        Q_EMIT generateAgainRequested(request);
    }
}

void LibraryView::rate(int stars)
{
    const int row = currentRow();
    if (row >= 0 && !m_model->setRating(row, stars))
        showMessage(u"Could not save the rating: the library is busy or unwritable. Try again."_s, false);
}

void LibraryView::toggleFavourite()
{
    const int row = currentRow();
    if (row < 0)
        return;
    const bool favourite = !m_model->index(row).data(LibraryModel::FavouriteRole).toBool();
    if (!m_model->setFavourite(row, favourite))
        showMessage(u"Could not save the favourite: the library is busy or unwritable. Try again."_s, false);
    updateActions();
}

void LibraryView::commitTags()
{
    const int row = m_model->rowOf(m_editingId);
    if (row < 0)
        return;
    QStringList tags = m_tags->text().split(u',', Qt::SkipEmptyParts);
    for (QString &tag : tags)
        tag = tag.simplified();
    tags.removeAll(QString());
    if (tags == m_model->index(row).data(LibraryModel::TagsRole).toStringList())
        return;
    if (!m_model->setTags(row, tags))
        showMessage(u"Could not save the tags: the library is busy or unwritable. Try again."_s, false);
}

void LibraryView::commitNote()
{
    const int row = m_model->rowOf(m_editingId);
    if (row < 0 || m_note->text() == m_model->index(row).data(LibraryModel::NoteRole).toString())
        return;
    if (!m_model->setNote(row, m_note->text()))
        showMessage(u"Could not save the note: the library is busy or unwritable. Try again."_s, false);
}

void LibraryView::removeCurrent()
{
    const int row = currentRow();
    if (row < 0)
        return;
    const QString prompt = m_model->index(row).data(Qt::DisplayRole).toString();
    QString error;
    if (!m_model->remove(row, &error)) {
        showMessage(error, false);
        return;
    }
    // The neighbour becomes current, so that several can be deleted one after another with the key.
    if (m_model->rowCount() > 0)
        m_list->selectionModel()->setCurrentIndex(m_model->index(qMin(row, m_model->rowCount() - 1)),
                                                  QItemSelectionModel::ClearAndSelect);
    showMessage(u"Deleted “%1”: its clip is in the trash."_s.arg(JobListModel::promptExcerpt(prompt, 50)), true);
    updateActions();
    updateTotals();
}

void LibraryView::undoRemove()
{
    const qint64 id = m_model->lastRemovedId();
    QString error;
    if (!m_model->undoRemove(&error)) {
        showMessage(error, false);
        return;
    }
    selectId(id);
    m_bar->hide();
    updateActions();
    updateTotals();
}

void LibraryView::exportCurrent()
{
    const std::optional<LibraryEntry> entry = m_model->entryAt(currentRow());
    if (!entry || !m_saveAs)
        return;
    QString folder = QStandardPaths::writableLocation(QStandardPaths::MoviesLocation);
    if (folder.isEmpty())
        folder = QDir::homePath();
    QString target = m_saveAs(QDir(folder).filePath(suggestedName(*entry)));
    if (target.isEmpty())
        return;
    if (QFileInfo(target).suffix().isEmpty())
        target += u".mp4"_s;
    QString error;
    if (!LibraryModel::exportEntry(*entry, target, &error)) {
        showMessage(error, false);
        return;
    }
    // Exported, but perhaps without the recipe inside: error says so then.
    if (!error.isEmpty()) {
        showMessage(error, false);
        return;
    }
    showMessage(u"Exported to %1 with its recipe inside, and its settings in %2."_s.arg(
                    QDir::toNativeSeparators(target), QFileInfo(LibraryModel::jsonPathFor(target)).fileName()),
                false);
}

void LibraryView::revealCurrent()
{
    const QString clip = m_list->currentIndex().data(LibraryModel::ClipPathRole).toString();
    if (clip.isEmpty() || !m_openUrl)
        return;
    // Opening the folder works with every file manager; selecting the file in it would need each one's own API.
    const QString folder = QFileInfo(clip).absolutePath();
    if (!m_openUrl(QUrl::fromLocalFile(folder)))
        showMessage(u"Could not open %1. Open it in your file manager yourself."_s.arg(
                        QDir::toNativeSeparators(folder)),
                    false);
}

void LibraryView::copyPrompt()
{
    const QModelIndex current = m_list->currentIndex();
    if (current.isValid())
        QGuiApplication::clipboard()->setText(current.data(LibraryModel::PromptRole).toString());
}

void LibraryView::compare()
{
    updateCompare();
    if (m_compareAction->isEnabled())
        Q_EMIT compareRequested(selectedIds());
}

void LibraryView::moveCurrent(int places)
{
    const int row = currentRow();
    if (row < 0)
        return;
    QString why;
    if (!m_model->canReorder(&why)) {
        showMessage(why, false);
        return;
    }
    const int to = row + places;
    if (to < 0 || to >= m_model->rowCount())
        return;
    // moveRows() names the row the take goes before; the current item and the selection follow the take.
    if (m_model->moveRows({}, row, 1, {}, to > row ? to + 1 : to))
        m_list->scrollTo(m_model->index(to));
}
