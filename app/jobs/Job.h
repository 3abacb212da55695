#pragma once

#include "api/ApiError.h"
#include "api/ApiResponses.h"
#include "api/GenerationRequest.h"

#include <QDateTime>
#include <QString>
#include <QUrl>

// Where a job is in its life. Each change is a signal and a write to the job store.
enum class JobState {
    Queued,      // waiting on this computer for a free submit slot
    Submitting,  // the POST is being prepared or sent: once sent, it may be billed
    Submitted,   // the service has it (QUEUED or PROCESSING there); Paddock polls
    Downloading, // completed and billed; the clip is coming down
    Ready,       // the clip is on disk
    Failed,      // the service (or the download) failed; see error
    Expired,     // the service no longer knows the request (older than an hour) or deleted the output
    Unknown,     // the POST's answer was lost: the job may exist and be billed; never resubmitted by itself
    Stopped,     // the user stopped waiting; the job still runs on the service and is billed
};

QString jobStateName(JobState state);          // "submitted" — stable, for storage
JobState jobStateFromName(const QString &name, bool *ok = nullptr);
QString jobStateText(JobState state);          // "Waiting for the service" — for people
bool isFinalState(JobState state);             // nothing more will happen without the user

// Everything known about one generation, from the form to the clip on disk.
struct Job
{
    qint64 id = 0;                    // local id; assigned by the store (0 = not stored yet)
    GenerationRequest request;
    // Where it was sent: "demo" for the built-in simulator, else the API's base URL. A job can only be
    // followed up with the service that has it.
    QString service;
    JobState state = JobState::Queued;
    QString remoteStatus;             // the service's last status text (QUEUED, PROCESSING, …)
    QString requestId;
    QUrl statusUrl;
    QUrl responseUrl;
    QUrl pollUrl;
    QUrl outputUrl;
    QDateTime createdAt;              // all times are UTC
    QDateTime submittedAt;            // when the POST was sent
    QDateTime acceptedAt;             // when the request_id arrived
    QDateTime completedAt;            // when COMPLETED was seen
    QDateTime finishedAt;             // when the job reached a final state
    QString error;                    // for a person
    ApiError::Kind errorKind = ApiError::Kind::None;
    bool downloadFailed = false;      // Failed while downloading: the output may still be fetched again
    qint64 estimatedCents = 0;
    qint64 chargedCents = -1;         // -1: not reported by the service
    JobMetrics metrics;
    QString clipPath;
    qint64 bytesReceived = 0;
    qint64 bytesTotal = 0;
    int statusCalls = 0;
    int downloadAttempts = 0;
    QString note;                     // the current transient situation ("Retrying in 8 s …")

    bool isRunning() const { return !isFinalState(state); }
};
