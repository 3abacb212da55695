#include "sim/EmbeddedSimulator.h"

#include "sim/SimServer.h"

#include <QMetaObject>
#include <QRandomGenerator>
#include <QThread>

EmbeddedSimulator::EmbeddedSimulator(QObject *parent) : QObject(parent) {}

EmbeddedSimulator::~EmbeddedSimulator()
{
    if (m_thread) {
        // The server is deleted on its own thread, then the thread ends.
        if (m_server)
            QMetaObject::invokeMethod(m_server, &QObject::deleteLater, Qt::QueuedConnection);
        m_thread->quit();
        m_thread->wait();
        delete m_thread;
    }
}

SimSettings EmbeddedSimulator::demoSettings(const QString &cacheDirectory)
{
    SimSettings settings;
    settings.port = 0;
    settings.filesPort = 0;
    settings.queueMs = 2000;
    settings.processingMs = 6000;
    settings.cacheDirectory = cacheDirectory;
    settings.logRequests = false;
    settings.checkFfmpegAtStart = false;
    // Takes without a seed get a different one each session, as the real service picks them at random.
    settings.seed = QRandomGenerator::global()->generate64();
    return settings;
}

bool EmbeddedSimulator::start(const SimSettings &settings, QString *error)
{
    if (m_thread)
        return true;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("paddock-simulator"));
    m_thread->start();

    bool ok = false;
    QString problem;
    QUrl url;
    // Created, started and owned on the simulator's thread; this thread waits for the answer.
    auto *context = new QObject;
    context->moveToThread(m_thread);
    QMetaObject::invokeMethod(
        context,
        [&, settings] {
            m_server = new SimServer(settings);
            ok = m_server->start(&problem);
            url = m_server->baseUrl();
        },
        Qt::BlockingQueuedConnection);
    QMetaObject::invokeMethod(context, &QObject::deleteLater, Qt::QueuedConnection);
    if (!ok) {
        *error = problem;
        return false;
    }
    m_baseUrl = url;
    return true;
}
