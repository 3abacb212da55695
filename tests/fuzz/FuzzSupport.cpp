#include "FuzzSupport.h"

#include <QCoreApplication>
#include <QImageReader>

#include <cstdio>
#include <cstdlib>

namespace FuzzSupport {

void initialize(int *argc, char ***argv)
{
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &) {});
    // Lives for the whole run, as the application object does in Paddock.
    static QCoreApplication app(*argc, *argv);
    // A header may claim any size; below Qt's default limit (128 MB) so that each input stays quick, and a decode
    // past it is refused exactly as a larger one is in Paddock.
    QImageReader::setAllocationLimit(32);
}

void broken(const char *promise, const char *file, int line)
{
    std::fprintf(stderr, "%s:%d: broken promise: %s\n", file, line, promise);
    std::abort();
}

} // namespace FuzzSupport
