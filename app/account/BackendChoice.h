#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

// Which service Paddock talks to, decided once at start from the command line and the environment:
// the real Segmind API when a key is available, else the built-in simulator (demo mode).
struct BackendChoice
{
    enum class Kind { Segmind, Demo };

    Kind kind = Kind::Demo;
    QUrl endpoint;      // the API base URL; empty for demo until the simulator is listening
    QString reason;     // one sentence for a person: why this backend was chosen
    QString error;      // non-empty when the command line was wrong; the app says so and uses demo

    static QUrl defaultEndpoint() { return QUrl(QStringLiteral("https://api.segmind.com")); }

    // forceDemo: --demo. endpointArgument: --endpoint URL (may be empty). hasKey: a key was found in
    // SEGMIND_API_KEY or the keychain.
    static BackendChoice decide(bool forceDemo, const QString &endpointArgument, bool hasKey);

    // Plain http is allowed only to loopback (a paddock-sim started by hand); the key must never
    // cross a network in clear text.
    static bool isAcceptableEndpoint(const QUrl &url, QString *why = nullptr);

    // What the status bar says, e.g. "Segmind (api.segmind.com)" or "Demo — simulated, nothing is charged".
    QString describe() const;
};
