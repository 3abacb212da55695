#pragma once

#include <QString>
#include <QtGlobal>

// How long a prompt is against what the service reads: 5,000 characters, or 2,500 when it is in Chinese. Both the
// live counter and GenerationRequest::validate() use it, so that they always agree.
struct PromptLength final
{
    qsizetype characters = 0; // after trimming, as sent
    int limit = 0;
    bool chinese = false;

    bool isOver() const { return characters > limit; }
    // "1,234 / 5,000", or "1,234 / 2,500 (Chinese)".
    QString text() const;
};

PromptLength measurePrompt(const QString &prompt);

// "5,000": messages quote the contract's numbers the same way whatever the locale.
QString groupThousands(qint64 value);
