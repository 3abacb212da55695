#pragma once

#include <QList>
#include <QString>

// Alternatives written inline in a prompt, for a sweep: "a {red|blue} fox" stands for "a red fox" and "a blue fox".
//
// Syntax, kept small on purpose:
//   {a|b|c}   one of a, b or c; several groups multiply, the first group varying slowest
//             ("{a|b} {c|d}" gives "a c", "a d", "b c", "b d")
//   {{ and }} a literal "{" or "}" (outside a group)
//   |         is literal outside a group; inside a group it separates alternatives
// Groups cannot be nested, an alternative cannot be empty or only spaces, and an alternative cannot itself hold a
// brace or a "|". The prompt box uses no braces for anything else ("[Image 1]" is square brackets), so the
// syntax changes nothing in a prompt that has none.

// One prompt a sweep sends, with the alternatives it chose.
struct PromptExpansion final
{
    QString prompt;
    QString label; // the chosen alternatives, trimmed and joined with " · " ("red", "blue · small"); empty: no group

    friend bool operator==(const PromptExpansion &, const PromptExpansion &) = default;
};

struct PromptVariantsResult final
{
    QList<PromptExpansion> expansions; // empty on error
    QString error;                     // plain words with where and what to do next; empty when it worked
    int position = -1;                 // where the problem is: an index into the prompt (0 = first character)

    bool ok() const { return error.isEmpty(); }
};

namespace PromptVariants {

// As many clips as one sweep may send (SweepPlan::kMaxJobs).
constexpr int kMaxExpansions = 24;

// True when the prompt has a brace that is not part of "{{" or "}}": it uses (or tries to use) alternatives.
bool hasAlternatives(const QString &prompt);

// Every prompt the alternatives stand for, in order. A prompt without groups gives itself, with "{{" and "}}"
// read as single braces. More than maxExpansions prompts is an error.
PromptVariantsResult expand(const QString &prompt, int maxExpansions = kMaxExpansions);

// The syntax in a few lines, for the dialogs that accept it.
QString syntaxHelp();

} // namespace PromptVariants
