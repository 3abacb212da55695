#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <optional>

// The rules that keep spending predictable: before a submit, whether the user should be asked first, and why,
// in words that give the numbers. Pure functions; the window asks, the queue sends.
namespace SpendGuard {

// What the service keeps available before it starts a job: about the model's average cost, so a balance
// below it is refused even for a cheap clip (segmind-api.md, 406 "Insufficient credits").
constexpr qint64 kReservationCents = 90;

struct Limits
{
    std::optional<qint64> perSessionCents;    // none by default
    std::optional<qint64> perDayCents;        // none by default
    std::optional<qint64> confirmAboveCents = 500; // ask before any single submit above $5.00
};

struct Situation
{
    qint64 submitCents = 0;                  // the submit about to be made (all its takes)
    qint64 sessionCents = 0;                 // spent or committed this session before it
    qint64 todayCents = 0;                   // spent or committed today before it
    std::optional<qint64> balanceCents;      // credits + free credits, when known
};

struct Verdict
{
    QStringList reasons; // one sentence each, with the numbers; empty: go ahead without asking

    bool needsConfirmation() const { return !reasons.isEmpty(); }
    QString question() const; // the reasons and "Send it anyway?"
};

Verdict check(const Limits &limits, const Situation &situation);

// "Your balance is $0.50, and the service needs $0.90 available to start a job …" — for a warning before
// a submit and for a 406 after one.
QString insufficientCreditsText(std::optional<qint64> balanceCents, std::optional<qint64> requiredCents);

} // namespace SpendGuard
