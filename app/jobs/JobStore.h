#pragma once

#include "jobs/Job.h"

#include <QList>
#include <QString>

// Where jobs are written, so that nothing that costs money lives only in memory. The queue saves a job
// before its POST is sent and after every change; a save that fails stops the job from being sent.
class JobStore
{
public:
    virtual ~JobStore() = default;

    // Inserts (job.id == 0: assigns the id) or updates the job. False with a message on failure.
    virtual bool saveJob(Job &job, QString *error) = 0;
};

// Keeps jobs in memory only: for tests and for a session that has no library.
class MemoryJobStore final : public JobStore
{
public:
    bool saveJob(Job &job, QString *error) override;
    QList<Job> jobs() const { return m_jobs; }
    int saves() const { return m_saves; }
    void failNextSaves(bool fail) { m_fail = fail; }

private:
    QList<Job> m_jobs;
    qint64 m_nextId = 1;
    int m_saves = 0;
    bool m_fail = false;
};
