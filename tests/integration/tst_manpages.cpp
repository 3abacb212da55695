// The manual pages keep up with the programs: every long option that paddock --help and paddock-sim --help print
// is described in packaging/paddock.1 and packaging/paddock-sim.1, and the pages name no option that is gone.
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// The long options a program's --help lists, without their dashes.
QSet<QString> helpOptions(const QString &program)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    process.setProcessEnvironment(environment);
    process.start(program, {u"--help"_s});
    if (!process.waitForFinished(30 * 1000) || process.exitCode() != 0)
        return {};
    QSet<QString> options;
    static const QRegularExpression optionLine(u"^\\s+(?:-\\w, )?--([a-z0-9-]+)"_s);
    for (const QString &line : QString::fromUtf8(process.readAllStandardOutput()).split(u'\n')) {
        const QRegularExpressionMatch match = optionLine.match(line);
        if (match.hasMatch())
            options << match.captured(1);
    }
    return options;
}

// The long options a manual page describes: the bold words of its .TP entries, troff's "\-" read as "-".
QSet<QString> manOptions(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QSet<QString> options;
    static const QRegularExpression entry(u"^\\.B[IR]? (?:\\\\-\\w \", \" )?\\\\-\\\\-([a-z0-9\\\\-]+)"_s);
    QString previous;
    for (const QString &line : QString::fromUtf8(file.readAll()).split(u'\n')) {
        if (previous == u".TP"_s) {
            const QRegularExpressionMatch match = entry.match(line);
            if (match.hasMatch())
                options << match.captured(1).replace(u"\\-"_s, u"-"_s);
        }
        previous = line;
    }
    return options;
}

} // namespace

class TestManPages final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyOptionDescribed_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QString>("page");
        QTest::newRow("paddock") << QStringLiteral(PADDOCK_PROGRAM)
                                 << QStringLiteral(PADDOCK_SOURCE_DIR "/packaging/paddock.1");
        QTest::newRow("paddock-sim") << QStringLiteral(PADDOCK_SIM_PROGRAM)
                                     << QStringLiteral(PADDOCK_SOURCE_DIR "/packaging/paddock-sim.1");
    }

    void everyOptionDescribed()
    {
        QFETCH(QString, program);
        QFETCH(QString, page);
        const QSet<QString> inHelp = helpOptions(program);
        const QSet<QString> inPage = manOptions(page);
        QVERIFY2(inHelp.size() > 5, "--help printed no options");
        QVERIFY(inHelp.contains(u"help"_s));
        const QStringList undocumented = (QSet<QString>(inHelp) -= inPage).values();
        QVERIFY2(undocumented.isEmpty(), qPrintable(u"not in the manual page: "_s + undocumented.join(u", "_s)));
        const QStringList gone = (QSet<QString>(inPage) -= inHelp).values();
        QVERIFY2(gone.isEmpty(), qPrintable(u"in the manual page but not in --help: "_s + gone.join(u", "_s)));
    }
};

QTEST_GUILESS_MAIN(TestManPages)
#include "tst_manpages.moc"
