#include "jobs/JobStore.h"

using namespace Qt::StringLiterals;

bool MemoryJobStore::saveJob(Job &job, QString *error)
{
    if (m_fail) {
        *error = u"The store refused the write."_s;
        return false;
    }
    ++m_saves;
    if (job.id == 0) {
        job.id = m_nextId++;
        m_jobs.append(job);
        return true;
    }
    for (Job &stored : m_jobs) {
        if (stored.id == job.id) {
            stored = job;
            return true;
        }
    }
    m_jobs.append(job);
    return true;
}
