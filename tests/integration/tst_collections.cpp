// Collections: named, ordered sets of takes kept in the library, their model (order by moveRows and by a drop), the
// library's own model reordering a collection it shows whole, the migration from a version-3 library, and the export
// folder with its manifest.
#include "TestLibraries.h"
#include "library/CollectionExport.h"
#include "library/CollectionModel.h"
#include "library/Library.h"
#include "library/LibraryModel.h"
#include "review/PresentationSource.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestCollections final : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Library> m_library;
    QList<qint64> m_ids;

    QString libraryPath() const { return m_dir->filePath(u"lib"_s); }

    void open()
    {
        QString error;
        m_library = Library::open(libraryPath(), &error);
        QVERIFY2(m_library, qPrintable(error));
    }

    QList<qint64> order(qint64 collection) const
    {
        QList<qint64> ids;
        for (const LibraryEntry &e : m_library->collectionEntries(collection))
            ids << e.job.id;
        return ids;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QDir().mkpath(m_dir->filePath(u"xdg-data"_s));
        qputenv("XDG_DATA_HOME", m_dir->filePath(u"xdg-data"_s).toUtf8());
        open();
        m_ids.clear();
        QString error;
        for (int i = 0; i < 4; ++i) {
            Job job;
            job.request.prompt = u"Take %1: a horse at dusk"_s.arg(i);
            job.request.seed = 100 + i;
            job.createdAt = QDateTime::currentDateTimeUtc().addSecs(i);
            job.estimatedCents = job.request.costCents();
            QVERIFY2(m_library->saveJob(job, &error), qPrintable(error));
            job.state = JobState::Ready;
            job.clipPath = m_library->clipsDirectory() + u"/%1.mp4"_s.arg(job.id);
            QFile clip(job.clipPath);
            QVERIFY(clip.open(QIODevice::WriteOnly) && clip.write("clip " + QByteArray::number(i)) > 0);
            clip.close();
            QVERIFY2(m_library->saveJob(job, &error), qPrintable(error));
            m_ids << job.id;
        }
    }

    void cleanup() { m_library.reset(); }

    void createAddOrderAndReopen()
    {
        QString error;
        const qint64 id = m_library->createCollection(u"  Client X \u2014 round 2  "_s, &error);
        QVERIFY2(id > 0, qPrintable(error));
        QCOMPARE(m_library->collection(id)->name, u"Client X \u2014 round 2"_s);
        QCOMPARE(m_library->addToCollection(id, {m_ids[2], m_ids[0], m_ids[2]}, &error), 2);
        QCOMPARE(m_library->addToCollection(id, {m_ids[0], m_ids[3]}, &error), 1); // skips one already there
        QCOMPARE(order(id), (QList<qint64>{m_ids[2], m_ids[0], m_ids[3]}));
        QVERIFY2(m_library->moveInCollection(id, 2, 0, &error), qPrintable(error));
        QCOMPARE(order(id), (QList<qint64>{m_ids[3], m_ids[2], m_ids[0]}));
        QVERIFY(m_library->setCaption(id, m_ids[2], u"  The one with\nthe light  "_s));
        QVERIFY(!m_library->setCaption(id, m_ids[1], u"not a member"_s));
        QCOMPARE(m_library->collections().size(), 1);
        QCOMPARE(m_library->collections().first().count, 3);

        m_library.reset();
        open();
        QCOMPARE(order(id), (QList<qint64>{m_ids[3], m_ids[2], m_ids[0]}));
        const QList<CollectionItem> items = m_library->collectionItems(u"client x \u2014 ROUND 2"_s);
        QCOMPARE(items.size(), 3);
        QCOMPARE(items.at(1).caption, u"The one with the light"_s);
        QVERIFY(m_library->collectionItems(u"no such"_s).isEmpty());
    }

    void namesAreCheckedAndRenamesClash()
    {
        QString error;
        QCOMPARE(m_library->createCollection(u"   "_s, &error), 0);
        QCOMPARE(error, u"A collection needs a name."_s);
        const qint64 a = m_library->createCollection(u"Round one"_s, &error);
        const qint64 b = m_library->createCollection(u"Round two"_s, &error);
        QVERIFY(a > 0 && b > 0);
        QCOMPARE(m_library->createCollection(u"ROUND ONE"_s, &error), 0);
        QVERIFY(error.contains(u"already a collection"_s));
        QCOMPARE(m_library->createCollection(u"\u00c9t\u00e9"_s, &error) > 0, true);
        QCOMPARE(m_library->createCollection(u"\u00e9T\u00c9"_s, &error), 0); // case beyond ASCII too
        QVERIFY(!m_library->renameCollection(b, u"round One"_s, &error));
        QVERIFY(error.contains(u"already a collection"_s));
        QVERIFY2(m_library->renameCollection(b, u"Round 2"_s, &error), qPrintable(error));
        QVERIFY2(m_library->renameCollection(b, u"round 2"_s, &error), qPrintable(error)); // its own name, recased
        const QString longName(500, u'x');
        const qint64 c = m_library->createCollection(longName, &error);
        QVERIFY(c > 0);
        QVERIFY(m_library->collection(c)->name.size() <= Library::kMaxCollectionNameLength);
    }

    void aTakeInTwoCollectionsAndRemoval()
    {
        QString error;
        const qint64 a = m_library->createCollection(u"A"_s, &error);
        const qint64 b = m_library->createCollection(u"B"_s, &error);
        QCOMPARE(m_library->addToCollection(a, {m_ids[0], m_ids[1]}, &error), 2);
        QCOMPARE(m_library->addToCollection(b, {m_ids[1]}, &error), 1);
        QVERIFY(m_library->removeFromCollection(a, {m_ids[1]}, &error));
        QCOMPARE(order(a), QList<qint64>{m_ids[0]});
        QCOMPARE(order(b), QList<qint64>{m_ids[1]});
        QVERIFY(m_library->removeCollection(b, &error));
        QVERIFY(!m_library->collection(b));
        QVERIFY(m_library->entry(m_ids[1])); // the take stays in the library
        QVERIFY(!m_library->removeCollection(b, &error));
        QCOMPARE(m_library->addToCollection(b, {m_ids[0]}, &error), -1);
    }

    void deletedTakesHideAndComeBackInPlace()
    {
        QString error;
        const qint64 id = m_library->createCollection(u"Review"_s, &error);
        QCOMPARE(m_library->addToCollection(id, m_ids, &error), 4);
        QVERIFY2(m_library->remove(m_ids[1], &error), qPrintable(error));
        QCOMPARE(order(id), (QList<qint64>{m_ids[0], m_ids[2], m_ids[3]}));
        QCOMPARE(m_library->collections().first().count, 3);
        QVERIFY2(m_library->moveInCollection(id, 2, 0, &error), qPrintable(error)); // 3 0 [1] 2: it follows 0
        QVERIFY2(m_library->undoRemove(m_ids[1], &error), qPrintable(error));
        QCOMPARE(order(id), (QList<qint64>{m_ids[3], m_ids[0], m_ids[1], m_ids[2]}));
    }

    void modelReordersByMoveRowsAndByDrop()
    {
        QString error;
        const qint64 id = m_library->createCollection(u"Review"_s, &error);
        QCOMPARE(m_library->addToCollection(id, m_ids, &error), 4);
        QVERIFY(m_library->setCaption(id, m_ids[0], u"Opening"_s));
        CollectionModel model(m_library.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCollection(id);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.index(0).data(CollectionModel::CaptionRole).toString(), u"Opening"_s);
        QCOMPARE(model.index(1).data(LibraryModel::IdRole).toLongLong(), m_ids[1]);
        QCOMPARE(model.index(1).data(LibraryModel::PromptRole).toString(), u"Take 1: a horse at dusk"_s);
        QVERIFY(model.flags(model.index(0)) & Qt::ItemIsDragEnabled);

        // The first take to the end.
        QVERIFY(model.moveRows({}, 0, 1, {}, 4));
        QCOMPARE(order(id), (QList<qint64>{m_ids[1], m_ids[2], m_ids[3], m_ids[0]}));
        QCOMPARE(model.idAt(3), m_ids[0]);
        QVERIFY(!model.moveRows({}, 0, 1, {}, 1)); // onto itself: no move

        // Two takes dragged and dropped before the first.
        std::unique_ptr<QMimeData> drag(model.mimeData({model.index(3), model.index(2)}));
        QVERIFY(model.canDropMimeData(drag.get(), Qt::MoveAction, 0, 0, {}));
        model.dropMimeData(drag.get(), Qt::MoveAction, 0, 0, {});
        QCOMPARE(order(id), (QList<qint64>{m_ids[3], m_ids[0], m_ids[1], m_ids[2]}));
        // Dropped onto a take: before it.
        drag.reset(model.mimeData({model.index(0)}));
        model.dropMimeData(drag.get(), Qt::MoveAction, -1, -1, model.index(3));
        QCOMPARE(order(id), (QList<qint64>{m_ids[0], m_ids[1], m_ids[3], m_ids[2]}));
        for (int row = 0; row < 4; ++row)
            QCOMPARE(model.idAt(row), order(id).at(row));

        // Drag data from elsewhere is refused.
        QMimeData foreign;
        foreign.setText(u"hello"_s);
        QVERIFY(!model.canDropMimeData(&foreign, Qt::MoveAction, 0, 0, {}));
        std::unique_ptr<QMimeData> unknown(CollectionModel::mimeDataFor({999999}));
        QVERIFY(!model.canDropMimeData(unknown.get(), Qt::MoveAction, 0, 0, {}));

        QVERIFY(model.setData(model.index(0), u"  New\tcaption "_s, CollectionModel::CaptionRole));
        QCOMPARE(model.captionAt(0), u"New caption"_s);

        m_library.reset();
        open();
        CollectionModel reopened(m_library.get());
        reopened.setCollection(id);
        QCOMPARE(reopened.idAt(2), m_ids[3]);
        QCOMPARE(reopened.captionAt(0), u"New caption"_s);
    }

    // The library's list reorders a collection it shows whole, even one it loads a page at a time, and nothing else.
    void libraryModelReordersAWholeCollection()
    {
        QString error;
        const qint64 id = m_library->createCollection(u"Review"_s, &error);
        QCOMPARE(m_library->addToCollection(id, m_ids, &error), 4);
        LibraryModel model(m_library.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(2);
        QString why;
        QVERIFY(!model.canReorder(&why)); // every take, newest first
        QVERIFY(why.contains(u"collection"_s));
        QVERIFY(!(model.flags(model.index(0)) & Qt::ItemIsDragEnabled));
        QVERIFY(!model.moveRows({}, 0, 1, {}, 2));

        LibraryQuery query;
        query.collectionId = id;
        model.setQuery(query);
        QCOMPARE(model.rowCount(), 2); // one page of four
        QVERIFY(model.canReorder(&why));
        QVERIFY(why.isEmpty());
        QVERIFY(model.flags(model.index(0)) & Qt::ItemIsDragEnabled);
        QVERIFY(model.flags({}) & Qt::ItemIsDropEnabled);
        QVERIFY(model.moveRows({}, 0, 1, {}, 2));
        QCOMPARE(order(id), (QList<qint64>{m_ids[1], m_ids[0], m_ids[2], m_ids[3]})); // the rest kept their places
        QCOMPARE(model.idAt(0), m_ids[1]);
        QVERIFY(!model.moveRows({}, 0, 1, {}, 1)); // onto itself: no move

        // The drag data is CollectionModel's, so a take dragged from another view of the collection drops here.
        std::unique_ptr<QMimeData> drag(CollectionModel::mimeDataFor({m_ids[0]}));
        QVERIFY(model.canDropMimeData(drag.get(), Qt::MoveAction, 0, 0, {}));
        model.dropMimeData(drag.get(), Qt::MoveAction, 0, 0, {});
        QCOMPARE(order(id), m_ids);
        QCOMPARE(model.idAt(0), m_ids[0]);
        std::unique_ptr<QMimeData> notLoaded(CollectionModel::mimeDataFor({m_ids[3]}));
        QVERIFY(!model.canDropMimeData(notLoaded.get(), Qt::MoveAction, 0, 0, {}));

        // The order changed elsewhere meanwhile: nothing moves, and the model says why.
        const QList<qint64> elsewhere{m_ids[2], m_ids[3], m_ids[0], m_ids[1]};
        QVERIFY(m_library->setCollectionOrder(id, elsewhere, &error));
        QSignalSpy failed(&model, &LibraryModel::reorderFailed);
        QVERIFY(!model.moveRows({}, 0, 1, {}, 2));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(order(id), elsewhere);

        // A search shows part of the collection: no order to change there.
        query.text = u"horse"_s;
        model.setQuery(query);
        QCOMPARE(model.idAt(0), m_ids[2]);
        QVERIFY(!model.canReorder(&why));
        QVERIFY(why.contains(u"search"_s));
        QVERIFY(!(model.flags(model.index(0)) & Qt::ItemIsDragEnabled));
        QVERIFY(!model.moveRows({}, 0, 1, {}, 2));
        drag.reset(CollectionModel::mimeDataFor({m_ids[2]}));
        QVERIFY(!model.canDropMimeData(drag.get(), Qt::MoveAction, 1, 0, {}));
        QCOMPARE(order(id), elsewhere);
    }

    void favouritesForPresentation()
    {
        QVERIFY(m_library->setFavourite(m_ids[2], true));
        QVERIFY(m_library->setFavourite(m_ids[0], true));
        const QList<CollectionItem> items = m_library->favouriteItems();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0).entry.job.id, m_ids[0]);
        QCOMPARE(items.at(1).entry.job.id, m_ids[2]);
    }

    // `paddock --present "Client X"` plays the collection in its order, titled by its captions.
    void aCollectionIsPresentedByName()
    {
        QString error;
        const qint64 id = m_library->createCollection(u"Client X — round 2"_s, &error);
        QVERIFY2(id, qPrintable(error));
        QCOMPARE(m_library->addToCollection(id, {m_ids[3], m_ids[1]}, &error), 2);
        QVERIFY(m_library->setCaption(id, m_ids[1], u"The dusk gallop"_s));
        const auto playlist = PresentationSource::playlistFor(*m_library, u"client x — ROUND 2"_s, &error);
        QVERIFY2(playlist, qPrintable(error));
        QCOMPARE(playlist->items().size(), 2);
        QCOMPARE(playlist->at(0).id, m_ids[3]);
        QCOMPARE(playlist->at(0).caption, u"Take 3: a horse at dusk"_s); // no caption: the prompt
        QCOMPARE(playlist->at(1).id, m_ids[1]);
        QCOMPARE(playlist->at(1).caption, u"The dusk gallop"_s);
        QVERIFY(!PresentationSource::playlistFor(*m_library, u"Client Y"_s, &error));
        QVERIFY(error.contains(u"collection"_s));
    }

    // A library of version 3 (before collections) opens and gains them.
    void version3LibraryMigrates()
    {
        m_library.reset();
        QVERIFY(TestLibraries::runStatements(
            libraryPath(), {u"DROP TABLE storyboard_takes"_s, u"DROP TABLE storyboard_shots"_s,
                            u"DROP TABLE storyboards"_s, u"DROP TABLE collection_items"_s, u"DROP TABLE collections"_s,
                            u"UPDATE schema_version SET version = 3"_s}));
        open();
        QCOMPARE(m_library->integrityCheck(), u"ok"_s);
        QVERIFY(m_library->collections().isEmpty());
        QString error;
        const qint64 id = m_library->createCollection(u"After the update"_s, &error);
        QVERIFY2(id > 0, qPrintable(error));
        QCOMPARE(m_library->addToCollection(id, {m_ids[1]}, &error), 1);
        QCOMPARE(m_library->count({}), 4);
    }

    void safeTitles_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << u"Dusk gallop"_s << u"Dusk gallop"_s;
        QTest::newRow("separators") << u"a/b\\c:d"_s << u"a b c d"_s;
        QTest::newRow("windows") << u"what? *yes* <no> |x| \"q\""_s << u"what yes no x q"_s;
        QTest::newRow("control") << u"line\none\ttab\u0007bell"_s << u"line one tabbell"_s;
        QTest::newRow("direction") << u"abc\u202Egnp.exe"_s << u"abcgnp.exe"_s;
        QTest::newRow("dots") << u"../../etc/passwd"_s << u"etc passwd"_s;
        QTest::newRow("empty") << u" . "_s << u"Take"_s;
        QTest::newRow("long") << QString(300, u'y') << QString(CollectionExport::kMaxTitleLength, u'y');
        // A long prompt ends at a word, without the comma before the cut.
        QTest::newRow("words") << u"A white horse gallops along the waterline, sand flying, golden light"_s
                               << u"A white horse gallops along the waterline, sand flying"_s;
        QTest::newRow("word cut") << u"Dust settles as the sun rises over the hills and the herd eats"_s
                                              << u"Dust settles as the sun rises over the hills and the herd"_s;
    }

    void safeTitles()
    {
        QFETCH(QString, title);
        QFETCH(QString, expected);
        QCOMPARE(CollectionExport::safeTitle(title), expected);
    }

    void exportWritesClipsAndManifest()
    {
        QString error;
        const qint64 id = m_library->createCollection(u"Client X"_s, &error);
        QCOMPARE(m_library->addToCollection(id, {m_ids[2], m_ids[0]}, &error), 2);
        QVERIFY(m_library->setCaption(id, m_ids[0], u"Hero: take/2"_s));
        const QString folder = m_dir->filePath(u"out"_s);
        QVERIFY2(CollectionExport::exportTo(folder, u"Client X"_s, m_library->collectionItems(id), &error),
                 qPrintable(error));
        QDir dir(folder);
        QCOMPARE(dir.entryList(QDir::Files, QDir::Name),
                 (QStringList{u"01 - Take 2 a horse at dusk.mp4"_s, u"02 - Hero take 2.mp4"_s, u"manifest.json"_s}));
        QFile first(dir.filePath(u"01 - Take 2 a horse at dusk.mp4"_s));
        QVERIFY(first.open(QIODevice::ReadOnly));
        QCOMPARE(first.readAll(), QByteArray("clip 2"));
        QFile manifestFile(dir.filePath(u"manifest.json"_s));
        QVERIFY(manifestFile.open(QIODevice::ReadOnly));
        const QJsonObject manifest = QJsonDocument::fromJson(manifestFile.readAll()).object();
        QCOMPARE(manifest.value(u"collection"_s).toString(), u"Client X"_s);
        QVERIFY(QDateTime::fromString(manifest.value(u"exported"_s).toString(), Qt::ISODateWithMs).isValid());
        const QJsonArray takes = manifest.value(u"takes"_s).toArray();
        QCOMPARE(takes.size(), 2);
        const QJsonObject second = takes.at(1).toObject();
        QCOMPARE(second.value(u"file"_s).toString(), u"02 - Hero take 2.mp4"_s);
        QCOMPARE(second.value(u"caption"_s).toString(), u"Hero: take/2"_s);
        QCOMPARE(second.value(u"prompt"_s).toString(), u"Take 0: a horse at dusk"_s);
        QCOMPARE(second.value(u"seed"_s).toInteger(), 100);
        for (const QString &key : {u"negativePrompt"_s, u"mode"_s, u"resolution"_s, u"durationSeconds"_s,
                                   u"aspectRatio"_s, u"images"_s, u"costCents"_s, u"cost"_s, u"created"_s})
            QVERIFY2(second.contains(key), qPrintable(key));
        QVERIFY(!QString::fromUtf8(QJsonDocument(manifest).toJson()).contains(m_dir->path()));

        // Again into its own export: replaced, and what it no longer holds goes.
        QVERIFY(m_library->removeFromCollection(id, {m_ids[2]}, &error));
        QVERIFY2(CollectionExport::exportTo(folder, u"Client X"_s, m_library->collectionItems(id), &error),
                 qPrintable(error));
        QCOMPARE(dir.entryList(QDir::Files, QDir::Name), (QStringList{u"01 - Hero take 2.mp4"_s, u"manifest.json"_s}));

        // Never into a folder holding something else.
        const QString other = m_dir->filePath(u"other"_s);
        QVERIFY(QDir().mkpath(other));
        QFile stranger(other + u"/notes.txt"_s);
        QVERIFY(stranger.open(QIODevice::WriteOnly) && stranger.write("mine") == 4);
        stranger.close();
        QVERIFY(!CollectionExport::exportTo(other, u"Client X"_s, m_library->collectionItems(id), &error));
        QVERIFY(error.contains(u"already holds other files"_s));
        QCOMPARE(QDir(other).entryList(QDir::Files), QStringList{u"notes.txt"_s});
    }
};

QTEST_GUILESS_MAIN(TestCollections)
#include "tst_collections.moc"
