#pragma once

#include "sim/SimValidator.h"

#include <QString>
#include <QtGlobal>

// One submitted job inside the simulator: its request, its fate (drawn at submit, deterministic under
// the simulator's seed) and its life so far. Times are milliseconds on the simulator's clock.
struct SimJob
{
    enum class Fate { Complete, Fail, NeverComplete };
    enum class Status { Queued, Processing, Completed, Failed };

    QString id;
    QString apiKey;
    SimJobRequest request;
    qint64 seed = 0;          // the seed used: the request's, or one drawn for it
    Fate fate = Fate::Complete;
    double runTimeFactor = 1.0; // multiplies the queue and processing times (SimSettings' run-time spread)
    QString failureMessage;

    Status status = Status::Queued;
    qint64 submittedAtMs = 0;
    qint64 processingAtMs = -1;
    qint64 finishedAtMs = -1;
    bool timeUp = false;      // queue and processing time have passed
    bool renderDone = false;
    QString renderError;
    QString clipPath;
    qint64 chargedCents = 0;
    qint64 remainingCreditsCents = 0;

    static QString statusName(Status status);
    QString statusName() const { return statusName(status); }
    bool isTerminal() const { return status == Status::Completed || status == Status::Failed; }

    // Seconds, for the metrics object of the contract.
    double queueSeconds(qint64 nowMs) const;
    double inferenceSeconds(qint64 nowMs) const;
    double totalSeconds(qint64 nowMs) const;
};
