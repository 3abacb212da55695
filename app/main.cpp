// Paddock: a desktop playground for HappyHorse 1.1 on Segmind.
#include "MainWindow.h"
#include "account/BackendChoice.h"

#include <QApplication>
#include <QCommandLineParser>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"Paddock"_s);
    QApplication::setOrganizationName(u"Paddock"_s);
    QApplication::setApplicationVersion(QStringLiteral(PADDOCK_VERSION));
    QApplication::setDesktopFileName(u"paddock"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"A desktop playground for HappyHorse 1.1 video generation on Segmind."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(u"demo"_s, u"Run against the built-in simulator: nothing is charged."_s);
    const QCommandLineOption endpoint(u"endpoint"_s, u"Use another Segmind-compatible base URL."_s, u"URL"_s);
    parser.addOption(demo);
    parser.addOption(endpoint);
    parser.process(app);

    const bool hasKey = !qEnvironmentVariable("SEGMIND_API_KEY").trimmed().isEmpty();
    const BackendChoice backend = BackendChoice::decide(parser.isSet(demo), parser.value(endpoint), hasKey);

    MainWindow window(backend);
    window.show();
    return app.exec();
}
