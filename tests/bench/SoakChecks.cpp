#include "SoakChecks.h"

#include "library/Library.h"
#include "media/Mp4Info.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

// Counted straight from the table, so that a duplicate the library's own queries would hide is still seen.
int generationRows(const QString &directory)
{
    const QString connection = u"soak-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    int rows = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(QDir(directory).filePath(u"library.sqlite"_s));
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        QSqlQuery query(db);
        if (db.open() && query.exec(u"SELECT COUNT(*) FROM generations"_s) && query.next())
            rows = query.value(0).toInt();
    }
    QSqlDatabase::removeDatabase(connection);
    return rows;
}

QString describe(const Job &job)
{
    return u"job %1 (#%2, %3, request id '%4', error '%5')"_s.arg(QString::number(soakNumber(job)),
                                                                  QString::number(job.id), jobStateName(job.state),
                                                                  job.requestId, job.error.left(160));
}

bool sameEnd(const Job &a, const Job &b)
{
    return a.state == b.state && a.finishedAt == b.finishedAt && a.requestId == b.requestId &&
           a.clipPath == b.clipPath && a.error == b.error;
}

} // namespace

int soakNumber(const Job &job)
{
    static const QRegularExpression tag(u"^job (\\d+)$"_s);
    const QRegularExpressionMatch match = tag.match(job.request.negativePrompt);
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

LibrarySnapshot readLibrary(const QString &directory)
{
    LibrarySnapshot snapshot;
    snapshot.rows = generationRows(directory);
    std::unique_ptr<Library> library = Library::open(directory, &snapshot.error);
    if (!library)
        return snapshot;
    LibraryQuery all;
    all.sort = LibraryQuery::Sort::Oldest;
    all.limit = std::max(1000, snapshot.rows + 1);
    for (const LibraryEntry &entry : library->query(all))
        snapshot.jobs.insert(entry.job.id, entry.job);
    snapshot.integrity = library->integrityCheck();
    return snapshot;
}

void checkSnapshot(const LibrarySnapshot &previous, const LibrarySnapshot &now, int jobs, SoakVerdict &verdict)
{
    verdict.check(now.error.isEmpty(), u"the library did not open: "_s + now.error);
    verdict.check(now.integrity == u"ok"_s, u"PRAGMA integrity_check says: "_s + now.integrity);
    verdict.check(now.rows == jobs, u"the library holds %1 generation rows, not %2"_s.arg(now.rows).arg(jobs));
    verdict.check(now.jobs.size() == jobs,
                  u"the library lists %1 generations, not %2"_s.arg(now.jobs.size()).arg(jobs));
    QSet<int> numbers;
    for (const Job &job : now.jobs) {
        const int number = soakNumber(job);
        verdict.check(number >= 1 && number <= jobs && !numbers.contains(number),
                      u"a stray or duplicated generation: "_s + describe(job));
        numbers.insert(number);

        const auto before = previous.jobs.constFind(job.id);
        if (before == previous.jobs.constEnd())
            continue;
        if (!before->isRunning()) {
            verdict.check(sameEnd(*before, job),
                          u"%1 ended twice: it was %2 and is now %3"_s.arg(describe(job), jobStateName(before->state),
                                                                           jobStateName(job.state)));
        }
        // Once a POST may have left, the job is never sent again: its send time and request id stay as they were.
        if (before->submittedAt.isValid())
            verdict.check(job.submittedAt == before->submittedAt, describe(job) + u" was sent a second time"_s);
        if (!before->requestId.isEmpty())
            verdict.check(job.requestId == before->requestId, describe(job) + u" changed its request id"_s);
    }
}

void checkEnds(const LibrarySnapshot &library, const QList<std::pair<qint64, QString>> &ended, int jobs,
               SoakVerdict &verdict)
{
    QHash<qint64, QStringList> endsById;
    for (const auto &[id, state] : ended)
        endsById[id] << state;
    int finalJobs = 0;
    for (const Job &job : library.jobs) {
        if (!job.isRunning() && job.finishedAt.isValid())
            ++finalJobs;
        else
            verdict.check(false, describe(job) + u" has not ended"_s);
        // A runner prints each end as it happens. A kill right after the end was committed loses the line (so a job
        // may show none), but no job may end twice, nor end otherwise than the library says.
        const QStringList seen = endsById.value(job.id);
        verdict.check(seen.size() <= 1,
                      u"%1 ended %2 times: %3"_s.arg(describe(job)).arg(seen.size()).arg(seen.join(u", "_s)));
        if (seen.size() == 1)
            verdict.check(
                seen.first() == jobStateName(job.state),
                u"%1 ended as %2 but is stored as %3"_s.arg(describe(job), seen.first(), jobStateName(job.state)));
    }
    verdict.check(finalJobs == jobs, u"%1 of %2 jobs ended"_s.arg(finalJobs).arg(jobs));
    for (auto it = endsById.cbegin(); it != endsById.cend(); ++it)
        verdict.check(library.jobs.contains(it.key()),
                      u"a runner ended job #%1, which is not in the library"_s.arg(it.key()));
}

PostFigures checkPosts(const QJsonObject &stats, const LibrarySnapshot &library, SoakVerdict &verdict)
{
    PostFigures figures;
    const QJsonObject counters = stats.value(u"counters"_s).toObject();
    const QJsonArray records = stats.value(u"submit_records"_s).toArray();
    figures.posts = int(records.size());
    verdict.check(figures.posts == counters.value(u"submits"_s).toInt(-1),
                  u"the simulator counted %1 POSTs but recorded %2"_s.arg(counters.value(u"submits"_s).toInt(-1))
                      .arg(figures.posts));
    verdict.check(counters.value(u"keys_sent_to_files_host"_s).toInt(-1) == 0,
                  u"the API key was sent to the files host"_s);

    QHash<int, const Job *> byNumber;
    for (const Job &job : library.jobs)
        byNumber.insert(soakNumber(job), &job);

    // The POSTs of each job that counted: all but those refused with 429, after which sending again is right.
    QHash<int, QList<QJsonObject>> postsByNumber;
    for (const QJsonValue &value : records) {
        const QJsonObject record = value.toObject();
        const QString outcome = record.value(u"outcome"_s).toString();
        ++figures.outcomes[outcome];
        if (!record.value(u"request_id"_s).toString().isEmpty())
            ++figures.created;
        static const QRegularExpression tag(u"^job (\\d+)$"_s);
        const QRegularExpressionMatch match = tag.match(record.value(u"negative_prompt"_s).toString());
        const int number = match.hasMatch() ? match.captured(1).toInt() : 0;
        verdict.check(byNumber.contains(number),
                      u"the simulator received a POST from no job in the library ('%1')"_s.arg(
                          record.value(u"negative_prompt"_s).toString()));
        if (outcome == u"rate-limited"_s)
            ++figures.rateLimited;
        else
            postsByNumber[number] << record;
    }
    verdict.check(figures.created == counters.value(u"jobs_created"_s).toInt(-1),
                  u"the simulator created %1 jobs but recorded %2 with a request id"_s
                      .arg(counters.value(u"jobs_created"_s).toInt(-1))
                      .arg(figures.created));

    for (const Job *job : std::as_const(byNumber)) {
        const QList<QJsonObject> posts = postsByNumber.value(soakNumber(*job));
        verdict.check(posts.size() <= 1, u"%1 reached the simulator %2 times"_s.arg(describe(*job)).arg(posts.size()));
        if (posts.isEmpty()) {
            verdict.check(job->requestId.isEmpty(), describe(*job) + u" has a request id the simulator never gave"_s);
            continue;
        }
        ++figures.reached;
        const QJsonObject &post = posts.first();
        const QString outcome = post.value(u"outcome"_s).toString();
        const QString requestId = post.value(u"request_id"_s).toString();
        if (!job->requestId.isEmpty()) {
            verdict.check(requestId == job->requestId && outcome == u"created"_s,
                          u"%1 does not match the simulator's record of its POST (%2, '%3')"_s.arg(describe(*job),
                                                                                                   outcome, requestId));
        } else if (outcome != u"refused"_s) {
            // The POST left and its answer never came back (or came back as a gateway error): the job may exist and
            // be billed, which only "unknown" says. A job created this way is an orphan.
            verdict.check(
                job->state == JobState::Unknown,
                u"%1 reached the simulator (%2) without an answer, yet is not unknown"_s.arg(describe(*job), outcome));
            if (!requestId.isEmpty())
                ++figures.orphans;
        }
    }
    verdict.check(
        figures.posts - figures.rateLimited == figures.reached,
        u"the simulator saw %1 POSTs (%2 of them refused with 429), but %3 jobs reached it"_s.arg(figures.posts)
            .arg(figures.rateLimited)
            .arg(figures.reached));
    return figures;
}

ClipFigures checkClips(const LibrarySnapshot &library, const QString &clipsDirectory, SoakVerdict &verdict)
{
    ClipFigures figures;
    const QString clipsFolder = QFileInfo(clipsDirectory).canonicalFilePath();
    QSet<QString> shown;
    for (const Job &job : library.jobs) {
        if (job.state != JobState::Ready)
            continue;
        ++figures.clips;
        const QFileInfo file(job.clipPath);
        const QString what = describe(job) + u": clip "_s + job.clipPath;
        verdict.check(!job.clipPath.endsWith(u".part"_s), what + u" is a half-written file"_s);
        verdict.check(file.isFile() && !file.isSymLink(), what + u" is not a regular file"_s);
        verdict.check(file.canonicalPath() == clipsFolder, what + u" is outside the clips folder"_s);
        verdict.check(!shown.contains(file.canonicalFilePath()), what + u" is shown for two jobs"_s);
        shown.insert(file.canonicalFilePath());

        QFile bytes(job.clipPath);
        verdict.check(bytes.open(QIODevice::ReadOnly) && Mp4Info::startsLikeMp4(bytes.read(64)),
                      what + u" does not start with an ftyp box"_s);
        const Mp4Info info = Mp4Info::fromFile(job.clipPath);
        verdict.check(info.valid && info.complete && info.hasVideo && info.hasAudio,
                      what + u" is damaged: "_s + info.summary());
    }
    const QDir clips(clipsDirectory);
    const QStringList parts = clips.entryList({u"*.part"_s}, QDir::Files | QDir::Hidden);
    figures.leftoverParts = int(parts.size());
    verdict.check(parts.isEmpty(), u"half-written files left in the clips folder: "_s + parts.join(u' '));
    for (const QFileInfo &clip : clips.entryInfoList({u"*.mp4"_s}, QDir::Files)) {
        if (!shown.contains(clip.canonicalFilePath()))
            ++figures.unreferenced;
    }
    return figures;
}
