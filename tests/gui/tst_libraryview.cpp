// The library browser over a real library: search as you type, filters, rating from the keyboard, reusing
// settings, delete with undo, export with its JSON, spending totals, the empty library's hint, a collection put in
// order by dragging or by keys, and Compare.
#include "EmptyViewHint.h"
#include "LibraryItemDelegate.h"
#include "CollectionsButton.h"
#include "LibraryView.h"
#include "TestImages.h"
#include "library/Library.h"
#include "library/LibraryModel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMimeData>
#include <QPainter>
#include <QSet>
#include <QToolBar>
#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <cmath>

using namespace Qt::StringLiterals;

class TestLibraryView final : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Library> m_library;

    qint64 add(const QString &prompt, JobState state, qint64 chargedCents, const QDateTime &created,
               Pricing::Resolution resolution = Pricing::Resolution::P720)
    {
        Job job;
        job.request.prompt = prompt;
        job.request.resolution = resolution;
        job.request.durationSeconds = 5;
        job.request.seed = 77;
        job.createdAt = created.toUTC();
        job.estimatedCents = job.request.costCents();
        QString error;
        if (!m_library->saveJob(job, &error))
            return 0;
        job.state = state;
        if (state == JobState::Ready) {
            job.completedAt = job.createdAt.addSecs(20);
            job.chargedCents = chargedCents;
            job.requestId = u"req-%1"_s.arg(job.id);
            job.clipPath = m_library->clipsDirectory() + u"/%1.mp4"_s.arg(job.id);
            QFile clip(job.clipPath);
            if (!clip.open(QIODevice::WriteOnly) || clip.write("fake clip") != 9)
                return 0;
        }
        return m_library->saveJob(job, &error) ? job.id : 0;
    }

    static void showAndFocus(LibraryView *view)
    {
        view->resize(1000, 700);
        view->show();
        QApplication::setActiveWindow(view);
        QVERIFY(QTest::qWaitForWindowActive(view));
    }

    QList<qint64> collectionOrder(qint64 collection) const
    {
        QList<qint64> ids;
        for (const LibraryEntry &entry : m_library->collectionEntries(collection))
            ids << entry.job.id;
        return ids;
    }

    static QList<qint64> shownOrder(const LibraryView &view)
    {
        QList<qint64> ids;
        for (int row = 0; row < view.model()->rowCount(); ++row)
            ids << view.model()->idAt(row);
        return ids;
    }

    // What a drag from the grid ends with, as the view receives it: the takes of data let go over the left or right
    // half of the poster at row. (The offscreen platform has no real drag and drop.) False when the view refuses.
    static bool dropOnGrid(QListView *list, const QMimeData *data, int row, bool rightHalf)
    {
        const QRect poster = list->visualRect(list->model()->index(row, 0));
        const QPoint at(rightHalf ? poster.right() - 4 : poster.left() + 4, poster.center().y());
        QDragEnterEvent enter(at, Qt::MoveAction, data, Qt::LeftButton, {});
        QCoreApplication::sendEvent(list->viewport(), &enter);
        QDragMoveEvent move(at, Qt::MoveAction, data, Qt::LeftButton, {});
        QCoreApplication::sendEvent(list->viewport(), &move);
        if (!enter.isAccepted() || !move.isAccepted())
            return false;
        QDropEvent drop(at, Qt::MoveAction, data, Qt::LeftButton, {});
        QCoreApplication::sendEvent(list->viewport(), &drop);
        return true;
    }

    static void closeMessage(LibraryView *view)
    {
        for (auto *button : view->findChildren<QToolButton *>()) {
            if (button->accessibleName() == u"Close message"_s && button->isVisible())
                button->click();
        }
        QVERIFY(view->messageText().isEmpty());
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QDir().mkpath(m_dir->filePath(u"xdg-data"_s)); // the system trash, kept inside the test's folder
        qputenv("XDG_DATA_HOME", m_dir->filePath(u"xdg-data"_s).toUtf8());
        QString error;
        m_library = Library::open(m_dir->filePath(u"lib"_s), &error);
        QVERIFY2(m_library, qPrintable(error));
    }

    void cleanup() { m_library.reset(); }

    void anEmptyLibrarySaysWhatWillAppear()
    {
        LibraryView view(m_library.get());
        showAndFocus(&view);
        QCOMPARE(view.model()->rowCount(), 0);
        auto *hint = view.listView()->findChild<EmptyViewHint *>();
        QVERIFY(hint);
        QVERIFY(hint->text().contains(u"library is empty"_s));
        QVERIFY(view.totalsText().contains(u"0 generations"_s));
        // A search that finds nothing says so, rather than that the library is empty.
        add(u"A horse"_s, JobState::Ready, 70, QDateTime::currentDateTime());
        view.refresh();
        QCOMPARE(view.model()->rowCount(), 1);
        view.searchBox()->setText(u"zebra"_s);
        QTRY_COMPARE(view.model()->rowCount(), 0);
        QVERIFY(view.listView()->findChild<EmptyViewHint *>()->text().contains(u"No generations match"_s));
    }

    // In the window's right-hand pane, under the player: two whole rows of posters, every control inside the view,
    // and money, dates and lengths written out in full on every tile.
    void aSmallPaneShowsTwoFullRowsAndEverything_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("grid");
        QTest::addColumn<bool>("collection"); // shown, with a long name
        QTest::newRow("1366x768 grid") << QSize(600, 320) << true << false;
        QTest::newRow("1920x1080 grid") << QSize(1000, 450) << true << false;
        QTest::newRow("1366x768 list") << QSize(600, 320) << false << false;
        QTest::newRow("1366x768 grid, a collection") << QSize(600, 320) << true << true;
    }

    void aSmallPaneShowsTwoFullRowsAndEverything()
    {
        QFETCH(QSize, size);
        QFETCH(bool, grid);
        QFETCH(bool, collection);
        const QDateTime now = QDateTime::currentDateTime();
        const QDateTime morning(now.date(), QTime(6, 53));
        QList<qint64> ids;
        for (int i = 0; i < 11; ++i)
            ids << add(u"A grey horse %1"_s.arg(i), JobState::Ready, 70, morning.addSecs(i));
        QVERIFY(!ids.contains(0));
        const qint64 rated = add(u"A very long prompt about a white horse galloping along a beach at sunset while the "
                                 u"waves break behind it in slow motion"_s,
                                 JobState::Ready, 70, morning.addSecs(60));
        QVERIFY(m_library->setRating(rated, 5));
        QVERIFY(m_library->setFavourite(rated, true));
        LibraryView view(m_library.get());
        view.setGrid(grid);
        if (collection) {
            QString error;
            const qint64 id = m_library->createCollection(u"Client X — the second round of horses at dawn"_s, &error);
            QCOMPARE(m_library->addToCollection(id, ids << rated, &error), 12);
            view.collectionsButton()->showCollection(id);
            QCOMPARE(view.model()->rowCount(), 12);
        }
        view.resize(size);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.size(), size); // it fits: nothing forces the pane wider or taller

        // Every control lies inside the view, and every action of the toolbar has its button in sight.
        for (const char *name : {"librarySearch", "libraryActions"}) {
            auto *bar = view.findChild<QWidget *>(QString::fromLatin1(name));
            QVERIFY(bar && bar->isVisible());
            QList<QWidget *> widgets = bar->findChildren<QWidget *>();
            widgets.prepend(bar);
            for (QWidget *widget : std::as_const(widgets)) {
                if (!widget->isVisible() || widget->isWindow())
                    continue;
                const QRect at(widget->mapTo(&view, QPoint(0, 0)), widget->size());
                QVERIFY2(view.rect().contains(at), qPrintable(u"%1 \"%2\" at %3,%4 %5x%6"_s.arg(
                                                       QString::fromLatin1(widget->metaObject()->className()),
                                                       widget->accessibleName())
                                                       .arg(at.x()).arg(at.y()).arg(at.width()).arg(at.height())));
            }
        }
        auto *toolbar = view.findChild<QToolBar *>(u"libraryActions"_s);
        const QList<QAction *> actions = toolbar->actions();
        for (QAction *action : actions) {
            if (!action->isSeparator())
                QTRY_VERIFY2(toolbar->widgetForAction(action)->isVisible(), qPrintable(action->text()));
        }
        // The totals say what they can in whole sums.
        auto *totals = view.findChild<QLabel *>(u"totals"_s);
        QVERIFY(totals->isVisible());

        // At least two rows lie wholly inside the viewport.
        QListView *list = view.listView();
        const QRect viewport = list->viewport()->rect();
        auto fullRows = [&] {
            QSet<int> tops;
            for (int row = 0; row < view.model()->rowCount(); ++row) {
                const QRect rect = list->visualRect(view.model()->index(row));
                if (viewport.contains(rect))
                    tops.insert(rect.top());
            }
            return tops.size();
        };
        QTRY_VERIFY2(fullRows() >= 2, qPrintable(u"%1 full rows"_s.arg(fullRows())));
        if (!grid)
            return;

        // What each tile paints: nothing that matters is cut short; only the prompt is, with "…".
        const QString today = LibraryModel::shortDateText(morning.toUTC());
        QVERIFY2(today.startsWith(u"Today "_s), qPrintable(today));
        for (int row = 0; row < view.model()->rowCount(); ++row) {
            const QModelIndex index = view.model()->index(row);
            const QRect rect = list->visualRect(index);
            const LibraryItemDelegate::Caption caption =
                LibraryItemDelegate::gridCaption(index, list->font(), rect.width());
            QCOMPARE(caption.cost, u"$0.70"_s);
            QVERIFY2(caption.date.startsWith(u"Today "_s) && !caption.date.contains(u'…'), qPrintable(caption.date));
            QCOMPARE(caption.date, index.data(LibraryModel::ShortDateTextRole).toString());
            QCOMPARE(caption.settings, u"5 s · 720P"_s);
            if (index.data(LibraryModel::IdRole).toLongLong() == rated) {
                QCOMPARE(caption.stars, u"★★★★★"_s);
                QVERIFY(caption.favourite);
                QVERIFY2(caption.prompt.endsWith(u'…'), qPrintable(caption.prompt));
                // The whole prompt is in the tooltip.
                QVERIFY(index.data(Qt::ToolTipRole).toString().contains(u"in slow motion"_s));
            }
        }
    }

    // A selected tile's caption stands out from what it is painted on, in the grid and in the list.
    void theSelectedCaptionIsReadable_data()
    {
        QTest::addColumn<bool>("grid");
        QTest::newRow("grid") << true;
        QTest::newRow("list") << false;
    }

    void theSelectedCaptionIsReadable()
    {
        QFETCH(bool, grid);
        const qint64 id = add(u"Select me"_s, JobState::Ready, 70, QDateTime::currentDateTime());
        LibraryView view(m_library.get());
        view.setGrid(grid);
        showAndFocus(&view);
        view.selectId(id);
        QListView *list = view.listView();
        const QModelIndex index = list->currentIndex();
        QVERIFY(list->selectionModel()->isSelected(index));

        auto luminance = [](const QColor &colour) {
            auto linear = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
            const QColor rgb = colour.toRgb();
            return 0.2126 * linear(rgb.redF()) + 0.7152 * linear(rgb.greenF()) + 0.0722 * linear(rgb.blueF());
        };
        const QStyle::State selected = QStyle::State_Selected | QStyle::State_Enabled | QStyle::State_Active;
        for (const QPalette &palette : {list->palette(), QPalette(Qt::white, Qt::white)}) {
            const LibraryItemDelegate::Colours colours = LibraryItemDelegate::colours(palette, selected);
            QVERIFY(colours.fill);
            QVERIFY2(std::abs(luminance(colours.text) - luminance(colours.background)) >= 0.4,
                     qPrintable(colours.text.name() + u" on "_s + colours.background.name()));
            QVERIFY(std::abs(luminance(colours.muted) - luminance(colours.background)) >= 0.4);
        }

        // The tile is painted on that background: the caption's corner shows it.
        QStyleOptionViewItem option;
        option.initFrom(list);
        option.rect = QRect(QPoint(0, 0), list->visualRect(index).size());
        option.state = selected;
        option.widget = list;
        QImage image(option.rect.size(), QImage::Format_ARGB32);
        image.fill(Qt::transparent);
        {
            QPainter painter(&image);
            list->itemDelegate()->paint(&painter, option, index);
        }
        const LibraryItemDelegate::Colours colours = LibraryItemDelegate::colours(list->palette(), selected);
        const QColor corner = image.pixelColor(option.rect.right() - 3, option.rect.bottom() - 3);
        QCOMPARE(corner.name(), colours.background.name());
    }

    void typingNarrowsTheGridAndFiltersApply()
    {
        const QDateTime now = QDateTime::currentDateTime();
        add(u"A grey horse in fog"_s, JobState::Ready, 70, now.addSecs(-30));
        add(u"A grey foal at dawn"_s, JobState::Ready, 70, now.addSecs(-20), Pricing::Resolution::P1080);
        add(u"A black mare running"_s, JobState::Failed, -1, now.addSecs(-10));
        LibraryView view(m_library.get());
        showAndFocus(&view);
        QCOMPARE(view.model()->rowCount(), 3);
        QVERIFY(view.isGrid());
        QCOMPARE(view.listView()->flow(), QListView::LeftToRight);
        QVERIFY(view.listView()->isWrapping());

        QTest::keyClicks(view.searchBox(), u"grey"_s);
        QTRY_COMPARE(view.model()->rowCount(), 2);
        QTest::keyClicks(view.searchBox(), u" fo"_s); // "fog" and "foal" both start with "fo"
        QTRY_COMPARE(view.model()->query().text, u"grey fo"_s);
        QCOMPARE(view.model()->rowCount(), 2);
        QTest::keyClicks(view.searchBox(), u"g"_s);
        QTRY_COMPARE(view.model()->rowCount(), 1);
        QCOMPARE(view.model()->index(0).data(LibraryModel::PromptRole).toString(), u"A grey horse in fog"_s);
        view.searchBox()->clear();
        QTRY_COMPARE(view.model()->rowCount(), 3);

        auto *resolution = view.findChild<QComboBox *>(u"Resolution filter"_s);
        QVERIFY(resolution);
        resolution->setCurrentIndex(resolution->findText(u"1080P"_s));
        QCOMPARE(view.model()->rowCount(), 1);
        QCOMPARE(view.model()->index(0).data(LibraryModel::PromptRole).toString(), u"A grey foal at dawn"_s);
        resolution->setCurrentIndex(0);
        auto *status = view.findChild<QComboBox *>(u"Status filter"_s);
        status->setCurrentIndex(status->findText(jobStateText(JobState::Failed)));
        QCOMPARE(view.model()->rowCount(), 1);
        QCOMPARE(view.model()->index(0).data(LibraryModel::PromptRole).toString(), u"A black mare running"_s);

        view.setGrid(false);
        QCOMPARE(view.listView()->flow(), QListView::TopToBottom);
        QVERIFY(!view.listView()->isWrapping());
    }

    void keysRateAndFavourite()
    {
        const qint64 id = add(u"A horse to rate"_s, JobState::Ready, 70, QDateTime::currentDateTime());
        LibraryView view(m_library.get());
        QSignalSpy selected(&view, &LibraryView::clipSelected);
        showAndFocus(&view);
        view.selectId(id);
        QCOMPARE(selected.size(), 1); // once, however it became current
        QCOMPARE(selected.first().at(0).toLongLong(), id);
        QCOMPARE(selected.first().at(1).toString(), m_library->entry(id)->job.clipPath);

        view.listView()->setFocus();
        QTRY_VERIFY(view.listView()->hasFocus());
        QTest::keyClick(view.listView(), Qt::Key_4);
        QCOMPARE(m_library->entry(id)->rating, 4);
        QCOMPARE(view.model()->index(0).data(LibraryModel::RatingRole).toInt(), 4);
        QTest::keyClick(view.listView(), Qt::Key_F);
        QVERIFY(m_library->entry(id)->favourite);
        QVERIFY(view.favouriteAction()->isChecked());
        // Typing a digit in the search box searches; it does not rate.
        view.searchBox()->setFocus();
        QTest::keyClick(view.searchBox(), Qt::Key_1);
        QCOMPARE(m_library->entry(id)->rating, 4);
        QCOMPARE(view.searchBox()->text(), u"1"_s);
    }

    // Ctrl+click two takes, gather them into a new collection, show it (in its order), take one out, delete it.
    void aSelectionBecomesACollection()
    {
        const QDateTime now = QDateTime::currentDateTime();
        const qint64 a = add(u"Take A"_s, JobState::Ready, 70, now.addSecs(-30));
        add(u"Take B"_s, JobState::Ready, 70, now.addSecs(-20));
        const qint64 c = add(u"Take C"_s, JobState::Ready, 70, now.addSecs(-10));
        LibraryView view(m_library.get());
        showAndFocus(&view);
        view.setGrid(false);
        QCOMPARE(view.model()->rowCount(), 3);
        CollectionsButton *collections = view.collectionsButton();
        QVERIFY(collections);
        QCOMPARE(collections->accessibleName(), u"Collections"_s);

        QListView *list = view.listView();
        auto rectOf = [&](qint64 id) {
            for (int row = 0; row < view.model()->rowCount(); ++row) {
                if (view.model()->index(row).data(LibraryModel::IdRole).toLongLong() == id)
                    return list->visualRect(view.model()->index(row));
            }
            return QRect();
        };
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rectOf(c).center());
        QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::ControlModifier, rectOf(a).center());
        QCOMPARE(view.selectedIds(), (QList<qint64>{c, a})); // newest first, as the view shows them

        collections->setAskText([](const QString &, const QString &, const QString &) { return u"Client X"_s; });
        const qint64 id = collections->addSelectionToNewCollection();
        QVERIFY(id);
        QCOMPARE(m_library->collectionEntries(id).size(), 2);

        collections->showCollection(id);
        QTRY_COMPARE(view.model()->rowCount(), 2);
        QCOMPARE(view.model()->index(0).data(LibraryModel::IdRole).toLongLong(), c);
        QCOMPARE(view.model()->index(1).data(LibraryModel::IdRole).toLongLong(), a);
        QVERIFY(collections->text().contains(u"Client X"_s));

        // A caption for the presentation, on the one selected take.
        list->selectionModel()->select(view.model()->index(1), QItemSelectionModel::ClearAndSelect);
        collections->setAskText([](const QString &, const QString &, const QString &) { return u"The dusk one"_s; });
        QVERIFY(collections->captionSelected());
        QCOMPARE(m_library->collectionItems(id).at(1).caption, u"The dusk one"_s);

        list->selectionModel()->select(view.model()->index(0), QItemSelectionModel::ClearAndSelect);
        QVERIFY(collections->removeSelectionFromShown());
        QTRY_COMPARE(view.model()->rowCount(), 1);

        collections->setAskYesNo([](const QString &, const QString &) { return true; });
        QVERIFY(collections->deleteShown());
        QTRY_COMPARE(view.model()->rowCount(), 3); // back to all takes; none was deleted
        QVERIFY(m_library->collections().isEmpty());
    }

    // A collection shown in the grid is put in order by dragging its posters, or from the keyboard, and the library
    // keeps that order. The whole library (newest first) and a collection narrowed by a search have no order to change,
    // and say why when the user tries.
    void aCollectionIsReorderedByDragAndByKeys()
    {
        const QDateTime now = QDateTime::currentDateTime();
        QList<qint64> ids;
        for (const QString &name : {u"A"_s, u"B"_s, u"C"_s, u"D"_s})
            ids << add(u"Take "_s + name, JobState::Ready, 70, now.addSecs(ids.size()));
        QString error;
        const qint64 id = m_library->createCollection(u"Round 1"_s, &error);
        QCOMPARE(m_library->addToCollection(id, ids, &error), 4);

        LibraryView view(m_library.get());
        QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        showAndFocus(&view);
        QListView *list = view.listView();
        const auto moveKeys = Qt::ControlModifier | Qt::ShiftModifier;
        std::unique_ptr<QMimeData> drag;

        // The whole library: no dragging, no moving, and the keys say why.
        QCOMPARE(shownOrder(view), (QList<qint64>{ids[3], ids[2], ids[1], ids[0]}));
        QVERIFY(!list->dragEnabled());
        QVERIFY(!(view.model()->flags(view.model()->index(0)) & Qt::ItemIsDragEnabled));
        drag.reset(view.model()->mimeData({view.model()->index(0)}));
        QVERIFY(!dropOnGrid(list, drag.get(), 2, true));
        QVERIFY(!view.model()->moveRows({}, 0, 1, {}, 3));
        view.selectId(ids[1]);
        list->setFocus();
        QTRY_VERIFY(list->hasFocus());
        QTest::keyClick(list, Qt::Key_Right, moveKeys);
        QCOMPARE(collectionOrder(id), ids);
        QCOMPARE(shownOrder(view), (QList<qint64>{ids[3], ids[2], ids[1], ids[0]}));
        QVERIFY2(view.messageText().contains(u"collection"_s), qPrintable(view.messageText()));
        closeMessage(&view);

        // The collection, in its order: the sort does not apply, and its posters can be dragged.
        view.collectionsButton()->showCollection(id);
        QCOMPARE(shownOrder(view), ids);
        QVERIFY(list->dragEnabled());
        QVERIFY(list->viewport()->acceptDrops());
        QVERIFY(list->showDropIndicator());
        auto *sort = view.findChild<QComboBox *>(u"Sort"_s);
        QVERIFY(!sort->isEnabled());
        QVERIFY2(sort->toolTip().contains(u"own order"_s), qPrintable(sort->toolTip()));

        // Take A let go over the right half of take C goes after it; take D over the left half of B, before it.
        drag.reset(view.model()->mimeData({view.model()->index(0)}));
        QVERIFY(dropOnGrid(list, drag.get(), 2, true));
        QCOMPARE(collectionOrder(id), (QList<qint64>{ids[1], ids[2], ids[0], ids[3]}));
        QCOMPARE(shownOrder(view), collectionOrder(id));
        drag.reset(view.model()->mimeData({view.model()->index(3)}));
        QVERIFY(dropOnGrid(list, drag.get(), 0, false));
        QCOMPARE(collectionOrder(id), (QList<qint64>{ids[3], ids[1], ids[2], ids[0]}));
        QCOMPARE(shownOrder(view), collectionOrder(id));
        QVERIFY(view.messageText().isEmpty());

        // The keys move the selected take one place, and it stays selected to be moved on.
        view.selectId(ids[2]);
        list->setFocus();
        QTRY_VERIFY(list->hasFocus());
        QTest::keyClick(list, Qt::Key_Left, moveKeys);
        QCOMPARE(collectionOrder(id), (QList<qint64>{ids[3], ids[2], ids[1], ids[0]}));
        QCOMPARE(view.currentId(), ids[2]);
        QTest::keyClick(list, Qt::Key_Left, moveKeys);
        QTest::keyClick(list, Qt::Key_Left, moveKeys); // already first: it stays
        QCOMPARE(collectionOrder(id), (QList<qint64>{ids[2], ids[3], ids[1], ids[0]}));
        QTest::keyClick(list, Qt::Key_Right, moveKeys);
        QCOMPARE(collectionOrder(id), (QList<qint64>{ids[3], ids[2], ids[1], ids[0]}));
        QCOMPARE(shownOrder(view), collectionOrder(id));
        QCOMPARE(view.currentId(), ids[2]);
        QVERIFY(view.messageText().isEmpty());

        // A search shows part of the collection: no order to change there, and a try to drag or move says why.
        const QList<qint64> kept = collectionOrder(id);
        view.searchBox()->setText(u"take"_s);
        QTRY_COMPARE(view.model()->query().text, u"take"_s);
        QVERIFY(!list->dragEnabled());
        drag.reset(view.model()->mimeData({view.model()->index(0)}));
        QVERIFY(!dropOnGrid(list, drag.get(), 2, true));
        const QPoint from = list->visualRect(view.model()->index(1)).center();
        const QPoint to = from + QPoint(QApplication::startDragDistance() + 10, 0);
        QTest::mousePress(list->viewport(), Qt::LeftButton, {}, from);
        QTest::mouseMove(list->viewport(), to);
        QTest::mouseRelease(list->viewport(), Qt::LeftButton, {}, to);
        QVERIFY2(view.messageText().contains(u"search"_s), qPrintable(view.messageText()));
        closeMessage(&view);
        view.selectId(ids[1]);
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Left, moveKeys);
        QVERIFY2(view.messageText().contains(u"search"_s), qPrintable(view.messageText()));
        QCOMPARE(collectionOrder(id), kept);
    }

    // Compare asks for 2 to 9 takes with their clips, and hands them over as the grid shows them.
    void compareWantsTwoToNineTakes()
    {
        const QDateTime now = QDateTime::currentDateTime();
        QList<qint64> ids; // the grid shows the newest first: ids[9] in row 0
        for (int i = 0; i < 10; ++i)
            ids << add(u"Take %1"_s.arg(i), JobState::Ready, 70, now.addSecs(i));
        const qint64 failed = add(u"A failed take"_s, JobState::Failed, -1, now.addSecs(-60)); // the last row
        LibraryView view(m_library.get());
        QSignalSpy compared(&view, &LibraryView::compareRequested);
        showAndFocus(&view);
        QListView *list = view.listView();
        QAction *compare = view.compareAction();
        QCOMPARE(view.findChild<QAction *>(u"Compare"_s), compare);
        QCOMPARE(compare->text(), u"Compare"_s);
        QCOMPARE(compare->shortcut(), QKeySequence(Qt::Key_C));
        auto *toolbar = view.findChild<QToolBar *>(u"libraryActions"_s);
        QVERIFY(toolbar->actions().contains(compare));
        QCOMPARE(toolbar->widgetForAction(compare)->accessibleName(), u"Compare"_s);
        auto select = [&](const QList<qint64> &takes) {
            list->selectionModel()->clear();
            for (qint64 take : takes)
                list->selectionModel()->select(view.model()->index(view.model()->rowOf(take)),
                                               QItemSelectionModel::Select);
        };

        view.selectId(ids[9]);
        QVERIFY(!compare->isEnabled());
        QCOMPARE(compare->toolTip(), u"Select 2 to 9 takes to compare"_s);

        // Two, the lower one chosen first: the signal has them top-left first.
        select({ids[6], ids[8]});
        QVERIFY(compare->isEnabled());
        QCOMPARE(compare->toolTip(), u"Play the selected takes side by side in sync (C)"_s);
        list->setFocus();
        QTRY_VERIFY(list->hasFocus());
        QTest::keyClick(list, Qt::Key_C);
        QCOMPARE(compared.size(), 1);
        QCOMPARE(compared.takeFirst().at(0).value<QList<qint64>>(), (QList<qint64>{ids[8], ids[6]}));

        select(ids.mid(1)); // nine
        QVERIFY(compare->isEnabled());
        compare->trigger();
        QCOMPARE(compared.size(), 1);
        QCOMPARE(compared.takeFirst().at(0).value<QList<qint64>>().size(), 9);

        select(ids); // ten
        QVERIFY(!compare->isEnabled());
        QCOMPARE(compare->toolTip(), u"Select 2 to 9 takes to compare"_s);
        QTest::keyClick(list, Qt::Key_C);
        compare->trigger();
        QVERIFY(compared.isEmpty());

        // A take without a clip cannot play.
        select({ids[0], failed});
        QVERIFY(!compare->isEnabled());
        QVERIFY2(compare->toolTip().contains(u"no clip"_s), qPrintable(compare->toolTip()));
        QVERIFY(QFile::remove(m_library->entry(ids[1])->job.clipPath));
        select({ids[0], ids[1]});
        QVERIFY(!compare->isEnabled());
    }

    void settingsAreReusedWithImagesAndANewSeed()
    {
        Job job;
        job.request.prompt = u"The first frame comes alive"_s;
        const QString image = m_dir->filePath(u"frame.png"_s);
        QFile file(image);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(TestImages::encoded(QSize(640, 360)));
        file.close();
        job.request.firstFrame = ImageSource::fromFile(image);
        job.request.seed = 1234;
        job.request.resolution = Pricing::Resolution::P1080;
        job.createdAt = QDateTime::currentDateTimeUtc();
        QString error;
        QVERIFY(m_library->saveJob(job, &error));

        LibraryView view(m_library.get());
        QVERIFY(!view.useSettingsAction()->isEnabled()); // nothing current yet
        showAndFocus(&view);
        QSignalSpy use(&view, &LibraryView::useSettingsRequested);
        QSignalSpy again(&view, &LibraryView::generateAgainRequested);
        view.selectId(job.id);
        QVERIFY(view.useSettingsAction()->isEnabled());
        view.useSettingsAction()->trigger();
        QCOMPARE(use.size(), 1);
        const auto used = use.first().at(0).value<GenerationRequest>();
        QCOMPARE(used.prompt, job.request.prompt);
        QCOMPARE(used.resolution, Pricing::Resolution::P1080);
        QCOMPARE(used.seed, std::optional<qint64>(1234));
        QVERIFY(used.firstFrame.isLocalFile());
        QVERIFY(QFile::exists(used.firstFrame.path)); // the library's own copy of the image
        QCOMPARE(used.mode(), GenerationRequest::Mode::ImageToVideo);

        view.listView()->setFocus();
        QTRY_VERIFY(view.listView()->hasFocus());
        QTest::keyClick(view.listView(), Qt::Key_G);
        QCOMPARE(again.size(), 1);
        const auto fresh = again.first().at(0).value<GenerationRequest>();
        QVERIFY(!fresh.seed.has_value());
        QCOMPARE(fresh.prompt, job.request.prompt);
        QCOMPARE(fresh.firstFrame, used.firstFrame);
    }

    void deleteAndUndo()
    {
        const QDateTime now = QDateTime::currentDateTime();
        const qint64 keep = add(u"Keep me"_s, JobState::Ready, 70, now.addSecs(-60));
        const qint64 gone = add(u"Delete me"_s, JobState::Ready, 70, now);
        const QString clip = m_library->entry(gone)->job.clipPath;
        LibraryView view(m_library.get());
        showAndFocus(&view);
        view.selectId(gone);
        view.listView()->setFocus();
        QTRY_VERIFY(view.listView()->hasFocus());
        QTest::keyClick(view.listView(), Qt::Key_Delete);
        QCOMPARE(view.model()->rowCount(), 1);
        QVERIFY(!QFile::exists(clip));
        QCOMPARE(view.currentId(), keep);
        QVERIFY(view.messageText().contains(u"Delete me"_s));
        QVERIFY(view.undoDeleteAction()->isEnabled());
        auto *undo = view.findChild<QWidget *>(u"messageBar"_s)->findChild<QToolButton *>();
        QVERIFY(undo && undo->isVisible());
        QTest::mouseClick(undo, Qt::LeftButton);
        QCOMPARE(view.model()->rowCount(), 2);
        QVERIFY(QFile::exists(clip));
        QCOMPARE(view.currentId(), gone);
        QVERIFY(view.messageText().isEmpty());
        QVERIFY(!view.undoDeleteAction()->isEnabled());
    }

    void tagsAndNoteAreSaved()
    {
        const qint64 id = add(u"Tag me"_s, JobState::Ready, 70, QDateTime::currentDateTime());
        LibraryView view(m_library.get());
        showAndFocus(&view);
        view.selectId(id);
        view.listView()->setFocus();
        QTRY_VERIFY(view.listView()->hasFocus());
        QTest::keyClick(view.listView(), Qt::Key_T);
        auto *tags = view.findChild<QLineEdit *>(u"tags"_s);
        QTRY_VERIFY(tags->hasFocus());
        QTest::keyClicks(tags, u"dusk, keeper"_s);
        QTest::keyClick(tags, Qt::Key_Return);
        QCOMPARE(m_library->entry(id)->tags, QStringList({u"dusk"_s, u"keeper"_s}));
        auto *note = view.findChild<QLineEdit *>(u"note"_s);
        note->setFocus();
        QTest::keyClicks(note, u"Lovely light"_s);
        QTest::keyClick(note, Qt::Key_Return);
        QCOMPARE(m_library->entry(id)->note, u"Lovely light"_s);
        view.searchBox()->setText(u"keeper"_s);
        QTRY_COMPARE(view.model()->query().text, u"keeper"_s);
        QCOMPARE(view.model()->rowCount(), 1);
    }

    void exportWritesTheClipAndItsSettings()
    {
        const qint64 id = add(u"Export me"_s, JobState::Ready, 70, QDateTime::currentDateTime());
        LibraryView view(m_library.get());
        showAndFocus(&view);
        QString suggested;
        const QString target = m_dir->filePath(u"exported"_s); // no suffix: .mp4 is added
        view.setSaveAsPrompt([&suggested, &target](const QString &path) {
            suggested = path;
            return target;
        });
        QUrl opened;
        view.setOpenUrl([&opened](const QUrl &url) {
            opened = url;
            return true;
        });
        view.selectId(id);
        view.exportAction()->trigger();
        QVERIFY(suggested.endsWith(u"export-me-%1.mp4"_s.arg(id)));
        QFile clip(target + u".mp4"_s);
        QVERIFY(clip.open(QIODevice::ReadOnly));
        QCOMPARE(clip.readAll(), QByteArray("fake clip"));
        QFile json(target + u".json"_s);
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(o.value(u"request"_s).toObject().value(u"prompt"_s).toString(), u"Export me"_s);
        QCOMPARE(o.value(u"request_id"_s).toString(), u"req-%1"_s.arg(id));
        QCOMPARE(o.value(u"costs"_s).toObject().value(u"charged_cents"_s).toInteger(), 70);
        // A fake clip cannot be remuxed: exported as it is, and the message says the recipe is not inside.
        QVERIFY2(view.messageText().startsWith(u"Exported to"_s), qPrintable(view.messageText()));
        QVERIFY2(view.messageText().contains(u"without its recipe inside"_s), qPrintable(view.messageText()));

        view.revealAction()->trigger();
        QCOMPARE(opened, QUrl::fromLocalFile(m_library->clipsDirectory()));
    }

    void totalsShowTheSums()
    {
        const QDateTime now = QDateTime::currentDateTime();
        const QDate today = now.date();
        const QDateTime firstOfMonth(QDate(today.year(), today.month(), 1), QTime(0, 30));
        const QDateTime longAgo = now.addDays(-40); // always another month
        QVERIFY(add(u"today"_s, JobState::Ready, 140, now));
        QVERIFY(add(u"this month"_s, JobState::Ready, 210, firstOfMonth));
        QVERIFY(add(u"long ago"_s, JobState::Ready, 250, longAgo));
        QVERIFY(add(u"never finished"_s, JobState::Failed, -1, now)); // not completed: costs nothing
        const qint64 todayCents = 140 + (firstOfMonth.date() == today ? 210 : 0);
        LibraryView view(m_library.get());
        const QString text = view.totalsText();
        QVERIFY2(text.contains(u"Today %1"_s.arg(Pricing::formatCents(todayCents))), qPrintable(text));
        QVERIFY2(text.contains(u"This month $3.50"_s), qPrintable(text));
        QVERIFY2(text.contains(u"Overall $6.00"_s), qPrintable(text));
        QVERIFY2(text.contains(u"3 generations paid"_s), qPrintable(text));
        QCOMPARE(m_library->spentCents(), 600);
        const QString byDay = view.totalsByDayText();
        QVERIFY2(byDay.contains(u"Spent by day"_s), qPrintable(byDay));
        QVERIFY2(byDay.contains(u"$2.50 (1 generation)"_s), qPrintable(byDay)); // the day long ago
        // A job finishing elsewhere shows in the totals after refresh().
        QVERIFY(add(u"just now"_s, JobState::Ready, 100, now));
        view.refresh();
        QVERIFY2(view.totalsText().contains(u"Overall $7.00"_s), qPrintable(view.totalsText()));
    }
};

QTEST_MAIN(TestLibraryView)
#include "tst_libraryview.moc"
