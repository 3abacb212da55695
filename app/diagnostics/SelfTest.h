#pragma once

#include <QList>
#include <QString>

// Checks the runtime Paddock needs on this computer (paddock --self-test), for users and for bug reports: each
// check says in plain words what it found and, when something is missing, what to install.
class SelfTest final
{
public:
    enum class Result
    {
        Ok,
        Warning,
        Missing
    };

    struct Check
    {
        Result result = Result::Ok;
        QString text;      // what was checked and found, and the next step when it is not ok
        bool hard = false; // Paddock cannot work without it
    };

    // Runs every check; needs a Q(Gui)Application. clipPath is a short H.264+AAC MP4 to decode and play.
    static QList<Check> run(const QString &clipPath);

    static QString line(const Check &check);        // "ok: …", "warning: …" or "missing: …"
    static bool passed(const QList<Check> &checks); // false when a hard check is missing

    // The single checks, in the order run() does them.
    static Check platformPlugin();
    static Check sqliteDriver();
    static Check decoding(const QString &clipPath);
    static Check playback(const QString &clipPath);
    static Check tls();
    static Check secretService();
    static Check ffmpegProgram();
};
