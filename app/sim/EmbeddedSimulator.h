#pragma once

#include "sim/SimSettings.h"

#include <QObject>
#include <QUrl>

class QThread;
class SimServer;

// Demo mode: the simulator running inside Paddock, on a thread of its own so that decoding uploaded
// images never freezes the window, listening on a free loopback port.
class EmbeddedSimulator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmbeddedSimulator)

public:
    explicit EmbeddedSimulator(QObject *parent = nullptr);
    ~EmbeddedSimulator() override;

    // Starts the server and waits until it listens (a few milliseconds). False with a message otherwise.
    bool start(const SimSettings &settings, QString *error);
    QUrl baseUrl() const { return m_baseUrl; }
    // The key demo mode uses; the simulator accepts any non-empty key.
    static QString demoKey() { return QStringLiteral("SG_demo0000000000000"); }

    // Demo timings: about 8 s a job, like a very fast real service.
    static SimSettings demoSettings(const QString &cacheDirectory);

private:
    QThread *m_thread = nullptr;
    SimServer *m_server = nullptr;
    QUrl m_baseUrl;
};
