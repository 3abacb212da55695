// The one check before a stored path is opened: a regular file inside the folder Paddock owns.
#include "media/StoredFile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

class TestStoredFile final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_root;

    QString write(const QString &path)
    {
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write("data");
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_root = m_dir.filePath(u"library"_s);
        QVERIFY(QDir().mkpath(m_root + u"/clips"_s));
        write(m_root + u"/clips/1.mp4"_s);
        write(m_dir.filePath(u"outside.mp4"_s));
        QCOMPARE(::mkfifo(QFile::encodeName(m_root + u"/clips/fifo.mp4"_s).constData(), 0600), 0);
        QVERIFY(QFile::link(m_dir.filePath(u"outside.mp4"_s), m_root + u"/clips/link.mp4"_s));
        QVERIFY(QFile::link(m_dir.path(), m_root + u"/clips/up"_s)); // a folder link leading out
        QVERIFY(QFile::link(u"/dev/zero"_s, m_root + u"/clips/zero.mp4"_s));
    }

    void check_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("allowed");
        QTest::addColumn<QString>("why");
        QTest::newRow("own clip") << u"clips/1.mp4"_s << true << QString();
        QTest::newRow("missing") << u"clips/2.mp4"_s << false << u"missing"_s;
        QTest::newRow("FIFO") << u"clips/fifo.mp4"_s << false << u"not an ordinary file"_s;
        QTest::newRow("link to a file outside") << u"clips/link.mp4"_s << false << u"link"_s;
        QTest::newRow("link to a device") << u"clips/zero.mp4"_s << false << u"link"_s;
        QTest::newRow("through a folder link") << u"clips/up/outside.mp4"_s << false << u"not in Paddock"_s;
        QTest::newRow("dot-dot") << u"clips/../../outside.mp4"_s << false << u"not in Paddock"_s;
        QTest::newRow("outside, absolute") << u"OUTSIDE"_s << false << u"not in Paddock"_s;
        QTest::newRow("the folder itself") << u"clips"_s << false << u"not an ordinary file"_s;
        QTest::newRow("the root") << u"."_s << false << u"not in Paddock"_s;
        QTest::newRow("empty") << QString() << false << u"not in Paddock"_s;
        QTest::newRow("NUL") << u"clips/1.mp4\u0000.txt"_s << false << u"not in Paddock"_s;
        QTest::newRow("device") << u"/dev/null"_s << false << u"not in Paddock"_s;
    }
    void check()
    {
        QFETCH(QString, path);
        QFETCH(bool, allowed);
        QFETCH(QString, why);
        if (path == u"OUTSIDE"_s)
            path = m_dir.filePath(u"outside.mp4"_s);
        else if (!path.isEmpty() && !path.startsWith(u'/'))
            path = m_root + u"/"_s + path;
        QString reason;
        QCOMPARE(StoredFile::isRegularFileInside(path, m_root, &reason), allowed);
        QVERIFY2(reason.contains(why), qPrintable(reason));
    }

    void regularFileAnywhere()
    {
        QVERIFY(StoredFile::isRegularFile(m_dir.filePath(u"outside.mp4"_s)));
        QVERIFY(!StoredFile::isRegularFile(m_root + u"/clips/fifo.mp4"_s));
        QVERIFY(!StoredFile::isRegularFile(m_root + u"/clips/link.mp4"_s));
        QVERIFY(!StoredFile::isRegularFile(u"/dev/null"_s));
    }
};

QTEST_GUILESS_MAIN(TestStoredFile)
#include "tst_storedfile.moc"
