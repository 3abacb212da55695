#pragma once

#include "jobs/Job.h"
#include "storyboard/Storyboard.h"

#include <QDateTime>

#include <algorithm>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

namespace TestLibraries {

// Every shot of b has a chosen take that is ready and not stale: a chain has run to its end.
inline bool allChosenReady(const Storyboard &b)
{
    return !b.shots.isEmpty() && std::all_of(b.shots.cbegin(), b.shots.cend(), [](const Shot &shot) {
               return shot.hasChosenReadyTake() && !shot.stale;
           });
}

// A job as the form makes it, priced, not yet saved.
inline Job textJob(const QString &prompt)
{
    Job job;
    job.request.prompt = prompt;
    job.createdAt = QDateTime::currentDateTimeUtc();
    job.estimatedCents = job.request.costCents();
    return job;
}

// Runs statements on the library.sqlite in directory with a connection of its own (the library must be closed), to
// make an older version of a library by hand. False as soon as one fails.
inline bool runStatements(const QString &directory, const QStringList &statements)
{
    const QString connection = QStringLiteral("test-libraries-by-hand");
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(directory + QStringLiteral("/library.sqlite"));
        ok = db.open();
        QSqlQuery query(db);
        for (const QString &statement : statements) {
            if (ok)
                ok = query.exec(statement);
        }
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

} // namespace TestLibraries
