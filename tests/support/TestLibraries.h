#pragma once

#include "jobs/Job.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

namespace TestLibraries {

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
