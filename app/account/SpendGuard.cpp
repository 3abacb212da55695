#include "account/SpendGuard.h"

#include "api/Pricing.h"

using namespace Qt::StringLiterals;

namespace SpendGuard {

QString Verdict::question() const
{
    return reasons.join(u"\n\n"_s) + u"\n\nSend it anyway?"_s;
}

QString insufficientCreditsText(std::optional<qint64> balanceCents, std::optional<qint64> requiredCents)
{
    const qint64 required = requiredCents.value_or(kReservationCents);
    QString text = balanceCents ? u"Your balance is %1, and the service needs %2 available to start a job."_s.arg(
                                      Pricing::formatCents(*balanceCents), Pricing::formatCents(required))
                                : u"The service needs %1 available to start a job."_s.arg(Pricing::formatCents(required));
    return text + u" It holds back about the model's average cost before it runs anything, so even a cheap clip is "
                  u"refused below that. A refused job is not charged. Top up your Segmind balance to go on."_s;
}

Verdict check(const Limits &limits, const Situation &s)
{
    Verdict verdict;
    const QString cost = Pricing::formatCents(s.submitCents);
    if (s.balanceCents) {
        if (*s.balanceCents < s.submitCents) {
            verdict.reasons << u"This costs %1 but your balance is %2: the service will refuse what the balance "
                               u"does not cover (refused jobs are not charged)."_s.arg(
                                   cost, Pricing::formatCents(*s.balanceCents));
        } else if (*s.balanceCents < kReservationCents) {
            verdict.reasons << insufficientCreditsText(s.balanceCents, kReservationCents);
        }
    }
    if (limits.perSessionCents && s.sessionCents + s.submitCents > *limits.perSessionCents) {
        verdict.reasons << u"This would take this session's spending to %1, past your session limit of %2 by %3."_s.arg(
            Pricing::formatCents(s.sessionCents + s.submitCents), Pricing::formatCents(*limits.perSessionCents),
            Pricing::formatCents(s.sessionCents + s.submitCents - *limits.perSessionCents));
    }
    if (limits.perDayCents && s.todayCents + s.submitCents > *limits.perDayCents) {
        verdict.reasons << u"This would take today's spending to %1, past your daily limit of %2 by %3."_s.arg(
            Pricing::formatCents(s.todayCents + s.submitCents), Pricing::formatCents(*limits.perDayCents),
            Pricing::formatCents(s.todayCents + s.submitCents - *limits.perDayCents));
    }
    if (limits.confirmAboveCents && s.submitCents > *limits.confirmAboveCents) {
        verdict.reasons << u"This submit costs %1, more than the %2 above which you asked to confirm."_s.arg(
            cost, Pricing::formatCents(*limits.confirmAboveCents));
    }
    return verdict;
}

} // namespace SpendGuard
